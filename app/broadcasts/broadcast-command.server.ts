/**
 * `npm run broadcast -- <command>`: what operators do with broadcasts outside the Studio.
 *   list                       runs, newest first; `sample` says whether the run's document is
 *                              marked sample (null: the content could not be read)
 *   progress <run id>          states, failures by code, opt-outs since (JSON)
 *   estimate <document id>     recipients per country and locale, segments, estimated cost, and
 *                              for a sample broadcast whether this site would send it
 *   pause|resume|cancel <run id | document id>
 * An operator's pause is kept until an operator resumes it, whatever the Studio says (the
 * Studio's own status pauses and resumes only what it paused); a run the four-eyes approval holds
 * resumes only under a new approval (docs/decisions/024-four-eyes-approval.md). Pause, resume and
 * cancel are audited with the actor "cli". Output is JSON on stdout.
 */
import { recordAudit } from "~/audit/audit-log.server";
import { ContentUnavailableError } from "~/content/content-errors";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { loadPriceTable } from "./price-table.server";
import { estimateBroadcast, runProgress } from "./progress.server";
import { controlRuns, listRuns, type Control } from "./runs.server";
import { sampleDocumentIds } from "./sample-documents";
import { describeSamplePolicy, samplePolicy } from "./sample-policy";

export interface CommandDeps {
  db: Database;
  content: Pick<ContentSource, "broadcasts" | "sequences">;
  env: Pick<Env, "PRICE_TABLE_FILE" | "messagingTransport" | "isProduction">;
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
    case "list": {
      const runs = await listRuns(deps.db);
      const samples = await sampleIdsOrNull(deps.content);
      return { exitCode: 0, output: runs.map((run) => ({ ...run, sample: samples ? samples.has(run.documentId) : null })) };
    }
    case "progress":
      if (!target || !RUN_ID.test(target)) return usage("progress needs a run id (see `list`)");
      return { exitCode: 0, output: await runProgress(deps.db, Number(target)) };
    case "estimate": {
      if (!target) return usage("estimate needs a broadcast document id");
      const broadcast = (await deps.content.broadcasts()).find((doc) => doc.id === target);
      if (!broadcast) return { exitCode: 1, output: { error: `no valid, non-draft broadcast with id ${target}` } };
      const estimate = await estimateBroadcast(deps.db, broadcast, await loadPriceTable(deps.env));
      if (!broadcast.isSample) return { exitCode: 0, output: { ...estimate, sample: false } };
      // The audience is real either way; whether it would get the sample is the site's configuration.
      return {
        exitCode: 0,
        output: { ...estimate, sample: true, sampleNote: `sample broadcast: ${describeSamplePolicy(samplePolicy(deps.env))}` },
      };
    }
    case "pause":
    case "resume":
    case "cancel": {
      if (!target) return usage(`${command} needs a run id or a broadcast document id`);
      const which = RUN_ID.test(target) ? { runId: Number(target) } : { source: "broadcast" as const, documentId: target };
      const result = await controlRuns(deps.db, command as Control, which, "operator");
      if (result.runs === 0) {
        const note =
          command === "resume"
            ? " (a run held for approval resumes only when its current content is approved on /staff/broadcasts/<id>)"
            : "";
        return { exitCode: 1, output: { error: `nothing to ${command} for ${target}${note}`, ...result } };
      }
      await recordAudit(deps.db, {
        actor: { userId: null, label: "cli" },
        action: CONTROL_AUDIT[command as Control],
        target: "runId" in which ? { type: "broadcast-run", id: String(which.runId) } : { type: "broadcast", id: target },
        details: { runs: result.runs, messages: result.messages },
      });
      return { exitCode: 0, output: result };
    }
    default:
      return usage(command ? `unknown command "${command}"` : "no command");
  }
}

const CONTROL_AUDIT = { pause: "run-paused", resume: "run-resumed", cancel: "run-cancelled" } as const satisfies Record<Control, string>;

/** The run list is read from our database; a content outage only leaves the sample column unknown. */
async function sampleIdsOrNull(content: CommandDeps["content"]): Promise<ReadonlySet<string> | null> {
  try {
    return await sampleDocumentIds(content);
  } catch (error) {
    if (error instanceof ContentUnavailableError) return null;
    throw error;
  }
}

function usage(problem: string): CommandResult {
  return { exitCode: 2, output: { error: problem, usage: BROADCAST_USAGE } };
}
