/**
 * Referral codes: 8 symbols of a 32-symbol alphabet without look-alikes (no 0/O, no 1/I), drawn
 * from the operating system's random source, 5 bits a symbol, so 40 random bits: one code says
 * nothing about any other, and guessing a live one among thousands takes hundreds of millions of
 * tries (and /r/ with a wrong code only leads to the campaign page, counting nothing).
 */
import { randomBytes } from "node:crypto";

export const REFERRAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const REFERRAL_CODE_LENGTH = 8;
const CODE_PATTERN = new RegExp(`^[${REFERRAL_ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`);

export function generateReferralCode(): string {
  // 32 symbols: the low 5 bits of a random byte are uniform, so no symbol is favoured.
  return [...randomBytes(REFERRAL_CODE_LENGTH)].map((byte) => REFERRAL_ALPHABET[byte & 31]).join("");
}

/** The code from a URL (case-insensitive, as people retype a poster's link), or null. */
export function parseReferralCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}
