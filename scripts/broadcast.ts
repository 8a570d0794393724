/**
 * `npm run broadcast -- <command>` (see app/broadcasts/broadcast-command.server.ts). With PGlite
 * the data directory belongs to one process: while `npm start` runs, this refuses (the
 * bootstrap's guard).
 */
import { bootstrap } from "~/bootstrap.server";

const args = process.argv.slice(2);
const context = await bootstrap({ command: "npm run broadcast", logName: "protect-campaigns-broadcast", logTo: "stderr" });
// Loaded past the bootstrap's refusals, which are then quick.
const { runBroadcastCommand } = await import("~/broadcasts/broadcast-command.server");
const command = runBroadcastCommand(args, { db: context.db, content: context.content, env: context.env });
context.onShutdown(() => command);
const result = await command;
process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
await context.exit(result.exitCode);
