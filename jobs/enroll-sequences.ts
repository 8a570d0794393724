/**
 * Job `enroll-sequences`: queues each active sequence step for the campaign's subscribers whose
 * "consent + N days" has come (app/broadcasts/enroll.server.ts). A singleton, like the planner.
 */
export { enrollSequences, type EnrollSequencesSummary } from "~/broadcasts/enroll.server";
