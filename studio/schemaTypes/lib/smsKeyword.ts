/**
 * The word people text to subscribe (e.g. SAFE). One word of letters or digits in any script,
 * because keywords are also published in Cyrillic and Arabic script; matching is case-insensitive
 * on the messaging side.
 */
export const SMS_KEYWORD_PATTERN = /^[\p{L}\p{N}]{2,20}$/u;

export const SMS_KEYWORD_MESSAGE = "Use one word of 2 to 20 letters or digits, without spaces, e.g. SAFE";
