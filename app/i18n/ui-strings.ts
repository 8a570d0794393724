/**
 * Interface strings (not CMS content) for every locale. Placeholders are `{name}`.
 */
import type { Locale } from "./locales";
import { en } from "./strings/en";
import { ru } from "./strings/ru";
import { ky } from "./strings/ky";
import { kk } from "./strings/kk";
import { uz } from "./strings/uz";
import { tg } from "./strings/tg";
import { faAF } from "./strings/fa-AF";
import { ps } from "./strings/ps";
import { ur } from "./strings/ur";
import { ar } from "./strings/ar";
import { ckb } from "./strings/ckb";

export type UiStringKey = keyof typeof en;
export type UiStrings = { readonly [K in UiStringKey]: string };

const STRINGS: Record<Locale, UiStrings> = { en, ru, ky, kk, uz, tg, "fa-AF": faAF, ps, ur, ar, ckb };

/** The strings for a locale, with `{name}` placeholders filled by `format`. */
export function uiStrings(locale: Locale): UiStrings {
  return STRINGS[locale];
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
