/**
 * What a volunteer tells us, and nothing more: a nickname (shown on the leaderboard if they opt
 * in), where they work (country and region of the content), optionally a school or university,
 * an age group (never a birth date) and a phone number for sign-in codes. Zod at the form
 * boundary; the region is checked against the content's regions by the caller.
 */
import { z } from "zod";
import { COUNTRIES } from "~/i18n/locales";

/** Age groups, youngest first. Under 13 cannot sign up (no group for it). */
export const AGE_GROUPS = ["13-15", "16-17", "18-24", "25-plus"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export function isMinor(group: AgeGroup): boolean {
  return group === "13-15" || group === "16-17";
}

/** Letters of any script, marks, digits, spaces and . _ - : no links, no e-mail, no number. */
const NICKNAME = /^[\p{L}\p{M}\p{Nd}][\p{L}\p{M}\p{Nd} ._-]{1,29}$/u;

const trimmed = (max: number) => z.string().trim().max(max);

export const SignUpFormSchema = z
  .object({
    nickname: trimmed(30)
      .regex(NICKNAME, "nickname")
      // A nickname is public on the leaderboard: a phone number hidden in it is refused.
      .refine((value) => (value.match(/\p{Nd}/gu) ?? []).length < 5, "nickname"),
    country: z.enum(COUNTRIES, { error: "country" }),
    region: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, "region"),
    school: trimmed(80)
      .optional()
      .transform((value) => (value ? value : null)),
    phone: trimmed(40).min(5, "phone"),
    ageGroup: z.enum(AGE_GROUPS, { error: "ageGroup" }),
    guardianConsent: z.literal("yes").optional(),
  })
  .superRefine((form, ctx) => {
    if (isMinor(form.ageGroup) && form.guardianConsent !== "yes") {
      ctx.addIssue({ code: "custom", path: ["guardianConsent"], message: "guardianConsent" });
    }
  });
export type SignUpForm = z.output<typeof SignUpFormSchema>;

export const SignInFormSchema = z.object({ phone: trimmed(40).min(5, "phone") });

export const VerifyFormSchema = z.object({
  challenge: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/),
  // People type codes with spaces, or in their own digits: normalized by the caller first.
  code: z.string().trim().max(20),
});

export const SessionReportFormSchema = z.object({
  campaign: z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/),
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  attendees: z.coerce.number().int().min(1).max(2_000),
});

/** Arabic-Indic, Persian and full-width digits as ASCII, spaces and dashes dropped (a typed code). */
export function normalizeCodeInput(input: string): string {
  return input
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/[\s-]/g, "");
}

/** A number shown to its owner, already formatted (`+996 555 123 456`): calling code and last two digits (`+996 ••• ••• •56`). */
export function maskPhoneNumber(formatted: string): string {
  const space = formatted.indexOf(" ");
  const head = space > 0 ? formatted.slice(0, space) : "";
  const rest = space > 0 ? formatted.slice(space) : formatted;
  const total = (rest.match(/\d/g) ?? []).length;
  let seen = 0;
  return head + rest.replace(/\d/g, (digit) => (++seen > total - 2 ? digit : "•"));
}
