/**
 * The staff accounts pages' strings (layout, sign-in, set-password, account, users), English and
 * Russian. The language is `?lang=` when given, else the first of en/ru in Accept-Language, else
 * English (as on the reach dashboard). Placeholders are `{name}`, filled by `format`
 * (app/i18n/ui-strings.ts).
 */
import { parseAcceptLanguage } from "~/http/accept-language";
import type { StaffRole } from "./roles";

export const STAFF_LANGUAGES = ["en", "ru"] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];

const en = {
  staffArea: "Staff",
  nav: "Staff pages",
  signedInAs: "Signed in as {name} ({role})",
  signOut: "Sign out",
  otherLanguage: "Русский",
  signInTitle: "Staff sign-in",
  signInIntro: "For campaign staff. Sign in with the email and password of your staff account.",
  email: "Email",
  password: "Password",
  signIn: "Sign in",
  codeTitle: "Enter your code",
  codeIntro: "Open your authenticator app and type the 6-digit code it shows for protect-campaigns.",
  code: "6-digit code",
  confirm: "Confirm",
  startAgain: "Start again",
  refused: "The email or password is not right, or this account is not active. Try again.",
  codeRefused: "That code is not right or was already used. Wait for a new code and try again.",
  limited: "Too many attempts. Try again after {time} UTC (in about {minutes} minutes).",
  signedOut: "You are signed out.",
  sessionEnded: "Sign in to continue.",
  forbiddenTitle: "Not allowed",
  forbiddenText: "Your staff role does not allow this page or action. Ask an admin if you need it.",
  myAccount: "My account",
  usersTitle: "Staff users",
  usersIntro:
    "Who may use the staff pages, and with which role. Viewers read dashboards; editors prepare broadcasts and send tests; approvers approve, pause and cancel; admins also manage users and data requests.",
  addUser: "Add a staff user",
  displayName: "Name (optional)",
  role: "Role",
  add: "Add",
  added: "{email} added. Give them this link to set a password. It works once, for 24 hours, and is shown only now:",
  linkIssued: "New set-password link for {email} (once, 24 hours, shown only now):",
  usersTable: "Staff users and their state",
  colUser: "User",
  colRole: "Role",
  colPassword: "Password",
  colSecondFactor: "Second factor",
  colStatus: "Status",
  colActions: "Actions",
  yes: "yes",
  no: "no",
  active: "active",
  disabled: "disabled",
  changeRole: "Change role",
  disable: "Disable",
  enable: "Enable",
  newLink: "New password link",
  you: "(you)",
  userDone: "Saved.",
  "userError_email-taken": "A staff user with that email exists already.",
  "userError_invalid-email": "That is not an email address.",
  "userError_no-such-user": "No staff user has that email.",
  "userError_invalid-role": "Choose one of the roles.",
  "userError_last-admin": "The last active admin must stay an active admin.",
  userError_self: "You cannot disable yourself or change your own role here.",
  "userError_no-second-factor": "That user has no second factor to reset.",
  "userError_self-second-factor": "You cannot reset your own second factor here. Turn it off on My account, or ask another admin.",
  resetSecondFactor: "Reset second factor",
  resetTitle: "Reset the second factor of {email}?",
  resetText:
    "Do this when they have lost their authenticator app. They are signed out everywhere, sign in again with their password alone and set up a new second factor. First make sure the request really comes from them (call them, or ask in person): after the reset, their password alone opens the account.",
  resetConfirm: "Yes, reset the second factor",
  resetCancel: "Cancel",
  resetDone: "The second factor of {email} is reset and they are signed out everywhere.",
  accountTitle: "My account",
  accountWho: "{email}, {role}.",
  secondFactorTitle: "Second factor",
  secondFactorOn: "On: signing in asks for a code from your authenticator app.",
  secondFactorOff: "Off. With a second factor, a stolen password alone does not open your account.",
  secondFactorRequired: "Your role needs a second factor before you can use the other staff pages. Set it up here.",
  enrolSteps:
    "Scan this QR code with an authenticator app (for example Aegis, Google Authenticator or 1Password), or type the key below into it. Then enter the code it shows.",
  qrLabel: "QR code of your authenticator key",
  secretLabel: "Key",
  enrol: "Turn on the second factor",
  enrolled: "The second factor is on.",
  enrolRefused: "That code does not fit this key. Scan the new code below and try again.",
  turnOffIntro: "Lost your phone or changing apps? Turn the second factor off with a current code, then set up a new one.",
  turnOff: "Turn off the second factor",
  turnedOff: "The second factor is off. Your other sessions are signed out.",
  turnOffRefused: "That code is not right or was already used. Wait for a new code and try again.",
  turnOffLimited: "Too many wrong codes. Try again in 15 minutes.",
  turnOffRequired:
    "Your role needs a second factor, so it cannot be turned off. If you lose your authenticator app, an admin can reset it.",
  sessionsTitle: "Sessions",
  sessionsText: "Signed in on a computer or phone you no longer have, or not sure? Sign out everywhere, this browser included.",
  signOutEverywhere: "Sign out everywhere",
  setPasswordTitle: "Set your password",
  setPasswordIntro:
    "Choose a password for your staff account {email}: at least 12 characters, not a common one. A few unrelated words make a good one.",
  newPassword: "New password",
  repeatPassword: "The same password again",
  savePassword: "Save password",
  linkInvalidTitle: "This link does not work",
  linkInvalid: "The link has expired (links last 24 hours), was already used, or the account is disabled. Ask an admin for a new one.",
  passwordSet: "Your password is set. Sign in with it.",
  "problem_too-short": "The password is shorter than 12 characters.",
  "problem_too-long": "The password is longer than 200 characters.",
  "problem_too-common": "That password is too common or too simple. Choose another.",
  "problem_is-email": "The password must not be your email address.",
  problem_mismatch: "The two passwords are not the same.",
  roles_viewer: "viewer",
  roles_editor: "editor",
  roles_approver: "approver",
  roles_admin: "admin",
};

