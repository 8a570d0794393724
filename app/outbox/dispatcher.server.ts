/**
 * The dispatcher: each tick reconciles sends with an unknown outcome, claims due messages, and
 * sends them through the transport, recording each answer. `startDispatcher` runs ticks in a
 * loop (never two at once in a process; several processes are safe thanks to SKIP LOCKED).
 *
 * Per message: rate-limit token for its sender (or put back untried), then, in groups of
 * `concurrency`: opt-out and lease re-check right before the calls, decrypt, send, record.
 * Nothing logged here carries a number or a body: outbox ids, error classes and codes only.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { decryptPhone, type PhoneKeyring } from "~/audience/phone-crypto.server";
import { optOutByIndex } from "~/audience/opt-out.server";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import type { Logger } from "~/lib/logger.server";
import type { LookupResult, Transport } from "~/messaging/transport";
import { claimDueMessages } from "./claim.server";
import type { ClaimedMessage } from "./outbox-row.server";
import { SenderRateLimiter } from "./rate-limiter";
import { expireLease, guardBeforeSend, recordOutcomes, releaseUntried, type SendOutcome } from "./record-outcome.server";
import { providerIdsOfOtherRows, reconcileUnknownSends } from "./reconcile.server";
import { contentToSend, templateOf, WHATSAPP_WINDOW_CLOSED_CODE, type MessageContent } from "./message-content";
import { afterSendError, MAX_UNKNOWN_OUTCOME_ATTEMPTS } from "./retry-policy";
import { outcomeMayBeUnknown, retryDelayMs } from "./send-errors";

export type DispatcherEnv = Pick<Env, "OUTBOX_BATCH_SIZE" | "OUTBOX_LEASE_SECONDS" | "OUTBOX_DISPATCH_INTERVAL_MS" | "OUTBOX_RATE_PER_SENDER">;

export interface DispatchDeps {
  db: Database;
  transport: Transport;
  keyring: PhoneKeyring;
  logger: Logger;
  env: DispatcherEnv;
  workerId: string;
  rateLimiter: SenderRateLimiter;
  /** Sends in flight at once within a tick (default 8). */
  concurrency?: number;
  now?: Date;
}

export interface DispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  reconciled: number;
  /** Claimed but put back untried: their sender had no rate-limit token. */
  deferred: number;
}

const DEFAULT_CONCURRENCY = 8;

/** A worker id unique to this process and start: leases are checked against it. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

export async function dispatchOnce(deps: DispatchDeps): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, sent: 0, retried: 0, failed: 0, cancelled: 0, reconciled: 0, deferred: 0 };
  const leaseSeconds = deps.env.OUTBOX_LEASE_SECONDS;

  const reconciliation = await reconcileUnknownSends({ ...deps, leaseSeconds });
  report.reconciled = reconciliation.found + reconciliation.requeued + reconciliation.failed;

  const claim = await claimDueMessages(deps.db, { workerId: deps.workerId, limit: deps.env.OUTBOX_BATCH_SIZE, leaseSeconds, now: deps.now });
  report.claimed = claim.messages.length;
  report.cancelled += claim.cancelled;

  // Tokens are handed out in claim order, so replies (priority 0) get them before broadcasts.
  const ready: ClaimedMessage[] = [];
  const deferred: Array<{ message: ClaimedMessage; delayMs: number }> = [];
  const waiting = new Map<string, number>();
  for (const message of claim.messages) {
    const sender = message.sender ?? `unassigned-${message.channel}`;
    if (deps.rateLimiter.tryTake(sender).ok) {
      ready.push(message);
      continue;
    }
    const position = waiting.get(sender) ?? 0;
    waiting.set(sender, position + 1);
    deferred.push({ message, delayMs: deps.rateLimiter.delayFor(sender, position) });
  }
  await releaseUntried(deps.db, deferred, deps.now);
  report.deferred = deferred.length;

  // Groups of `concurrency`: each group's opt-out re-check is one statement issued right
  // before its provider calls start, and its outcomes are recorded in one statement while the
  // next group is already being sent (the database and the provider work side by side).
  const groupSize = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
  let recording: Promise<void> = Promise.resolve();
  for (let start = 0; start < ready.length; start += groupSize) {
    const group = ready.slice(start, start + groupSize);
    try {
      const sent = await sendGroup(deps, group, report);
      const previous = recording;
      recording = previous.then(() => recordGroup(deps, sent, report));
      // A carrier STOP must be in force before anything else is sent: wait for it.
      if (sent.some(({ outcome }) => stoppedAtCarrier(outcome))) await recording;
    } catch (error) {
      // A database error while checking: the rows keep their leases and, once those expire,
      // are reconciled with the provider before any resend.
      deps.logger.error({ outboxIds: group.map((m) => m.id), error: errorName(error) }, "outbox: dispatching a group failed");
    }
  }
  await recording;
  return report;
}

interface SentItem {
  message: ClaimedMessage;
  outcome: SendOutcome | null;
}

/** Re-checks the group (opt-out, lease) and makes its provider calls, all at once. */
async function sendGroup(deps: DispatchDeps, group: readonly ClaimedMessage[], report: DispatchReport): Promise<SentItem[]> {
  const verdicts = await guardBeforeSend(deps.db, group, { leaseSeconds: deps.env.OUTBOX_LEASE_SECONDS, now: deps.now });
  const toSend: ClaimedMessage[] = [];
  for (const message of group) {
    const verdict = verdicts.get(message.id);
    if (verdict === "send") toSend.push(message);
    else if (verdict === "cancelled") report.cancelled += 1;
    else deps.logger.warn({ outboxId: message.id }, "outbox: lease lost before sending, left to reconciliation");
  }
  return Promise.all(toSend.map(async (message) => ({ message, outcome: await sendOne(deps, message) })));
}

