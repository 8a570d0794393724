/** Kyrgyz SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const ky: SmsReplyTexts = {
  languageMenuHeader: "Тилди тандаңыз, сан менен жооп бериңиз:",
  countryMenuHeader: "Кайсы өлкөдөнсүз? Сан менен жооп бериңиз:",
  regionMenuHeader: "Кайсы облустансыз? Сан менен жооп бериңиз:",
  moreOption: "0 Дагы",
  placeMenuHeader: "Азыр кайдасыз? Сан менен жооп бериңиз:",
  anotherCountryOption: "Башка өлкө",
  confirmation: "Сиз жазылдыңыз. Жардам ({region}): {hotline}",
  confirmationNoHotline: "Сиз жазылдыңыз. {region} үчүн текшерилген ишеним телефону азырынча жок.",
  helpHeader: "Жардам:",
  noHotline: "Сиздин аймак үчүн текшерилген ишеним телефону азырынча жок.",
  stopConfirmation: "Мындан ары билдирүү келбейт. Кайра жазылуу үчүн БАШТОО деп жөнөтүңүз.",
  deleteConfirmation: "Маалыматыңыз өчүрүлдү. Мындан ары билдирүү келбейт.",
  unknownMenu: "ЖАРДАМ — ишеним телефону. БАШТОО — кеңештер.",
  invalidChoice: "Тизмедеги сан менен жооп бериңиз.",
  stopHint: "Токтотуу: STOP (ТОКТОТ)",
};
