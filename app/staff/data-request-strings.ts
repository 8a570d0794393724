/**
 * The data-request pages' strings, in English and Russian (the staff pages' languages). Chosen
 * like the other staff pages: `?lang=`, else Accept-Language. Placeholders are `{name}`, filled by
 * `format` (app/i18n/ui-strings.ts). No string ever holds the number: the pages never show it.
 */
import type { StaffLanguage } from "./staff-strings";

const en = {
  title: "Data requests",
  intro:
    "When someone asks what the campaign holds about their phone number, or asks for it to be erased, type the number here. It is never shown back, kept only encrypted for 15 minutes while you work on the request, and never written to a log or to the audit log.",
  numberLabel: "Phone number, in international format",
  numberHint: "With the country code, for example +996 555 123 456. WhatsApp numbers are written the same way.",
  lookUp: "Look up",
  invalidNumber: "This is not a valid phone number. Check the country code and the digits, then type it again.",
  expired: "This request has expired, or it was opened by another person. Type the number again.",
  resultTitle: "What we hold about this number",
  nothingHeld: "Nothing is held about this number: no subscription, no messages, no opt-out record.",
  tombstoneOnly:
    "Only an opt-out record is held, since {date}: a keyed hash of the number that keeps it from receiving messages. It cannot be turned back into the number.",
  tombstoneToo: "An opt-out record (a keyed hash that keeps the number from receiving messages) is held since {date}.",
  subscription: "Subscription",
  subscriberId: "Internal subscriber id",
  since: "Subscriber since",
  status: "Status",
  channel: "Channel",
  locale: "Language",
  country: "Country",
  region: "Region",
  currentPlace: "Where they said they are now",
  campaign: "Campaign",
  consent: "Consent",
  consentValue: "{date}, by {source}",
  optedOut: "Opted out",
  lastInbound: "Last message from them",
  conversation: "The conversation waits for",
  none: "None",
  notAsked: "Not asked",
  anotherCountry: "Another country",
  messagesTitle: "Messages",
  messagesCaption: "Messages sent or queued to this number, by kind and status",
  noMessages: "No message to this number is stored.",
  kind: "Kind",
  messageStatus: "Status",
  count: "Number",
  inbound: "Messages received from this number (their texts are never stored): {count}.",
  devPhone: "Dev phone log entries (development only): {count}.",
  exportTitle: "Download everything held",
  exportText:
    "A JSON file with the number, the subscription and every stored message text, decrypted: the only place the number appears. Send it to the person by a safe channel, then delete your copy. The download is recorded in the audit log.",
  exportButton: "Download (JSON)",
  eraseTitle: "Erase",
  eraseText:
    "Erases the subscription and every link from messages to this number, exactly as the person's own DELETE keyword does, and keeps the number opted out. No message is sent to the phone. This cannot be undone.",
  eraseLink: "Erase this number's data…",
  nothingToErase: "There is nothing to erase.",
  confirmTitle: "Erase this number's data for good?",
  confirmText:
    "The subscription, its language, region and consent, and every link from stored messages to the number are erased now. Only an opt-out record stays, so no broadcast reaches the number again. Nobody can undo this; the person can subscribe again only by texting the join keyword themselves.",
  confirmCheck: "I have checked that the request comes from the person who holds this number, or from someone entitled to act for them.",
  confirmRequired: "Tick the box to confirm.",
  confirmButton: "Erase now",
  back: "Back",
  erased:
    "Erased. The subscription and every link from messages to this number are gone; an opt-out record keeps the number from receiving messages. The erasure is recorded in the audit log.",
  auditFailed: "The erasure is done, but its audit entry could not be written. Tell an administrator (the server log has the details).",
  newRequest: "Look up another number",
  otherLanguage: "Русский",
} as const;

export type DataRequestStringKey = keyof typeof en;
export type DataRequestStrings = { readonly [K in DataRequestStringKey]: string } & {
  statuses: Record<"pending" | "active" | "opted_out", string>;
  kinds: Record<"reply" | "broadcast", string>;
};

