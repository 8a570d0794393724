/**
 * `npm run staff -- <command>` (see app/staff/staff-command.server.ts). With PGlite the data
 * directory belongs to one process: while `npm start` runs, this refuses (the bootstrap's guard).
 */
import { bootstrap } from "~/bootstrap.server";

const args = process.argv.slice(2);
const context = await bootstrap({ command: "npm run staff", logName: "protect-campaigns-staff", logTo: "stderr" });
// Loaded past the bootstrap's refusals, which are then quick.
const { runStaffCommand } = await import("~/staff/staff-command.server");

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

const command = runStaffCommand(args, { db: context.db, env: context.env, now: () => new Date(), readStdin });
context.onShutdown(() => command);
const result = await command;
process.stdout.write(`${result.lines.join("\n")}\n`);
await context.exit(result.exitCode);
