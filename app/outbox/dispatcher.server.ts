/**
 * The dispatcher: each tick reconciles sends with an unknown outcome, claims due messages, and
 * sends them through the transport, recording each answer. The one loop that runs ticks is the
 * `dispatch-outbox` job (jobs/dispatch-outbox.ts, scheduled by jobs/scheduler.ts in `npm start`
 * and `npm run jobs` alike; decision 013): never two at once in a process, and several processes
 * are safe thanks to SKIP LOCKED.
 *
 * Per message: a send token for its sender, shared by all processes (or put back untried), then,
 * in groups of `concurrency`: opt-out and lease re-check right before the calls, decrypt, send,
 * record.
 * Nothing logged here carries a number or a body: outbox ids, failure kinds and codes only.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { decryptPhone, type PhoneKeyring } from "~/audience/phone-crypto.server";
import { optOutByIndex } from "~/audience/opt-out.server";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { claimDueMessages } from "./claim.server";
import { scrubEraseConfirmations } from "./erase-confirmations.server";
import type { ClaimedMessage } from "./outbox-row.server";
import { paceBatch, senderPace, type PacedBatch } from "./sender-pacing.server";
import { expireLease, guardBeforeSend, recordOutcomes, releaseUntried, type AttemptRecord } from "./record-outcome.server";
import { providerIdsOfOtherRows, reconcileUnknownSends } from "./reconcile.server";
import { contentToSend, NO_TEMPLATE_CODE, templateOf, type MessageContent } from "./message-content";
import type { LookupResult, OutboxTransport } from "./outbox-transport";
import { afterFailure, MAX_UNKNOWN_OUTCOME_ATTEMPTS, mustLookUpFirst, retryDelayMs } from "./retry-policy";
import { failureKindOf, type SendOutcome } from "./send-outcome";

export type DispatcherEnv = Pick<
  Env,
  "OUTBOX_BATCH_SIZE" | "OUTBOX_LEASE_SECONDS" | "OUTBOX_DISPATCH_INTERVAL_MS" | "OUTBOX_RATE_PER_SENDER" | "OUTBOX_SEND_CONCURRENCY"
>;

export interface DispatchDeps {
  db: Database;
  transport: OutboxTransport;
  keyring: PhoneKeyring;
  logger: Logger;
  env: DispatcherEnv;
  workerId: string;
  /** Sends in flight at once within a tick (default OUTBOX_SEND_CONCURRENCY). */
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

/** When a batch is put back because its send tokens could not be taken (a database error). */
const PACING_FAILED_RETRY_MS = 1_000;