const ru: { readonly [K in DataRequestStringKey]: string } = {
  title: "Запросы о данных",
  intro:
    "Когда человек спрашивает, что кампания хранит о его номере телефона, или просит удалить данные, введите номер здесь. Номер не показывается, хранится только в зашифрованном виде 15 минут, пока вы работаете с запросом, и никогда не попадает ни в журналы сервера, ни в журнал действий.",
  numberLabel: "Номер телефона в международном формате",
  numberHint: "С кодом страны, например +996 555 123 456. Номера WhatsApp записываются так же.",
  lookUp: "Найти",
  invalidNumber: "Это не номер телефона. Проверьте код страны и цифры и введите номер ещё раз.",
  expired: "Срок этого запроса истёк, или его открыл другой сотрудник. Введите номер ещё раз.",
  resultTitle: "Что мы храним об этом номере",
  nothingHeld: "Об этом номере ничего не хранится: ни подписки, ни сообщений, ни записи об отказе.",
  tombstoneOnly:
    "Хранится только запись об отказе, с {date}: ключевой хеш номера, который не даёт отправлять на него сообщения. Восстановить по нему номер нельзя.",
  tombstoneToo: "С {date} хранится запись об отказе (ключевой хеш, который не даёт отправлять на номер сообщения).",
  subscription: "Подписка",
  subscriberId: "Внутренний номер подписчика",
  since: "Подписчик с",
  status: "Состояние",
  channel: "Канал",
  locale: "Язык",
  country: "Страна",
  region: "Регион",
  currentPlace: "Где, по его словам, человек сейчас",
  campaign: "Кампания",
  consent: "Согласие",
  consentValue: "{date}, способ: {source}",
  optedOut: "Отказ от рассылки",
  lastInbound: "Последнее сообщение от человека",
  conversation: "Диалог ждёт ответа на",
  none: "Нет",
  notAsked: "Не спрашивали",
  anotherCountry: "Другая страна",
  messagesTitle: "Сообщения",
  messagesCaption: "Сообщения, отправленные на этот номер или ждущие отправки, по виду и состоянию",
  noMessages: "Сообщений на этот номер не хранится.",
  kind: "Вид",
  messageStatus: "Состояние",
  count: "Количество",
  inbound: "Сообщений, полученных с этого номера (их тексты не хранятся): {count}.",
  devPhone: "Записей тестового телефона (только для разработки): {count}.",
  exportTitle: "Скачать всё, что хранится",
  exportText:
    "Файл JSON с номером, подпиской и всеми хранящимися текстами сообщений в расшифрованном виде — единственное место, где виден номер. Передайте его человеку безопасным способом и удалите свою копию. Скачивание записывается в журнал действий.",
  exportButton: "Скачать (JSON)",
  eraseTitle: "Удалить",
  eraseText:
    "Удаляет подписку и все связи сохранённых сообщений с этим номером — точно так же, как слово DELETE, отправленное самим человеком, — и оставляет номер в списке отказавшихся. На телефон ничего не отправляется. Отменить это нельзя.",
  eraseLink: "Удалить данные этого номера…",
  nothingToErase: "Удалять нечего.",
  confirmTitle: "Удалить данные этого номера навсегда?",
  confirmText:
    "Подписка, её язык, регион и согласие, а также все связи сохранённых сообщений с номером удаляются сейчас. Остаётся только запись об отказе, чтобы рассылки больше не приходили на этот номер. Отменить это не может никто; подписаться снова человек может, только сам отправив слово для подписки.",
  confirmCheck: "Я проверил(а), что запрос исходит от владельца номера или от того, кто вправе действовать от его имени.",
  confirmRequired: "Отметьте поле, чтобы подтвердить.",
  confirmButton: "Удалить сейчас",
  back: "Назад",
  erased:
    "Удалено. Подписки и связей сообщений с этим номером больше нет; запись об отказе не даёт отправлять на номер сообщения. Удаление записано в журнал действий.",
  auditFailed: "Данные удалены, но запись в журнал действий сделать не удалось. Сообщите администратору (подробности в журнале сервера).",
  newRequest: "Найти другой номер",
  otherLanguage: "English",
};

const STATUSES: Record<StaffLanguage, DataRequestStrings["statuses"]> = {
  en: { pending: "Started, not subscribed", active: "Subscribed", opted_out: "Opted out (STOP)" },
  ru: { pending: "Начал диалог, не подписан", active: "Подписан", opted_out: "Отказался (STOP)" },
};

const KINDS: Record<StaffLanguage, DataRequestStrings["kinds"]> = {
  en: { reply: "Replies", broadcast: "Broadcasts" },
  ru: { reply: "Ответы", broadcast: "Рассылки" },
};

const STRINGS: Record<StaffLanguage, { readonly [K in DataRequestStringKey]: string }> = { en, ru };

export function dataRequestStrings(lang: StaffLanguage): DataRequestStrings {
  return { ...STRINGS[lang], statuses: STATUSES[lang], kinds: KINDS[lang] };
}
