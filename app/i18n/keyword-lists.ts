/**
 * The built-in SMS/WhatsApp keywords per intent and locale: the data behind `./keywords.ts`.
 * CMS `keyword` documents add to these; they can never remove a built-in word, and a built-in
 * opt-out word always opts out.
 *
 * Words are compared after `normalizeKeyword`, so case, surrounding punctuation, Arabic letter
 * variants (ي/ی, ك/ک, أ/ا, ة/ه), diacritics, apostrophe look-alikes (TO'XTAT = TOʻXTAT = TOXTAT)
 * and dashes inside words (OPT-OUT = OPTOUT) need not be listed twice. Cyrillic and Latin words
 * are written in capitals, as they are published.
 *
 * "any" words are understood whatever the locale: the opt-out words carriers and Twilio honour
 * (https://help.twilio.com/articles/223134027), plus HOTLINE and SOS. A word listed for several
 * locales (بند: Pashto and Urdu) is understood everywhere too; only its locale is then unknown.
 *
 * Imported by the Sanity Studio by relative path: type-only imports, nothing else.
 */
import type { Locale } from "./locales";

export const KEYWORD_INTENTS = ["stop", "join", "help", "delete", "moved"] as const;
export type KeywordIntent = (typeof KEYWORD_INTENTS)[number];

export type KeywordList = Readonly<Partial<Record<Locale | "any", readonly string[]>>>;

/**
 * The words as written, reviewed per language. Natural imperatives and nouns people type, the
 * polite forms, the phrases of SOV languages ("don't send"), and the Latin transliterations
 * typed on phones without the script (OTPISKA, TOKTOT, BAND).
 */
