import { RightToLeftInput } from "../../inputs/RightToLeftInput";
import type { StudioLocale } from "../locales";

/** Field `components` for one locale of a localized object: right-to-left input for RTL scripts. */
export function localeFieldComponents(locale: StudioLocale) {
  return locale.direction === "rtl" ? { input: RightToLeftInput } : undefined;
}