/** A worker id unique to this process and start: leases are checked against it. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

export async function dispatchOnce(deps: DispatchDeps): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, sent: 0, retried: 0, failed: 0, cancelled: 0, reconciled: 0, deferred: 0 };
  const leaseSeconds = deps.env.OUTBOX_LEASE_SECONDS;

  const reconciliation = await reconcileUnknownSends({ ...deps, leaseSeconds });
  report.reconciled = reconciliation.found + reconciliation.requeued + reconciliation.failed;

  const claim = await claimDueMessages(deps.db, {
    workerId: deps.workerId,
    limit: deps.env.OUTBOX_BATCH_SIZE,
    leaseSeconds,
    now: deps.now,
  });
  report.claimed = claim.messages.length;
  report.cancelled += claim.cancelled;

  // Tokens are shared by every process (sender-pacing.server.ts) and handed out in claim order,
  // so replies (priority 0) get them before broadcasts.
  const pace = senderPace(deps.env.OUTBOX_RATE_PER_SENDER);
  let paced: PacedBatch;
  try {
    paced = await paceBatch(deps.db, claim.messages, pace, deps.now);
  } catch (error) {
    // Untried, so safe to put back as they are (not left to lease expiry and provider lookups).
    deps.logger.error({ outboxIds: claim.messages.map((m) => m.id), error: errorFacts(error) }, "outbox: taking send tokens failed");
    paced = { ready: [], deferred: claim.messages.map((message) => ({ message, delayMs: PACING_FAILED_RETRY_MS })) };
  }
  const { ready, deferred } = paced;
  await releaseUntried(deps.db, deferred, deps.now);
  report.deferred = deferred.length;

  // Groups of `concurrency`: each group's opt-out re-check is one statement issued right
  // before its provider calls start, and its outcomes are recorded in one statement while the
  // next group is already being sent (the database and the provider work side by side).
  const groupSize = Math.max(1, deps.concurrency ?? deps.env.OUTBOX_SEND_CONCURRENCY);
  let recording: Promise<void> = Promise.resolve();
  for (let start = 0; start < ready.length; start += groupSize) {
    const group = ready.slice(start, start + groupSize);
    try {
      const sent = await sendGroup(deps, group, report);
      const previous = recording;
      recording = previous.then(() => recordGroup(deps, sent, report));
      // A carrier STOP must be in force before anything else is sent: wait for it.
      if (sent.some(({ record }) => stoppedAtCarrier(record))) await recording;
    } catch (error) {
      // A database error while checking: the rows keep their leases and, once those expire,
      // are reconciled with the provider before any resend.
      deps.logger.error({ outboxIds: group.map((m) => m.id), error: errorFacts(error) }, "outbox: dispatching a group failed");
    }
  }
  await recording;
  return report;
}

interface SentItem {
  message: ClaimedMessage;
  record: AttemptRecord | null;
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
  return Promise.all(toSend.map(async (message) => ({ message, record: await sendOne(deps, message) })));
}

/**
 * Applies carrier STOPs, then records a group's outcomes in one statement, then scrubs the DELETE
 * confirmations that went out (or failed for good). Never throws.
 */
async function recordGroup(deps: DispatchDeps, sent: readonly SentItem[], report: DispatchReport): Promise<void> {
  const recorded = sent.map(({ record }) => record).filter((record): record is AttemptRecord => record !== null);
  // First, each on its own: the carrier says the number replied STOP to it, and nothing more may
  // go to it from any flow. Recording the outcomes below may fail; this opt-out must not depend
  // on it (were it lost, the row's reconciliation would not bring it back: a refusal for a
  // stopped contact creates no message at the provider to be found).
  for (const item of recorded.filter(stoppedAtCarrier)) {
    try {
      await optOutByIndex(deps.db, item.message.recipientIndex, "carrier-stop", deps.now);
      deps.logger.info({ outboxId: item.message.id }, "outbox: recipient stopped at the carrier, opted out");
    } catch (error) {
      deps.logger.error({ outboxId: item.message.id, error: errorFacts(error) }, "outbox: could not record a carrier opt-out");
    }
  }
  try {
    await recordOutcomes(deps.db, recorded, deps.now);
  } catch (error) {
    // Not recorded: the rows keep their leases and are reconciled with the provider (which
    // has the sent ones) once the leases expire. Nothing is resent blindly.
    deps.logger.error({ outboxIds: recorded.map((o) => o.message.id), error: errorFacts(error) }, "outbox: recording outcomes failed");
    return;
  }
  for (const item of recorded) {
    if (item.outcome === "sent") {
      report.sent += 1;
      continue;
    }
    const facts = { outboxId: item.message.id, kind: item.kind, code: item.code, attempts: item.message.attempts };
    if (item.outcome === "retry") {
      report.retried += 1;
      deps.logger.debug({ ...facts, retryInMs: item.delayMs }, "outbox: send failed, will retry");
    } else {
      report.failed += 1;
      deps.logger.info(facts, "outbox: send failed for good");
    }
  }
  const erasures = recorded.filter((item) => item.message.optOutExempt === "erase-confirmation" && item.outcome !== "retry");
  if (erasures.length > 0) {
    try {
      await scrubEraseConfirmations(deps.db, { ids: erasures.map((item) => item.message.id), now: deps.now });
    } catch (error) {
      // Left for the retention job's sweep; the number is still tombstoned and gets nothing more.
      deps.logger.error(
        { outboxIds: erasures.map((item) => item.message.id), error: errorFacts(error) },
        "outbox: could not scrub a sent erase confirmation",
      );
    }
  }
}

