/** Uzbek (Latin) SMS replies (machine-drafted). ASCII apostrophe keeps them GSM-7. */
import type { SmsReplyTexts } from "./index";

export const uz: SmsReplyTexts = {
  languageMenuHeader: "Tilni tanlang, raqam bilan javob bering:",
  countryMenuHeader: "Qaysi davlatdansiz? Raqam bilan javob bering:",
  regionMenuHeader: "Qaysi viloyatdansiz? Raqam bilan javob bering:",
  moreOption: "0 Yana",
  placeMenuHeader: "Hozir qayerdasiz? Raqam bilan javob bering:",
  anotherCountryOption: "Boshqa davlat",
  confirmation: "Obuna bo'ldingiz. Yordam ({region}): {hotline}",
  confirmationNoHotline: "Obuna bo'ldingiz. {region} uchun tekshirilgan ishonch telefoni hozircha yo'q.",
  helpHeader: "Yordam:",
  noHotline: "Hududingiz uchun tekshirilgan ishonch telefoni hozircha yo'q.",
  stopConfirmation: "Boshqa xabar kelmaydi. Qayta obuna bo'lish uchun BOSHLASH deb yozing.",
  deleteConfirmation: "Ma'lumotlaringiz o'chirildi. Boshqa xabar kelmaydi.",
  unknownMenu: "YORDAM - ishonch telefonlari. BOSHLASH - xavfsizlik maslahatlari.",
  invalidChoice: "Ro'yxatdagi raqam bilan javob bering.",
  stopHint: "To'xtatish: STOP (TO'XTAT)",
};
