/** The staff volunteers page's strings, in English and Russian (the staff languages). Placeholders are `{name}`. */
import type { StaffLanguage } from "./staff-strings";

const en = {
  title: "Volunteers",
  intro: "Youth volunteers per region and the reach their links brought in the last {days} days. No number, school or age is shown.",
  smallNumbers: "“<5” means fewer than 5; “hidden” means 5 or more, hidden so that a small figure cannot be worked out from a total.",
  byRegion: "Volunteers and reach by region",
  country: "Country",
  region: "Region",
  volunteers: "Volunteers",
  visits: "Visits",
  hotlineTaps: "Hotline taps",
  attendees: "Session attendees (confirmed)",
  total: "Total",
  hidden: "hidden",
  none: "No volunteer has signed up yet.",
  reports: "Session reports waiting for confirmation",
  reportsNone: "No report is waiting.",
  campaign: "Campaign",
  heldOn: "Date",
  confirm: "Confirm",
  confirmed: "Report {id} confirmed.",
  accounts: "Accounts",
  accountsIntro: "Admins only. Disable an account that abuses its links: it can no longer sign in and its links stop counting.",
  findCode: "Referral code",
  find: "Find",
  nickname: "Nickname",
  code: "Code",
  created: "Signed up",
  status: "Status",
  active: "Active",
  disabled: "Disabled",
  disable: "Disable",
  disabledDone: "Account {id} disabled.",
  notFound: "No such account or report (or it was already done).",
} as const;

const ru: { readonly [K in keyof typeof en]: string } = {
  title: "Волонтёры",
  intro: "Молодые волонтёры по регионам и охват их ссылок за последние {days} дней. Номера, школы и возраст не показываются.",
  smallNumbers: "«<5» — меньше 5; «скрыто» — 5 или больше, скрыто, чтобы малое число нельзя было вычислить из итога.",
  byRegion: "Волонтёры и охват по регионам",
  country: "Страна",
  region: "Регион",
  volunteers: "Волонтёры",
  visits: "Посещения",
  hotlineTaps: "Нажатия на горячие линии",
  attendees: "Участники занятий (подтверждено)",
  total: "Всего",
  hidden: "скрыто",
  none: "Пока не зарегистрировался ни один волонтёр.",
  reports: "Отчёты о занятиях, ожидающие подтверждения",
  reportsNone: "Нет отчётов, ожидающих подтверждения.",
  campaign: "Кампания",
  heldOn: "Дата",
  confirm: "Подтвердить",
  confirmed: "Отчёт {id} подтверждён.",
  accounts: "Аккаунты",
  accountsIntro:
    "Только для администраторов. Отключите аккаунт, который злоупотребляет ссылками: он больше не сможет войти, а его ссылки перестанут засчитываться.",
  findCode: "Реферальный код",
  find: "Найти",
  nickname: "Никнейм",
  code: "Код",
  created: "Зарегистрирован",
  status: "Статус",
  active: "Активен",
  disabled: "Отключён",
  disable: "Отключить",
  disabledDone: "Аккаунт {id} отключён.",
  notFound: "Нет такого аккаунта или отчёта (или действие уже выполнено).",
};

export type VolunteerStaffStrings = { readonly [K in keyof typeof en]: string };

export function volunteerStaffStrings(lang: StaffLanguage): VolunteerStaffStrings {
  return lang === "ru" ? ru : en;
}
