/**
 * Says which sample documents a job leaves out, and why, once: the planner ticks every 20 s and
 * the enroller every minute, and the same line forever would bury everything else. It says it
 * again when the list or the reason changes (a new sample, one unmarked, a configuration change),
 * and once per process start. One instance lives in the job context (jobs/job-context.ts).
 */
import type { Logger } from "~/lib/logger.server";
import { SAMPLE_BLOCK_REASONS, type SampleBlock } from "./sample-policy";

export type SampleDocumentKind = "broadcasts" | "sequences";

export class SampleSkipLog {
  readonly #lastLogged = new Map<SampleDocumentKind, string>();

  /** `documentIds`: the samples this tick left out (empty: none, which resets the memory). */
  note(logger: Logger, kind: SampleDocumentKind, documentIds: readonly string[], because: SampleBlock): void {
    const ids = [...documentIds].sort();
    const signature = JSON.stringify([because, ids]);
    if (this.#lastLogged.get(kind) === signature) return;
    this.#lastLogged.set(kind, signature);
    if (ids.length === 0) return;
    logger.info(
      { documentIds: ids, because },
      `${kind}: sample ${kind} not sent (${SAMPLE_BLOCK_REASONS[because]}); samples go only to the dev phone of a development site`,
    );
  }
}
