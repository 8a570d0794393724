/** Urdu SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const ur: SmsReplyTexts = {
  languageMenuHeader: "زبان منتخب کریں، نمبر لکھ کر جواب دیں:",
  countryMenuHeader: "آپ کس ملک سے ہیں؟ نمبر لکھ کر جواب دیں:",
  regionMenuHeader: "آپ کس علاقے سے ہیں؟ نمبر لکھ کر جواب دیں:",
  moreOption: "0 مزید",
  placeMenuHeader: "آپ اس وقت کہاں ہیں؟ نمبر لکھ کر جواب دیں:",
  anotherCountryOption: "کوئی اور ملک",
  confirmation: "آپ رکن بن گئے۔ مدد ({region}): {hotline}",
  confirmationNoHotline: "آپ رکن بن گئے۔ {region} کے لیے ابھی کوئی تصدیق شدہ ہیلپ لائن نہیں۔",
  helpHeader: "مدد:",
  noHotline: "آپ کے علاقے کے لیے ابھی کوئی تصدیق شدہ ہیلپ لائن نہیں۔",
  stopConfirmation: "مزید پیغام نہیں آئیں گے۔ دوبارہ رکن بننے کے لیے «شروع» بھیجیں۔",
  deleteConfirmation: "آپ کا ڈیٹا مٹا دیا گیا۔ مزید پیغام نہیں آئیں گے۔",
  unknownMenu: "مدد: ہیلپ لائنز۔ شروع: حفاظتی مشورے۔",
  invalidChoice: "فہرست میں سے کوئی نمبر لکھ کر جواب دیں۔",
  stopHint: "بند کرنے کے لیے: STOP (بند)",
};