/** Records a group's outcomes in one statement, then applies carrier STOPs. Never throws. */
async function recordGroup(deps: DispatchDeps, sent: readonly SentItem[], report: DispatchReport): Promise<void> {
  const recorded = sent.map(({ outcome }) => outcome).filter((outcome): outcome is SendOutcome => outcome !== null);
  try {
    await recordOutcomes(deps.db, recorded, deps.now);
  } catch (error) {
    // Not recorded: the rows keep their leases and are reconciled with the provider (which
    // has the sent ones) once the leases expire. Nothing is resent blindly.
    deps.logger.error({ outboxIds: recorded.map((o) => o.message.id), error: errorName(error) }, "outbox: recording outcomes failed");
    return;
  }
  for (const item of recorded) {
    if (item.outcome === "sent") {
      report.sent += 1;
      continue;
    }
    const facts = { outboxId: item.message.id, code: item.code, attempts: item.message.attempts };
    if (item.outcome === "retry") {
      report.retried += 1;
      deps.logger.debug({ ...facts, retryInMs: item.delayMs }, "outbox: send failed, will retry");
    } else {
      report.failed += 1;
      deps.logger.info(facts, "outbox: send failed for good");
    }
  }
  for (const item of recorded.filter(stoppedAtCarrier)) {
    try {
      // The carrier says this number replied STOP to it: nothing more may go to it, from any flow.
      await optOutByIndex(deps.db, item.message.recipientIndex, "provider-21610");
      deps.logger.info({ outboxId: item.message.id }, "outbox: recipient stopped at the carrier, opted out");
    } catch (error) {
      deps.logger.error({ outboxId: item.message.id, error: errorName(error) }, "outbox: could not record a carrier opt-out");
    }
  }
}

function stoppedAtCarrier(outcome: SendOutcome | null | undefined): boolean {
  return outcome?.outcome === "failed" && outcome.code === CONTACT_STOPPED_CODE;
}

const CONTACT_STOPPED_CODE = "21610";

