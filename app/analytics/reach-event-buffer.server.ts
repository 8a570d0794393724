/**
 * Site events are not written one by one: a page view costs the request a push into memory, and
 * the buffer writes everything gathered in one INSERT every `flushIntervalMs` (default 1 s) or as
 * soon as `maxEvents` (default 500) are waiting, whichever comes first. A crash (SIGKILL, power
 * loss) therefore loses at most the events of the last second, or 500 events; a graceful shutdown
 * (`stop()`) writes them. A failed write keeps its events for the next flush, up to
 * `maxBacklog`; beyond that the oldest are dropped (and counted), so a long database outage costs
 * counts, never the process's memory.
 */
import type { Database } from "~/db/client.server";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import type { ReachEventRecord } from "./reach-event-record";
import { insertReachEvents } from "./record-reach-events.server";

export interface ReachEventBufferOptions {
  db: Database;
  logger: Logger;
  flushIntervalMs?: number;
  maxEvents?: number;
  maxBacklog?: number;
}

export interface ReachEventBuffer {
  push(event: ReachEventRecord): void;
  /** Writes what is waiting now; resolves when it is written (or failed and kept). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is waiting. */
  stop(): Promise<void>;
  readonly pending: number;
  /** Events dropped because the backlog was full (database down for long). */
  readonly dropped: number;
}

export function createReachEventBuffer(options: ReachEventBufferOptions): ReachEventBuffer {
  const { db, logger } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 1_000;
  const maxEvents = options.maxEvents ?? 500;
  const maxBacklog = options.maxBacklog ?? 100_000;
  let waiting: ReachEventRecord[] = [];
  let dropped = 0;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;

  const write = async (): Promise<void> => {
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    try {
      await insertReachEvents(db, batch);
    } catch (error) {
      logger.error({ error: errorFacts(error), events: batch.length }, "reach events not written; kept for the next flush");
      waiting = batch.concat(waiting);
      if (waiting.length > maxBacklog) {
        dropped += waiting.length - maxBacklog;
        waiting = waiting.slice(waiting.length - maxBacklog);
      }
    }
  };

  // One write at a time, in order: a flush waits for the one before it.
  const flush = (): Promise<void> => {
    writing = writing.then(write);
    return writing;
  };

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    push(event) {
      if (stopped) return;
      waiting.push(event);
      if (waiting.length >= maxEvents) void flush();
    },
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await flush();
    },
    get pending() {
      return waiting.length;
    },
    get dropped() {
      return dropped;
    },
  };
}
