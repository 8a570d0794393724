/**
 * `npm run job <name>`: runs one job once, for operators, and prints how it went as JSON on
 * stdout (logs go to stderr). Exit codes: 0 done or skipped (another process holds the job's
 * lock), 1 failed or refused, 2 unknown job name.
 *
 * With PGlite the data directory belongs to `npm start`; two processes on it would corrupt it.
 * Stop the server first and confirm with `--pglite` (`npm run job purge-retention -- --pglite`).
 */
import { loadEnvOrExit } from "~/env.server";
import { findJob, jobNames } from "./job-table";

const [name, ...flags] = process.argv.slice(2);
const job = name ? findJob(name) : undefined;
if (!job) {
  const what = name ? `unknown job "${name}"` : "usage: npm run job <name>";
  process.stderr.write(`${what}\njobs: ${jobNames().join(", ")}\n`);
  process.exit(2);
}

const env = loadEnvOrExit();
if (env.databaseKind === "pglite" && env.PGLITE_DATA_DIR !== "memory" && !flags.includes("--pglite")) {
  process.stderr.write(
    `PGlite (${env.PGLITE_DATA_DIR}) is single-process and npm start runs the jobs itself.\n` +
      `Stop the server, then run: npm run job ${job.name} -- --pglite\n`,
  );
  process.exit(1);
}

// Loaded only past the checks above (the transports pull in the Twilio SDK).
const { createJobContext } = await import("~/jobs/job-context.server");
const { runJobOnce } = await import("~/jobs/job-run.server");
const { createLogger } = await import("~/lib/logger.server");
const { openJobResources } = await import("./open-job-resources");

const logger = createLogger({ level: env.LOG_LEVEL, name: "protect-campaigns-job", destination: process.stderr });
const { database, input } = await openJobResources(env, logger);
let failed = true;
try {
  const report = await runJobOnce(job, createJobContext(input));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  failed = report.status === "failed";
} finally {
  await database.close();
}
process.exit(failed ? 1 : 0);
