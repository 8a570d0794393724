/**
 * Job `plan-broadcasts`: follows each broadcast's Studio status (pause, resume, cancel), plans
 * the run of a delivery that has fallen due, and expands runs into the outbox in set-based
 * batches (app/broadcasts/plan.server.ts). A singleton: one planner per tick across workers,
 * though expansion is idempotent anyway (unique run and subscriber key).
 */
export { planBroadcasts, type PlanBroadcastsSummary } from "~/broadcasts/plan.server";
