/** English SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const en: SmsReplyTexts = {
  languageMenuHeader: "Choose your language. Reply with a number:",
  countryMenuHeader: "Which country are you from? Reply with a number:",
  regionMenuHeader: "Which region are you from? Reply with a number:",
  moreOption: "0 More",
  placeMenuHeader: "Where are you now? Reply with a number:",
  anotherCountryOption: "Another country",
  confirmation: "You are subscribed. Help for {region}: {hotline}",
  confirmationNoHotline: "You are subscribed. We have no checked hotline for {region} yet.",
  helpHeader: "Help:",
  noHotline: "We have no checked hotline for your area yet.",
  stopConfirmation: "You will get no more messages. To start again, send JOIN.",
  deleteConfirmation: "Your data is erased. You will get no more messages.",
  unknownMenu: "Send HELP for hotlines. Send JOIN for safety tips.",
  invalidChoice: "Please reply with a number from the list.",
  stopHint: "Reply STOP to stop.",
};
