/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), as recurring
 * broadcasts store them. Checked by the app's own rule (app/broadcasts/recurrence.ts, croner), so
 * the Studio never accepts a rule the jobs refuse.
 */
import { cronRuleProblem } from "../../../app/broadcasts/recurrence";

export const CRON_MESSAGE = 'Use five cron fields: minute hour day-of-month month day-of-week, e.g. "0 10 * * 1" for Mondays at 10:00';

/** True for a five-field cron expression the jobs can read. */
export function isFiveFieldCron(value: unknown): value is string {
  return typeof value === "string" && cronRuleProblem(value) === null;
}

/** Why the expression cannot be used, for the Studio's validation message. */
export function cronProblem(value: string): string | null {
  return cronRuleProblem(value);
}
