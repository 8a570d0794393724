/** Dari SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const faAF: SmsReplyTexts = {
  languageMenuHeader: "زبان را انتخاب کنید، با شماره جواب دهید:",
  countryMenuHeader: "از کدام کشور هستید؟ با شماره جواب دهید:",
  regionMenuHeader: "از کدام ولایت هستید؟ با شماره جواب دهید:",
  moreOption: "0 بیشتر",
  placeMenuHeader: "اکنون کجا هستید؟ با شماره جواب دهید:",
  anotherCountryOption: "کشور دیگر",
  confirmation: "شما عضو شدید. کمک ({region}): {hotline}",
  confirmationNoHotline: "شما عضو شدید. برای {region} هنوز شماره کمک تأیید شده نداریم.",
  helpHeader: "کمک:",
  noHotline: "برای منطقه شما هنوز شماره کمک تأیید شده نداریم.",
  stopConfirmation: "دیگر پیامی نمی‌گیرید. برای عضویت دوباره «شروع» بفرستید.",
  deleteConfirmation: "معلومات شما پاک شد. دیگر پیامی نمی‌گیرید.",
  unknownMenu: "کمک: شماره‌های کمک. شروع: نکات امنیتی.",
  invalidChoice: "لطفاً با یک شماره از فهرست جواب دهید.",
  stopHint: "برای توقف: STOP (توقف)",
};
