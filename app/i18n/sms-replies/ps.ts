/** Pashto SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const ps: SmsReplyTexts = {
  languageMenuHeader: "ژبه وټاکئ، په شمېره ځواب ورکړئ:",
  countryMenuHeader: "د کوم هېواد یاست؟ په شمېره ځواب ورکړئ:",
  regionMenuHeader: "د کوم ولایت یاست؟ په شمېره ځواب ورکړئ:",
  moreOption: "0 نور",
  placeMenuHeader: "اوس چېرته یاست؟ په شمېره ځواب ورکړئ:",
  anotherCountryOption: "بل هېواد",
  confirmation: "تاسو غړي شوئ. مرسته ({region}): {hotline}",
  confirmationNoHotline: "تاسو غړي شوئ. د {region} لپاره تر اوسه تایید شوې د مرستې شمېره نشته.",
  helpHeader: "مرسته:",
  noHotline: "ستاسو سیمې لپاره تر اوسه تایید شوې د مرستې شمېره نشته.",
  stopConfirmation: "نور پیغامونه نه درځي. د بیا غړیتوب لپاره «پیل» ولېږئ.",
  deleteConfirmation: "ستاسو معلومات پاک شول. نور پیغامونه نه درځي.",
  unknownMenu: "مرسته: د مرستې شمېرې. پیل: لارښوونې.",
  invalidChoice: "مهرباني وکړئ د لیست له شمېرې سره ځواب ورکړئ.",
  stopHint: "د بندولو لپاره: STOP (بند)",
};
