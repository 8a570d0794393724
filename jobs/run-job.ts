/**
 * `npm run job <name>`: runs one job once, for operators, and prints how it went as JSON on
 * stdout (logs go to stderr). Exit codes: 0 done or skipped (another process holds the job's
 * lock), 1 failed or refused, 2 unknown job name.
 *
 * With PGlite the data directory belongs to one process: while `npm start` runs, this refuses
 * (the bootstrap's guard) and the job runs inside the server anyway.
 */
import { bootstrap } from "~/bootstrap.server";
import { createJobContext } from "./job-context";
import { runJobOnce } from "./job-run";
import { findJob, jobNames } from "./job-table";

const [name] = process.argv.slice(2);
const job = name ? findJob(name) : undefined;
if (!job) {
  const what = name ? `unknown job "${name}"` : "usage: npm run job <name>";
  process.stderr.write(`${what}\njobs: ${jobNames().join(", ")}\n`);
  process.exit(2);
}

const context = await bootstrap({ command: `npm run job ${job.name}`, logName: "protect-campaigns-job", logTo: "stderr" });
const { env, logger, content, db, keyring, transport } = context;
const run = runJobOnce(
  job,
  createJobContext({ db, dbKind: context.database.kind, content, env, logger, keyring, transport, signal: context.stopping }),
);
// A SIGTERM asks the run to stop between batches; the database stays open until it has.
context.onShutdown(() => run);
const report = await run;
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
await context.exit(report.status === "failed" ? 1 : 0);
