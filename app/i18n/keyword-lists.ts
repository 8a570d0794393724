/**
 * Built-in keywords per intent and locale. CMS `keyword` documents add to these; they can never
 * remove a built-in opt-out word. Words are compared after `normalizeKeyword`, so case, Arabic
 * letter variants, diacritics and Uzbek apostrophe look-alikes need not be listed twice.
 * An entry without a locale is understood in every locale.
 */
import type { Locale } from "./locales";

export const KEYWORD_INTENTS = ["stop", "join", "help", "delete"] as const;
export type KeywordIntent = (typeof KEYWORD_INTENTS)[number];

export type KeywordList = Readonly<Partial<Record<Locale | "any", readonly string[]>>>;

export const BUILT_IN_KEYWORDS: Readonly<Record<KeywordIntent, KeywordList>> = {
  stop: {
    // The standard opt-out words carriers and Twilio honour (CTIA), understood whatever the locale.
    any: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT-OUT", "OPT OUT"],
    ru: ["СТОП", "ОТПИСКА", "ОТПИСАТЬСЯ", "ОТПИСАТЬ", "ХВАТИТ", "ОТМЕНА", "OTPISKA", "OTMENA"],
    ky: ["ТОКТОТ", "ТОКТО", "ТОКТОТУУ", "TOKTOT"],
    kk: ["ТОҚТАТ", "ТОҚТА", "ТОКТАТ", "ТОҚТАТУ", "TOQTAT"],
    uz: ["TOʻXTAT", "TOXTAT", "TOʻXTATISH", "BEKOR", "ТЎХТАТ", "БЕКОР"],
    tg: ["ИСТ", "БАС", "ҚАТЪ", "IST"],
    "fa-AF": ["توقف", "لغو", "بس", "قطع"],
    ps: ["بند", "ودرول", "ودروه", "بس"],
    ur: ["بند", "روکیں", "رکو", "ختم"],
    ar: ["إلغاء", "توقف", "ايقاف", "أوقف", "الغاء الاشتراك"],
    ckb: ["وەستان", "وەستانی", "ڕاوەستە", "ڕاگرتن", "بوەستە"],
  },
  join: {
    any: ["JOIN", "START", "SUBSCRIBE", "UNSTOP", "YES"],
    ru: ["СТАРТ", "ПОДПИСАТЬСЯ", "ПОДПИСКА", "НАЧАТЬ", "ДА"],
    ky: ["БАШТОО", "КОШУЛУУ", "ООБА"],
    kk: ["БАСТАУ", "ЖАЗЫЛУ", "ИӘ"],
    uz: ["BOSHLASH", "OBUNA", "HA", "БОШЛАШ", "ОБУНА"],
    tg: ["ОҒОЗ", "ОБУНА", "ҲА"],
    "fa-AF": ["شروع", "عضویت", "اشتراک", "بلی"],
    ps: ["پیل", "ګډون", "هو"],
    ur: ["شروع", "شامل", "ہاں"],
    ar: ["اشتراك", "ابدأ", "نعم"],
    ckb: ["دەستپێک", "بەشداری", "بەڵێ"],
  },
  help: {
    any: ["HELP", "INFO", "HOTLINE", "SOS"],
    ru: ["ПОМОЩЬ", "ПОМОГИТЕ", "ИНФО", "POMOSH"],
    ky: ["ЖАРДАМ", "МААЛЫМАТ"],
    kk: ["КӨМЕК", "АҚПАРАТ"],
    uz: ["YORDAM", "MAʼLUMOT", "ЁРДАМ"],
    tg: ["КӮМАК", "ЁРӢ", "МАЪЛУМОТ"],
    "fa-AF": ["کمک", "معلومات", "راهنما"],
    ps: ["مرسته", "مالومات", "معلومات"],
    ur: ["مدد", "معلومات"],
    ar: ["مساعدة", "معلومات", "النجدة"],
    ckb: ["یارمەتی", "زانیاری"],
  },
  delete: {
    any: ["DELETE", "ERASE", "FORGET"],
    ru: ["УДАЛИТЬ", "СТЕРЕТЬ"],
    ky: ["ӨЧҮРҮҮ", "ӨЧҮР"],
    kk: ["ЖОЮ", "ӨШІРУ"],
    uz: ["OʻCHIRISH", "OʻCHIR", "ЎЧИРИШ"],
    tg: ["НЕСТ", "ҲАЗФ"],
    "fa-AF": ["حذف", "پاک"],
    ps: ["ړنګول", "حذف"],
    ur: ["حذف", "مٹائیں"],
    ar: ["حذف", "مسح"],
    ckb: ["سڕینەوە", "بسڕەوە"],
  },
};