export const LISTED_KEYWORDS: Readonly<Record<KeywordIntent, KeywordList>> = {
  stop: {
    any: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"],
    ru: ["СТОП", "ОТПИСКА", "ОТПИСАТЬСЯ", "ОТПИСАТЬ", "ОТПИШИТЕ", "ОТМЕНА", "ХВАТИТ", "НЕ ПИШИТЕ", "OTPISKA", "OTMENA", "OTPISATSYA"],
    ky: ["ТОКТОТ", "ТОКТО", "ТОКТОТУУ", "ТОКТОТУҢУЗ", "TOKTOT"],
    kk: ["ТОҚТАТ", "ТОҚТА", "ТОҚТАТУ", "ТОҚТАТЫҢЫЗ", "БАС ТАРТУ", "TOQTAT", "TOKTAT"],
    uz: ["TO'XTAT", "TO'XTATING", "TO'XTATISH", "BEKOR", "BAS", "TUXTAT", "ТЎХТАТ", "ТЎХТАТИНГ", "БЕКОР"],
    tg: ["ИСТ", "ИСТЕД", "БАС", "ҚАТЪ", "БЕКОР"],
    "fa-AF": ["توقف", "لغو", "بس", "قطع", "ایست", "متوقف", "نفرستید", "نفرست", "استاپ"],
    ps: ["بند", "ودروه", "ودرول", "ودرېږه", "بس", "لغوه", "مه لېږئ", "سټاپ"],
    ur: ["بند", "روکیں", "روکو", "رکو", "ختم", "مت بھیجیں", "مت بھیجو", "اسٹاپ", "سٹاپ", "BAND", "ROKO"],
    ar: ["إلغاء", "توقف", "إيقاف", "أوقف", "كفى", "بس", "لا ترسل", "ستوب"],
    ckb: ["ڕاوەستە", "وەستان", "وەستاندن", "وەستانی", "ڕاگرتن", "بوەستە", "بەسە", "هەڵوەشاندنەوە"],
  },
  join: {
    any: ["JOIN", "START", "SUBSCRIBE", "YES", "UNSTOP"],
    ru: ["СТАРТ", "ПОДПИСАТЬСЯ", "ПОДПИСКА", "НАЧАТЬ"],
    ky: ["БАШТОО", "БАШТА", "ЖАЗЫЛУУ", "КОШУЛУУ"],
    kk: ["БАСТАУ", "ЖАЗЫЛУ"],
    uz: ["BOSHLASH", "BOSHLA", "OBUNA", "БОШЛАШ"],
    tg: ["ОҒОЗ", "ОБУНА"],
    "fa-AF": ["شروع", "آغاز", "عضویت", "اشتراک"],
    ps: ["پیل", "ګډون", "غړیتوب"],
    ur: ["شروع", "شامل"],
    ar: ["اشتراك", "اشترك", "ابدأ"],
    ckb: ["دەستپێک", "دەستپێکردن", "بەشداری", "بەشداربوون"],
  },
  help: {
    any: ["HELP", "INFO", "HOTLINE", "SOS"],
    ru: ["ПОМОЩЬ", "ПОМОГИТЕ", "ИНФО", "POMOSH", "POMOGITE"],
    ky: ["ЖАРДАМ", "МААЛЫМАТ", "JARDAM"],
    kk: ["КӨМЕК", "АҚПАРАТ", "KOMEK"],
    uz: ["YORDAM", "MA'LUMOT", "ЁРДАМ"],
    tg: ["КӮМАК", "ЁРДАМ", "ЁРӢ", "МАЪЛУМОТ"],
    "fa-AF": ["کمک", "معلومات", "راهنمایی"],
    ps: ["مرسته", "مالومات", "معلومات"],
    ur: ["مدد", "معلومات", "ہیلپ", "MADAD"],
    ar: ["مساعدة", "معلومات", "النجدة", "ساعدني"],
    ckb: ["یارمەتی", "زانیاری"],
  },
  // "I have moved": asks "Where are you now?" again. Past tenses and "new place", as people say it.
  moved: {
    any: ["MOVED", "I MOVED", "I HAVE MOVED", "I'VE MOVED", "NEW COUNTRY"],
    ru: ["ПЕРЕЕХАЛ", "ПЕРЕЕХАЛА", "Я ПЕРЕЕХАЛ", "Я ПЕРЕЕХАЛА", "ПЕРЕЕЗД", "PEREEHAL"],
    ky: ["КӨЧТҮМ", "МЕН КӨЧТҮМ", "КӨЧҮП КЕТТИМ", "KOCHTUM"],
    kk: ["КӨШТІМ", "МЕН КӨШТІМ", "КӨШІП КЕТТІМ", "KOSHTIM"],
    uz: ["KO'CHDIM", "MEN KO'CHDIM", "KO'CHIB KETDIM", "КЎЧДИМ"],
    tg: ["КӮЧИДАМ", "МАН КӮЧИДАМ", "ҶОИ НАВ"],
    "fa-AF": ["کوچ کردم", "جابجا شدم", "نقل مکان"],
    ps: ["کډه شوم", "کډه مې وکړه", "ځای مې بدل کړ"],
    ur: ["منتقل", "منتقل ہو گیا", "منتقل ہو گئی", "جگہ بدل گئی"],
    ar: ["انتقلت", "انتقال", "مكان جديد"],
    ckb: ["گواستمەوە", "گواستنەوە", "شوێنی نوێ"],
  },
  delete: {
    any: ["DELETE", "ERASE", "FORGET"],
    ru: ["УДАЛИТЬ", "УДАЛИТЕ", "УДАЛИ", "СТЕРЕТЬ", "UDALIT"],
    ky: ["ӨЧҮР", "ӨЧҮРҮҮ", "ӨЧҮРҮҢҮЗ"],
    kk: ["ӨШІР", "ӨШІРУ", "ЖОЮ"],
    uz: ["O'CHIR", "O'CHIRISH", "O'CHIRING", "ЎЧИР", "ЎЧИРИШ"],
    tg: ["НЕСТ КУНЕД", "НЕСТ КУН", "ҲАЗФ", "ҲАЗФ КУНЕД"],
    "fa-AF": ["حذف", "پاک کن", "پاک کنید", "پاک کردن"],
    ps: ["حذف", "ړنګول", "پاک کړه"],
    ur: ["حذف", "مٹائیں", "مٹا دیں", "ڈیلیٹ"],
    ar: ["حذف", "احذف", "امسح", "مسح"],
    ckb: ["سڕینەوە", "بیسڕەوە", "بسڕەوە"],
  },
};