function stoppedAtCarrier(record: AttemptRecord | null | undefined): boolean {
  return record?.outcome === "failed" && record.kind === "contact-stopped";
}

/** One provider call. Null when the transport threw: the row is then left to reconciliation. */
async function sendOne(deps: DispatchDeps, message: ClaimedMessage): Promise<AttemptRecord | null> {
  let to: string;
  try {
    to = decryptPhone(deps.keyring, message.recipientCiphertext);
  } catch (error) {
    deps.logger.error({ outboxId: message.id, error: errorFacts(error) }, "outbox: recipient cannot be decrypted (missing key?)");
    return { message, outcome: "failed", kind: "undecryptable", code: "undecryptable" };
  }
  const content = contentToSend(message);
  if (!content) return { message, outcome: "failed", kind: "whatsapp-window-closed", code: NO_TEMPLATE_CODE };
  if (mustLookUpFirst(message.previousFailureKind)) {
    const earlier = await lookUpEarlierAttempt(deps, message, to);
    if (earlier) return earlier;
  }
  const send = (what: MessageContent) =>
    deps.transport.send({ outboxId: message.id, channel: message.channel, to, from: message.sender, ...what });
  let result: SendOutcome;
  try {
    result = await send(content);
    // The window closed between the claim and the send: WhatsApp refused the free text, and
    // created nothing, so the template goes instead (once, within the same claim).
    const template = templateOf(message);
    if (result.outcome === "whatsapp-window-closed" && content.contentSid === null && template) {
      result = await send(template);
    }
  } catch (error) {
    await expireLease(deps.db, message, deps.now);
    deps.logger.error({ outboxId: message.id, error: errorFacts(error) }, "outbox: transport threw; the row will be reconciled");
    return null;
  }
  if (result.outcome === "accepted") {
    return { message, outcome: "sent", providerMessageId: result.providerMessageId, status: result.status, segments: result.segments };
  }
  const kind = failureKindOf(result);
  const next = afterFailure(result, message.attempts);
  return next.action === "retry"
    ? { message, outcome: "retry", kind, code: result.diagnosticCode, delayMs: next.delayMs }
    : { message, outcome: "failed", kind, code: result.diagnosticCode };
}

/**
 * The previous attempt may have been sent (a 5xx, a timeout, a broken connection): the provider
 * may have created the message anyway. Asked first, so it is never sent twice: found → recorded
 * as sent; the provider cannot say → tried again later; not found → null, send now.
 */
async function lookUpEarlierAttempt(deps: DispatchDeps, message: ClaimedMessage, to: string): Promise<AttemptRecord | null> {
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
    lookup = { found: "unknown", reason: errorFacts(error).name };
  }
  if (lookup.found === true) {
    deps.logger.info({ outboxId: message.id }, "outbox: an earlier attempt reached the provider after all, recorded as sent");
    return { message, outcome: "sent", providerMessageId: lookup.providerMessageId, status: lookup.status, segments: null };
  }
  if (lookup.found === "unknown") {
    // Bounded like any temporary failure: better a message lost and reported than a loop.
    if (message.attempts >= MAX_UNKNOWN_OUTCOME_ATTEMPTS)
      return { message, outcome: "failed", kind: "unknown-outcome", code: "unknown-outcome" };
    // Still may-have-been-sent: the next attempt asks again before anything is sent.
    return {
      message,
      outcome: "retry",
      kind: "may-have-been-sent",
      code: message.previousErrorCode ?? "unknown-outcome",
      delayMs: retryDelayMs(message.attempts),
    };
  }
  return null;
}
