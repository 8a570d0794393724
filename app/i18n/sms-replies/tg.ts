/** Tajik SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const tg: SmsReplyTexts = {
  languageMenuHeader: "Забонро интихоб кунед, бо рақам ҷавоб диҳед:",
  countryMenuHeader: "Аз кадом кишвар ҳастед? Бо рақам ҷавоб диҳед:",
  regionMenuHeader: "Аз кадом вилоят ҳастед? Бо рақам ҷавоб диҳед:",
  moreOption: "0 Боз",
  placeMenuHeader: "Ҳоло дар куҷо ҳастед? Бо рақам ҷавоб диҳед:",
  anotherCountryOption: "Кишвари дигар",
  confirmation: "Шумо обуна шудед. Кӯмак ({region}): {hotline}",
  confirmationNoHotline: "Шумо обуна шудед. Барои {region} ҳоло телефони боварии санҷидашуда нест.",
  helpHeader: "Кӯмак:",
  noHotline: "Барои минтақаи шумо ҳоло телефони боварии санҷидашуда нест.",
  stopConfirmation: "Дигар паём намеояд. Барои аз нав обуна шудан ОҒОЗ фиристед.",
  deleteConfirmation: "Маълумоти шумо нест карда шуд. Дигар паём намеояд.",
  unknownMenu: "КӮМАК — телефони боварӣ. ОҒОЗ — маслиҳатҳо.",
  invalidChoice: "Бо рақами рӯйхат ҷавоб диҳед.",
  stopHint: "Қатъ кардан: STOP (ИСТ)",
};
