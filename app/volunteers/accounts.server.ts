/**
 * Volunteer accounts: sign-up (an unconfirmed row until the first code is confirmed), lookup by
 * number for sign-in, the profile shown to its owner (number masked), the leaderboard opt-in, and
 * deletion, which removes every personal field with the row: the counts their links earned and
 * their session reports stay, without anyone's id.
 */
import { sql } from "drizzle-orm";
import { decryptPhone, encryptPhone, phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import { canReceiveReplies, displayPhoneNumber, normalizePhoneNumber, type IsoCountry } from "~/audience/phone-number";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import type { Locale } from "~/i18n/locales";
import { generateReferralCode } from "./referral-code";
import { isMinor, maskPhoneNumber, type AgeGroup, type SignUpForm } from "./volunteer-profile";

export type PhoneCheck = { ok: true; e164: string; index: string } | { ok: false };

/** A number that can receive an SMS code, or not. */
export function checkVolunteerPhone(keyring: PhoneKeyring, input: string, defaultCountry?: IsoCountry): PhoneCheck {
  const result = normalizePhoneNumber(input, defaultCountry ? { defaultCountry } : {});
  if (!result.ok || !canReceiveReplies(result, "sms")) return { ok: false };
  return { ok: true, e164: result.e164, index: phoneBlindIndex(keyring, result.e164) };
}

export type SignUpResult = { volunteerId: number; alreadyConfirmed: boolean };

/**
 * Creates the account, or for a number that started signing up and never confirmed, replaces
 * what it said. A confirmed account is left as it is (the code that follows signs its owner in;
 * nobody can change another's profile by signing up with their number).
 */
export async function signUpVolunteer(
  db: Database,
  keyring: PhoneKeyring,
  input: { form: SignUpForm; phone: { e164: string; index: string }; locale: Locale; now?: Date },
): Promise<SignUpResult> {
  const { form, phone, locale } = input;
  const now = sqlNow(input.now);
  const consentAt = isMinor(form.ageGroup) ? now : sql`null`;
  for (let attempt = 0; ; attempt++) {
    try {
      const { rows } = await runSql<{ id: number; confirmed: boolean }>(
        db,
        sql`
        insert into volunteers (referral_code, nickname, country, region_code, school, age_group, guardian_consent_at,
                                phone_ciphertext, phone_index, locale, created_at, updated_at)
        values (${generateReferralCode()}, ${form.nickname}, ${form.country}, ${form.region}, ${form.school}, ${form.ageGroup},
                ${consentAt}, ${encryptPhone(keyring, phone.e164)}, ${phone.index}, ${locale}, ${now}, ${now})
        on conflict (phone_index) do update set
          nickname = excluded.nickname, country = excluded.country, region_code = excluded.region_code, school = excluded.school,
          age_group = excluded.age_group, guardian_consent_at = excluded.guardian_consent_at, locale = excluded.locale,
          updated_at = excluded.updated_at
          where volunteers.confirmed_at is null
        returning id::int as id, confirmed_at is not null as confirmed`,
      );
      if (rows[0]) return { volunteerId: Number(rows[0].id), alreadyConfirmed: false };
      const existing = await volunteerIdByPhoneIndex(db, phone.index);
      return { volunteerId: existing!, alreadyConfirmed: true };
    } catch (error) {
      // 40 random bits: a clash of referral codes is rare; draw again.
      if (attempt < 3 && /volunteers_referral_code_uq/.test(String((error as { message?: unknown }).message ?? ""))) continue;
      throw error;
    }
  }
}

/** The account of a number (confirmed or not), when it may sign in: not disabled. */
export async function volunteerIdByPhoneIndex(db: Database, phoneIndex: string): Promise<number | null> {
  const { rows } = await runSql<{ id: number }>(
    db,
    sql`select id::int as id from volunteers where phone_index = ${phoneIndex} and disabled_at is null`,
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/**
 * Marks the account confirmed (its first code) and takes the language of the page signed in
 * from: the volunteer's links lead their friends to the campaign in that language.
 */
export async function confirmVolunteer(db: Database, volunteerId: number, locale: Locale, now?: Date): Promise<void> {
  await runSql(
    db,
    sql`update volunteers set confirmed_at = coalesce(confirmed_at, ${sqlNow(now)}), locale = ${locale} where id = ${volunteerId}`,
  );
}

/** What the owner sees of their account. */
export interface VolunteerProfile {
  id: number;
  nickname: string;
  referralCode: string;
  country: string;
  region: string;
  school: string | null;
  ageGroup: AgeGroup;
  locale: string;
  leaderboardOptIn: boolean;
  maskedPhone: string;
}

export async function volunteerProfile(db: Database, keyring: PhoneKeyring, volunteerId: number): Promise<VolunteerProfile | null> {
  const { rows } = await runSql<{
    id: number;
    nickname: string;
    referral_code: string;
    country: string;
    region_code: string;
    school: string | null;
    age_group: AgeGroup;
    locale: string;
    leaderboard_opt_in: boolean;
    phone_ciphertext: string;
  }>(
    db,
    sql`
    select id::int as id, nickname, referral_code, country, region_code, school, age_group, locale, leaderboard_opt_in, phone_ciphertext
    from volunteers where id = ${volunteerId}`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: Number(row.id),
    nickname: row.nickname,
    referralCode: row.referral_code,
    country: row.country,
    region: row.region_code,
    school: row.school,
    ageGroup: row.age_group,
    locale: row.locale,
    leaderboardOptIn: row.leaderboard_opt_in,
    maskedPhone: maskPhoneNumber(displayPhoneNumber(decryptPhone(keyring, row.phone_ciphertext))),
  };
}

/** The number to send a code to (decrypted only for that). */
export async function volunteerPhone(db: Database, keyring: PhoneKeyring, volunteerId: number): Promise<string | null> {
  const { rows } = await runSql<{ phone_ciphertext: string }>(db, sql`select phone_ciphertext from volunteers where id = ${volunteerId}`);
  return rows[0] ? decryptPhone(keyring, rows[0].phone_ciphertext) : null;
}

export async function setLeaderboardOptIn(db: Database, volunteerId: number, optIn: boolean, now?: Date): Promise<void> {
  await runSql(db, sql`update volunteers set leaderboard_opt_in = ${optIn}, updated_at = ${sqlNow(now)} where id = ${volunteerId}`);
}

/**
 * Deletes the account: the row with every personal field, its sessions and codes (cascade).
 * Attributions and session reports keep their counts, region and campaign, with no volunteer.
 */
export async function deleteVolunteer(db: Database, volunteerId: number): Promise<void> {
  await runSql(db, sql`delete from volunteers where id = ${volunteerId}`);
}
