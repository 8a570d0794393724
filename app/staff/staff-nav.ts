/**
 * The staff pages in the staff layout's navigation, each with the least role that may open it:
 * a user sees only the links their role allows. Helpers adding a staff page append an entry here
 * (and to STAFF_ROUTES in tests/integration/staff-routes.ts). Labels are in every staff language.
 */
import type { StaffRole } from "./roles";
import type { StaffLanguage } from "./staff-strings";

export interface StaffNavItem {
  path: string;
  role: StaffRole;
  label: Record<StaffLanguage, string>;
}

export const STAFF_NAV: readonly StaffNavItem[] = [
  { path: "/staff/broadcasts", role: "viewer", label: { en: "Broadcasts", ru: "Рассылки" } },
  { path: "/staff/reach", role: "viewer", label: { en: "Reach", ru: "Охват" } },
  { path: "/staff/volunteers", role: "viewer", label: { en: "Volunteers", ru: "Волонтёры" } },
  { path: "/staff/users", role: "admin", label: { en: "Staff users", ru: "Сотрудники" } },
  { path: "/staff/audit", role: "admin", label: { en: "Audit log", ru: "Журнал действий" } },
  { path: "/staff/data-requests", role: "admin", label: { en: "Data requests", ru: "Запросы о данных" } },
  { path: "/staff/account", role: "viewer", label: { en: "My account", ru: "Мой профиль" } },
];
