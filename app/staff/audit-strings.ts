/**
 * The audit log page's strings, in English and Russian. Every audit action has a label in both
 * (a new action added to AUDIT_ACTIONS fails type-checking here until it is named).
 */
import type { StaffLanguage } from "./staff-strings";
import type { AuditAction } from "~/audit/audit-log.server";

const en = {
  title: "Audit log",
  intro:
    "Who did what, and when: sign-ins, approvals, pauses, exports, erasures, user and role changes. Entries are never changed or deleted, and never hold a phone number, an address or a message text.",
  filters: "Filters",
  action: "Action",
  actor: "Who",
  targetType: "Target type",
  from: "From (UTC)",
  to: "To (UTC, inclusive)",
  all: "All",
  apply: "Show",
  reset: "Clear the filters",
  downloadCsv: "Download these entries (CSV, all pages)",
  caption: "Audit entries, newest first",
  at: "When (UTC)",
  target: "Target",
  details: "Details",
  none: "No entries for these filters.",
  older: "Older entries",
  newest: "Newest entries",
  badFilters: "Some filters could not be read and were left out: {problems}",
  otherLanguage: "Русский",
} as const;

export type AuditStringKey = keyof typeof en;
export type AuditStrings = { readonly [K in AuditStringKey]: string } & { actions: Record<AuditAction, string> };

const ru: { readonly [K in AuditStringKey]: string } = {
  title: "Журнал действий",
  intro:
    "Кто что сделал и когда: входы, утверждения, паузы, выгрузки, удаления данных, изменения пользователей и ролей. Записи никогда не изменяются и не удаляются и не содержат ни номеров телефонов, ни адресов, ни текстов сообщений.",
  filters: "Фильтры",
  action: "Действие",
  actor: "Кто",
  targetType: "Тип объекта",
  from: "С (UTC)",
  to: "По (UTC, включительно)",
  all: "Все",
  apply: "Показать",
  reset: "Сбросить фильтры",
  downloadCsv: "Скачать эти записи (CSV, все страницы)",
  caption: "Записи журнала, сначала новые",
  at: "Когда (UTC)",
  target: "Объект",
  details: "Подробности",
  none: "Нет записей для этих фильтров.",
  older: "Более ранние записи",
  newest: "Самые новые записи",
  badFilters: "Некоторые фильтры не удалось прочитать, они не применены: {problems}",
  otherLanguage: "English",
};

const ACTIONS: Record<StaffLanguage, Record<AuditAction, string>> = {
  en: {
    "sign-in": "Signed in",
    "sign-in-failed": "Sign-in failed",
    "sign-out": "Signed out",
    "sign-out-everywhere": "Signed out everywhere",
    "password-set": "Password set",
    "password-link-issued": "Password link issued",
    "second-factor-disabled": "Second factor turned off",
    "second-factor-reset": "Second factor reset by an admin",
    "second-factor-enabled": "Second factor added",
    "user-added": "User added",
    "user-disabled": "User disabled",
    "user-enabled": "User enabled",
    "role-changed": "Role changed",
    "broadcast-submitted": "Broadcast submitted for approval",
    "broadcast-approved": "Broadcast approved",
    "approval-revoked": "Approval revoked",
    "run-paused": "Run paused",
    "run-resumed": "Run resumed",
    "run-cancelled": "Run cancelled",
    "test-sent": "Test sent",
    "reach-exported": "Reach figures exported",
    "data-looked-up": "Number looked up for a data request",
    "data-exported": "Personal data exported",
    "data-erased": "Personal data erased",
    "volunteer-disabled": "Volunteer disabled",
    "volunteer-session-confirmed": "Volunteer session confirmed",
  },
  ru: {
    "sign-in": "Вход",
    "sign-in-failed": "Неудачный вход",
    "sign-out": "Выход",
    "sign-out-everywhere": "Выход на всех устройствах",
    "password-set": "Пароль задан",
    "password-link-issued": "Выдана ссылка для пароля",
    "second-factor-disabled": "Второй фактор отключён",
    "second-factor-reset": "Второй фактор сброшен администратором",
    "second-factor-enabled": "Добавлен второй фактор",
    "user-added": "Пользователь добавлен",
    "user-disabled": "Пользователь отключён",
    "user-enabled": "Пользователь включён",
    "role-changed": "Роль изменена",
    "broadcast-submitted": "Рассылка отправлена на утверждение",
    "broadcast-approved": "Рассылка утверждена",
    "approval-revoked": "Утверждение отозвано",
    "run-paused": "Рассылка приостановлена",
    "run-resumed": "Рассылка возобновлена",
    "run-cancelled": "Рассылка отменена",
    "test-sent": "Отправлено тестовое сообщение",
    "reach-exported": "Выгружены показатели охвата",
    "data-looked-up": "Номер проверен по запросу о данных",
    "data-exported": "Выгружены персональные данные",
    "data-erased": "Удалены персональные данные",
    "volunteer-disabled": "Волонтёр отключён",
    "volunteer-session-confirmed": "Занятие волонтёра подтверждено",
  },
};

const STRINGS: Record<StaffLanguage, { readonly [K in AuditStringKey]: string }> = { en, ru };

export function auditStrings(lang: StaffLanguage): AuditStrings {
  return { ...STRINGS[lang], actions: ACTIONS[lang] };
}
