/**
 * `npm run broadcast -- <command>` (see app/broadcasts/broadcast-command.server.ts). With PGlite
 * the data directory belongs to `npm start`: stop it first and add `--pglite`, as for `npm run job`.
 */
import { loadEnvOrExit } from "~/env.server";

const args = process.argv.slice(2).filter((arg) => arg !== "--pglite");
const env = loadEnvOrExit();
if (env.databaseKind === "pglite" && env.PGLITE_DATA_DIR !== "memory" && !process.argv.includes("--pglite")) {
  process.stderr.write(`PGlite (${env.PGLITE_DATA_DIR}) is single-process. Stop the server, then add -- --pglite.\n`);
  process.exit(1);
}

const { createLogger } = await import("~/lib/logger.server");
const { openJobResources } = await import("../jobs/open-job-resources");
const { runBroadcastCommand } = await import("~/broadcasts/broadcast-command.server");

const logger = createLogger({ level: env.LOG_LEVEL, name: "protect-campaigns-broadcast", destination: process.stderr });
const { database, input } = await openJobResources(env, logger);
let exitCode = 1;
try {
  const result = await runBroadcastCommand(args, { db: database.db, content: input.content, env });
  process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
  exitCode = result.exitCode;
} finally {
  await database.close();
}
process.exit(exitCode);
