/** Kazakh SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const kk: SmsReplyTexts = {
  languageMenuHeader: "Тілді таңдаңыз, санмен жауап беріңіз:",
  countryMenuHeader: "Қай елденсіз? Санмен жауап беріңіз:",
  regionMenuHeader: "Қай өңірденсіз? Санмен жауап беріңіз:",
  moreOption: "0 Тағы",
  placeMenuHeader: "Қазір қайдасыз? Санмен жауап беріңіз:",
  anotherCountryOption: "Басқа ел",
  confirmation: "Сіз жазылдыңыз. Көмек ({region}): {hotline}",
  confirmationNoHotline: "Сіз жазылдыңыз. {region} үшін тексерілген сенім телефоны әзірге жоқ.",
  helpHeader: "Көмек:",
  noHotline: "Сіздің өңірге тексерілген сенім телефоны әзірге жоқ.",
  stopConfirmation: "Енді хабарлама келмейді. Қайта жазылу үшін БАСТАУ деп жіберіңіз.",
  deleteConfirmation: "Деректеріңіз өшірілді. Енді хабарлама келмейді.",
  unknownMenu: "КӨМЕК — сенім телефоны. БАСТАУ — кеңестер.",
  invalidChoice: "Тізімдегі санмен жауап беріңіз.",
  stopHint: "Тоқтату: STOP (ТОҚТАТ)",
};
