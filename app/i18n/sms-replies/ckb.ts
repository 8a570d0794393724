/** Sorani Kurdish SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const ckb: SmsReplyTexts = {
  languageMenuHeader: "زمانەکەت هەڵبژێرە، بە ژمارە وەڵام بدەوە:",
  countryMenuHeader: "خەڵکی کام وڵاتیت؟ بە ژمارە وەڵام بدەوە:",
  regionMenuHeader: "خەڵکی کام پارێزگایت؟ بە ژمارە وەڵام بدەوە:",
  moreOption: "0 زیاتر",
  placeMenuHeader: "ئێستا لە کوێیت؟ بە ژمارە وەڵام بدەوە:",
  anotherCountryOption: "وڵاتێکی تر",
  confirmation: "بەشداربوویت. یارمەتی ({region}): {hotline}",
  confirmationNoHotline: "بەشداربوویت. هێشتا هێڵی یارمەتیی پشتڕاستکراوە بۆ {region} نییە.",
  helpHeader: "یارمەتی:",
  noHotline: "هێشتا هێڵی یارمەتیی پشتڕاستکراوە بۆ ناوچەکەت نییە.",
  stopConfirmation: "نامەی تر ناگات. بۆ بەشداریی دووبارە «دەستپێک» بنێرە.",
  deleteConfirmation: "زانیارییەکانت سڕانەوە. نامەی تر ناگات.",
  unknownMenu: "یارمەتی: هێڵی یارمەتی. دەستپێک: ئامۆژگاری.",
  invalidChoice: "بە ژمارەیەک لە لیستەکە وەڵام بدەوە.",
  stopHint: "بۆ ڕاگرتن: STOP (ڕاوەستە)",
};
