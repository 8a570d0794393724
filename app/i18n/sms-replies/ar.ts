/** Arabic SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const ar: SmsReplyTexts = {
  languageMenuHeader: "اختر لغتك، أرسل الرقم:",
  countryMenuHeader: "من أي بلد أنت؟ أرسل الرقم:",
  regionMenuHeader: "من أي محافظة أنت؟ أرسل الرقم:",
  moreOption: "0 المزيد",
  placeMenuHeader: "أين أنت الآن؟ أرسل الرقم:",
  anotherCountryOption: "بلد آخر",
  confirmation: "تم اشتراكك. المساعدة ({region}): {hotline}",
  confirmationNoHotline: "تم اشتراكك. لا يوجد بعد خط مساعدة موثق في {region}.",
  helpHeader: "المساعدة:",
  noHotline: "لا يوجد بعد خط مساعدة موثق لمنطقتك.",
  stopConfirmation: "لن تصلك رسائل أخرى. للاشتراك مجدداً أرسل «اشتراك».",
  deleteConfirmation: "تم حذف بياناتك. لن تصلك رسائل أخرى.",
  unknownMenu: "مساعدة: خطوط المساعدة. اشتراك: نصائح للسلامة.",
  invalidChoice: "أرسل رقماً من القائمة.",
  stopHint: "للإيقاف: STOP (توقف)",
};