/**
 * Stop words with an everyday second meaning (END, QUIT "my job", ХВАТИТ "денег не хватит",
 * Arabic/Persian بس "only, bus", Kazakh БАС "head", Persian قطع "cut off", Urdu ختم "finished"):
 * they opt out as the whole message or its first word, never from inside a sentence.
 */
export const STOP_WORDS_ONLY_ALONE: KeywordList = {
  any: ["END", "QUIT"],
  ru: ["ХВАТИТ"],
  uz: ["BAS"],
  tg: ["БАС"],
  "fa-AF": ["بس", "قطع", "متوقف"],
  ps: ["بس"],
  ur: ["ختم"],
  ar: ["بس", "كفى"],
  ckb: ["بەسە"],
};

/**
 * Letters a phone without the language's keyboard cannot type, and what people type instead:
 * Kazakh, Kyrgyz, Tajik and Cyrillic Uzbek on a Russian keyboard; Pashto and Urdu on a Persian
 * or Arabic one; Sorani on a Persian or Arabic one (ڕ→ر, ڵ→ل, ۆ→و, ێ→ی, and the vowel ە written
 * ه as in the older orthography). Ё, ي/ی, ك/ک, ہ/ھ/ه are already merged by `normalizeKeyword`.
 */
const KEYBOARD_SUBSTITUTES: Readonly<Partial<Record<Locale, Readonly<Record<string, string>>>>> = {
  kk: { Ә: "А", Ғ: "Г", Қ: "К", Ң: "Н", Ө: "О", Ұ: "У", Ү: "У", Һ: "Х", І: "И" },
  ky: { Ң: "Н", Ө: "О", Ү: "У" },
  tg: { Ғ: "Г", Ӣ: "И", Қ: "К", Ӯ: "У", Ҳ: "Х", Ҷ: "Ч" },
  uz: { Ў: "У", Қ: "К", Ғ: "Г", Ҳ: "Х" },
  ps: { ټ: "ت", ډ: "د", ړ: "ر", ږ: "ژ", ښ: "ش", ګ: "گ", ڼ: "ن", ې: "ی", ۍ: "ی" },
  ur: { ٹ: "ت", ڈ: "د", ڑ: "ر", ں: "ن", ے: "ی" },
  ckb: { ڕ: "ر", ڵ: "ل", ۆ: "و", ێ: "ی", ە: "ه" },
};

/**
 * The word and its keyboard variants: every combination of substituting (or keeping) each
 * special letter it contains, since people mix keyboards and habits (a Kurdish keyboard but the
 * old ه for ە). A word has at most a handful of special letters, so this stays small.
 */
export function keyboardVariants(word: string, locale: Locale | "any"): string[] {
  const substitutes = locale === "any" ? undefined : KEYBOARD_SUBSTITUTES[locale];
  if (!substitutes) return [word];
  const special = [...new Set([...word].filter((letter) => letter in substitutes))];
  let variants = [word];
  for (const letter of special) {
    const plain = substitutes[letter]!;
    variants = variants.flatMap((variant) => [variant, variant.split(letter).join(plain)]);
  }
  return [...new Set(variants)];
}

function withKeyboardVariants(list: KeywordList): KeywordList {
  return Object.fromEntries(
    Object.entries(list).map(([locale, words]) => [
      locale,
      [...new Set((words ?? []).flatMap((word) => keyboardVariants(word, locale as Locale | "any")))],
    ]),
  );
}

/**
 * Every built-in word the app matches: the listed words and their keyboard variants. The Studio
 * checks CMS keywords against this, so its warnings agree with what the app does.
 */
export const BUILT_IN_KEYWORDS: Readonly<Record<KeywordIntent, KeywordList>> = {
  stop: withKeyboardVariants(LISTED_KEYWORDS.stop),
  join: withKeyboardVariants(LISTED_KEYWORDS.join),
  help: withKeyboardVariants(LISTED_KEYWORDS.help),
  delete: withKeyboardVariants(LISTED_KEYWORDS.delete),
  moved: withKeyboardVariants(LISTED_KEYWORDS.moved),
};

/** {@link STOP_WORDS_ONLY_ALONE} with keyboard variants, as matched. */
export const BUILT_IN_STOP_WORDS_ONLY_ALONE: KeywordList = withKeyboardVariants(STOP_WORDS_ONLY_ALONE);
