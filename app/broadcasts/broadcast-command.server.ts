/**
 * `npm run broadcast -- <command>`: what operators do with broadcasts outside the Studio.
 *   list                       runs, newest first
 *   progress <run id>          states, failures by code, opt-outs since (JSON)
 *   estimate <document id>     recipients per country and locale, segments, estimated cost
 *   pause|resume|cancel <run id | document id>
 * An operator's pause is kept until an operator resumes it, whatever the Studio says (the
 * Studio's own status pauses and resumes only what it paused). Output is JSON on stdout.
 */
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { loadPriceTable } from "./price-table.server";
import { estimateBroadcast, runProgress } from "./progress.server";
import { controlRuns, listRuns, type Control } from "./runs.server";

export interface CommandDeps {
  db: Database;
  content: Pick<ContentSource, "broadcasts">;
  env: Pick<Env, "PRICE_TABLE_FILE">;
}

export interface CommandResult {
  exitCode: 0 | 1 | 2;
  output: unknown;
}

export const BROADCAST_USAGE =
  "usage: npm run broadcast -- list | progress <run id> | estimate <broadcast document id> | pause|resume|cancel <run id | broadcast document id>";

const RUN_ID = /^\d+$/;

export async function runBroadcastCommand(args: readonly string[], deps: CommandDeps): Promise<CommandResult> {
  const [command, target] = args;
  switch (command) {
    case "list":
      return { exitCode: 0, output: await listRuns(deps.db) };
    case "progress":
      if (!target || !RUN_ID.test(target)) return usage("progress needs a run id (see `list`)");
      return { exitCode: 0, output: await runProgress(deps.db, Number(target)) };
    case "estimate": {
      if (!target) return usage("estimate needs a broadcast document id");
      const broadcast = (await deps.content.broadcasts()).find((doc) => doc.id === target);
      if (!broadcast) return { exitCode: 1, output: { error: `no valid, non-draft broadcast with id ${target}` } };
      return { exitCode: 0, output: await estimateBroadcast(deps.db, broadcast, await loadPriceTable(deps.env)) };
    }
    case "pause":
    case "resume":
    case "cancel": {
      if (!target) return usage(`${command} needs a run id or a broadcast document id`);
      const which = RUN_ID.test(target) ? { runId: Number(target) } : { source: "broadcast" as const, documentId: target };
      const result = await controlRuns(deps.db, command as Control, which, "operator");
      if (result.runs === 0) return { exitCode: 1, output: { error: `nothing to ${command} for ${target}`, ...result } };
      return { exitCode: 0, output: result };
    }
    default:
      return usage(command ? `unknown command "${command}"` : "no command");
  }
}

function usage(problem: string): CommandResult {
  return { exitCode: 2, output: { error: problem, usage: BROADCAST_USAGE } };
}