type StaffStringKey = keyof typeof en;
export type StaffStrings = { readonly [K in StaffStringKey]: string };

const ru: StaffStrings = {
  staffArea: "Сотрудники",
  nav: "Страницы для сотрудников",
  signedInAs: "Вы вошли как {name} ({role})",
  signOut: "Выйти",
  otherLanguage: "English",
  signInTitle: "Вход для сотрудников",
  signInIntro: "Для сотрудников кампаний. Войдите с адресом почты и паролем вашей учётной записи.",
  email: "Электронная почта",
  password: "Пароль",
  signIn: "Войти",
  codeTitle: "Введите код",
  codeIntro: "Откройте приложение-аутентификатор и введите 6-значный код для protect-campaigns.",
  code: "6-значный код",
  confirm: "Подтвердить",
  startAgain: "Начать заново",
  refused: "Неверная почта или пароль, либо учётная запись не активна. Попробуйте ещё раз.",
  codeRefused: "Код неверный или уже использован. Дождитесь нового кода и попробуйте ещё раз.",
  limited: "Слишком много попыток. Попробуйте после {time} UTC (примерно через {minutes} мин.).",
  signedOut: "Вы вышли.",
  sessionEnded: "Войдите, чтобы продолжить.",
  forbiddenTitle: "Нет доступа",
  forbiddenText: "Ваша роль не даёт доступа к этой странице или действию. Если он нужен, обратитесь к администратору.",
  myAccount: "Мой профиль",
  usersTitle: "Сотрудники",
  usersIntro:
    "Кто может пользоваться страницами для сотрудников и с какой ролью. Наблюдатели смотрят сводки; редакторы готовят рассылки и отправляют тестовые сообщения; утверждающие утверждают, приостанавливают и отменяют; администраторы также управляют пользователями и запросами о данных.",
  addUser: "Добавить сотрудника",
  displayName: "Имя (необязательно)",
  role: "Роль",
  add: "Добавить",
  added: "{email} добавлен(а). Передайте эту ссылку для создания пароля. Она работает один раз, 24 часа, и показывается только сейчас:",
  linkIssued: "Новая ссылка для пароля {email} (один раз, 24 часа, показывается только сейчас):",
  usersTable: "Сотрудники и их состояние",
  colUser: "Пользователь",
  colRole: "Роль",
  colPassword: "Пароль",
  colSecondFactor: "Второй фактор",
  colStatus: "Состояние",
  colActions: "Действия",
  yes: "да",
  no: "нет",
  active: "активен",
  disabled: "отключён",
  changeRole: "Сменить роль",
  disable: "Отключить",
  enable: "Включить",
  newLink: "Новая ссылка для пароля",
  you: "(вы)",
  userDone: "Сохранено.",
  "userError_email-taken": "Сотрудник с такой почтой уже есть.",
  "userError_invalid-email": "Это не адрес электронной почты.",
  "userError_no-such-user": "Сотрудника с такой почтой нет.",
  "userError_invalid-role": "Выберите одну из ролей.",
  "userError_last-admin": "Последний активный администратор должен остаться активным администратором.",
  userError_self: "Здесь нельзя отключить себя или сменить свою роль.",
  "userError_no-second-factor": "У этого сотрудника нет второго фактора.",
  "userError_self-second-factor":
    "Здесь нельзя сбросить свой второй фактор. Выключите его в разделе «Мой профиль» или попросите другого администратора.",
  resetSecondFactor: "Сбросить второй фактор",
  resetTitle: "Сбросить второй фактор {email}?",
  resetText:
    "Сделайте это, если сотрудник потерял приложение-аутентификатор. Все его сеансы завершатся; он войдёт снова только с паролем и настроит новый второй фактор. Сначала убедитесь, что просьба действительно от него (позвоните или спросите лично): после сброса для входа достаточно одного пароля.",
  resetConfirm: "Да, сбросить второй фактор",
  resetCancel: "Отмена",
  resetDone: "Второй фактор {email} сброшен, все его сеансы завершены.",
  accountTitle: "Мой профиль",
  accountWho: "{email}, {role}.",
  secondFactorTitle: "Второй фактор",
  secondFactorOn: "Включён: при входе нужен код из приложения-аутентификатора.",
  secondFactorOff: "Выключен. Со вторым фактором украденного пароля недостаточно, чтобы войти в вашу учётную запись.",
  secondFactorRequired: "Для вашей роли нужен второй фактор, прежде чем открывать другие страницы. Настройте его здесь.",
  enrolSteps:
    "Отсканируйте QR-код приложением-аутентификатором (например, Aegis, Google Authenticator или 1Password) или введите в него ключ ниже. Затем введите показанный код.",
  qrLabel: "QR-код ключа для приложения-аутентификатора",
  secretLabel: "Ключ",
  enrol: "Включить второй фактор",
  enrolled: "Второй фактор включён.",
  enrolRefused: "Код не подходит к этому ключу. Отсканируйте новый код ниже и попробуйте ещё раз.",
  turnOffIntro: "Потеряли телефон или меняете приложение? Выключите второй фактор с текущим кодом, затем настройте новый.",
  turnOff: "Выключить второй фактор",
  turnedOff: "Второй фактор выключен. Остальные ваши сеансы завершены.",
  turnOffRefused: "Код неверный или уже использован. Дождитесь нового кода и попробуйте ещё раз.",
  turnOffLimited: "Слишком много неверных кодов. Попробуйте через 15 минут.",
  turnOffRequired:
    "Для вашей роли нужен второй фактор, поэтому выключить его нельзя. Если вы потеряете приложение-аутентификатор, его может сбросить администратор.",
  sessionsTitle: "Сеансы",
  sessionsText:
    "Вход выполнен на компьютере или телефоне, которого у вас больше нет, или вы не уверены? Выйдите везде, включая этот браузер.",
  signOutEverywhere: "Выйти везде",
  setPasswordTitle: "Задайте пароль",
  setPasswordIntro:
    "Выберите пароль для учётной записи {email}: не короче 12 символов и не из распространённых. Хороший пароль — несколько не связанных слов.",
  newPassword: "Новый пароль",
  repeatPassword: "Повторите пароль",
  savePassword: "Сохранить пароль",
  linkInvalidTitle: "Ссылка не работает",
  linkInvalid:
    "Срок ссылки истёк (ссылка действует 24 часа), она уже использована или учётная запись отключена. Попросите у администратора новую.",
  passwordSet: "Пароль задан. Войдите с ним.",
  "problem_too-short": "Пароль короче 12 символов.",
  "problem_too-long": "Пароль длиннее 200 символов.",
  "problem_too-common": "Этот пароль слишком распространённый или простой. Выберите другой.",
  "problem_is-email": "Пароль не должен совпадать с адресом почты.",
  problem_mismatch: "Пароли не совпадают.",
  roles_viewer: "наблюдатель",
  roles_editor: "редактор",
  roles_approver: "утверждающий",
  roles_admin: "администратор",
};

const STRINGS: Record<StaffLanguage, StaffStrings> = { en, ru };

export function staffStrings(lang: StaffLanguage): StaffStrings {
  return STRINGS[lang];
}

export function roleName(strings: StaffStrings, role: StaffRole): string {
  return strings[`roles_${role}`];
}

/** `?lang=` when it names a staff language, else the first of en/ru in Accept-Language, else English. */
export function staffLanguage(request: Request): StaffLanguage {
  const requested = new URL(request.url).searchParams.get("lang");
  if (requested === "en" || requested === "ru") return requested;
  for (const { tag } of parseAcceptLanguage(request.headers.get("Accept-Language"))) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "en" || primary === "ru") return primary;
  }
  return "en";
}
