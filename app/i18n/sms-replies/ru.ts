/** Russian SMS replies (machine-drafted). */
import type { SmsReplyTexts } from "./index";

export const ru: SmsReplyTexts = {
  languageMenuHeader: "Выберите язык, ответьте цифрой:",
  countryMenuHeader: "Из какой вы страны? Ответьте цифрой:",
  regionMenuHeader: "Из какого вы региона? Ответьте цифрой:",
  moreOption: "0 Ещё",
  placeMenuHeader: "Где вы сейчас? Ответьте цифрой:",
  anotherCountryOption: "Другая страна",
  confirmation: "Вы подписаны. Помощь ({region}): {hotline}",
  confirmationNoHotline: "Вы подписаны. Для региона {region} пока нет проверенной горячей линии.",
  helpHeader: "Помощь:",
  noHotline: "Для вашего региона пока нет проверенной горячей линии.",
  stopConfirmation: "Вы отписаны. Чтобы подписаться снова, отправьте СТАРТ.",
  deleteConfirmation: "Ваши данные удалены. Сообщений больше не будет.",
  unknownMenu: "ПОМОЩЬ — горячие линии. СТАРТ — советы.",
  invalidChoice: "Ответьте цифрой из списка.",
  stopHint: "Отписка: STOP (СТОП)",
};