/** One provider call. Null when the transport threw: the row is then left to reconciliation. */
async function sendOne(deps: DispatchDeps, message: ClaimedMessage): Promise<SendOutcome | null> {
  let to: string;
  try {
    to = decryptPhone(deps.keyring, message.recipientCiphertext);
  } catch (error) {
    deps.logger.error({ outboxId: message.id, error: errorName(error) }, "outbox: recipient cannot be decrypted (missing key?)");
    return { message, outcome: "failed", code: "undecryptable" };
  }
  const content = contentToSend(message);
  if (!content) return { message, outcome: "failed", code: WHATSAPP_WINDOW_CLOSED_CODE };
  if (outcomeMayBeUnknown(message.previousErrorCode)) {
    const earlier = await lookUpEarlierAttempt(deps, message, to);
    if (earlier) return earlier;
  }
  const send = (what: MessageContent) =>
    deps.transport.send({ outboxId: message.id, channel: message.channel, to, from: message.sender, ...what });
  let result: Awaited<ReturnType<Transport["send"]>>;
  try {
    result = await send(content);
    // The window closed between the claim and the send: WhatsApp refused the free text, and
    // created nothing, so the template goes instead (once, within the same claim).
    const template = templateOf(message);
    if (!result.ok && result.error.kind === "whatsappWindowClosed" && content.contentSid === null && template) {
      result = await send(template);
    }
  } catch (error) {
    await expireLease(deps.db, message, deps.now);
    deps.logger.error({ outboxId: message.id, error: errorName(error) }, "outbox: transport threw; the row will be reconciled");
    return null;
  }
  if (result.ok) {
    return { message, outcome: "sent", providerMessageId: result.providerMessageId, status: result.status, segments: result.segments };
  }
  const { error } = result;
  if (error.kind === "contactStopped") return { message, outcome: "failed", code: CONTACT_STOPPED_CODE };
  const next = afterSendError(error, message.attempts);
  return next.action === "retry"
    ? { message, outcome: "retry", code: error.code, delayMs: next.delayMs }
    : { message, outcome: "failed", code: error.code };
}

/**
 * The previous attempt ended in a 5xx or a broken connection: the provider may have created the
 * message anyway. Asked first, so it is never sent twice: found → recorded as sent; the provider
 * cannot say → tried again later; not found → null, send now.
 */
async function lookUpEarlierAttempt(deps: DispatchDeps, message: ClaimedMessage, to: string): Promise<SendOutcome | null> {
  let lookup: LookupResult;
  try {
    lookup = await deps.transport.findSent({
      outboxId: message.id,
      to,
      channel: message.channel,
      body: message.contentSid ? null : message.body,
      since: message.createdAt,
      excludeProviderIds: await providerIdsOfOtherRows(deps.db, message, message.createdAt),
    });
  } catch (error) {
    lookup = { found: "unknown", reason: errorName(error) };
  }
  if (lookup.found === true) {
    deps.logger.info({ outboxId: message.id }, "outbox: an earlier attempt reached the provider after all, recorded as sent");
    return { message, outcome: "sent", providerMessageId: lookup.providerMessageId, status: lookup.status, segments: null };
  }
  if (lookup.found === "unknown") {
    // Bounded like any temporary failure: better a message lost and reported than a loop.
    if (message.attempts >= MAX_UNKNOWN_OUTCOME_ATTEMPTS) return { message, outcome: "failed", code: "unknown-outcome" };
    return { message, outcome: "retry", code: message.previousErrorCode ?? "unknown-outcome", delayMs: retryDelayMs(message.attempts) };
  }
  return null;
}

function errorName(error: unknown): string {
  // Names and codes only: driver messages can quote parameters (a ciphertext, a body).
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.name : "unknown";
}

export interface DispatcherHandle {
  /** Stops the loop and waits for the tick in flight to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `dispatchOnce` every OUTBOX_DISPATCH_INTERVAL_MS, and at once again while batches come
 * back full (a backlog drains at full speed, an idle outbox costs one query pair per interval).
 */
export function startDispatcher(deps: Omit<DispatchDeps, "workerId" | "rateLimiter" | "now"> & { workerId?: string; rateLimiter?: SenderRateLimiter }): DispatcherHandle {
  const full: DispatchDeps = {
    ...deps,
    workerId: deps.workerId ?? newWorkerId(),
    rateLimiter: deps.rateLimiter ?? new SenderRateLimiter({ ratePerSecond: deps.env.OUTBOX_RATE_PER_SENDER }),
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const tick = async (): Promise<void> => {
    let busy = false;
    try {
      const report = await dispatchOnce(full);
      busy = report.claimed > 0 && report.claimed + report.cancelled >= full.env.OUTBOX_BATCH_SIZE && report.deferred < report.claimed;
      if (report.claimed + report.reconciled + report.cancelled > 0) full.logger.debug({ ...report }, "outbox: dispatch tick");
    } catch (error) {
      full.logger.error({ error: errorName(error) }, "outbox: dispatch tick failed");
    }
    if (!stopped) timer = setTimeout(run, busy ? 0 : full.env.OUTBOX_DISPATCH_INTERVAL_MS);
  };
  const run = (): void => {
    inFlight = tick().finally(() => {
      inFlight = undefined;
    });
  };

  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
