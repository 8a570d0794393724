/**
 * What staff do on the broadcast page, each with its audit entry: submit the current content for
 * approval (editor), approve or revoke (approver; the four-eyes rule and the version are checked
 * by app/broadcasts/approvals.server.ts), pause, resume or cancel a run (approver), set a test
 * phone and send a test to it (editor). The role is checked by the route (requireStaffForm) before
 * any of these runs; these check what only the data can tell. No audit entry or log line carries
 * a phone number or a message body.
 */
import { type PhoneKeyring } from "~/audience/phone-crypto.server";
import { normalizePhoneNumber } from "~/audience/phone-number";
import { recordAudit, type AuditAction } from "~/audit/audit-log.server";
import { approvalById, approve, revokeApproval, submitForApproval } from "~/broadcasts/approvals.server";
import { shortHash } from "~/broadcasts/content-hash";
import { audienceGroups } from "~/broadcasts/progress.server";
import { samplePolicy, SAMPLE_BLOCK_REASONS } from "~/broadcasts/sample-policy";
import { resolveTexts } from "~/broadcasts/run-spec";
import { controlRuns, listRuns, type Control } from "~/broadcasts/runs.server";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import type { Locale } from "~/i18n/locales";
import type { Logger } from "~/lib/logger.server";
import { smsSegmentCount } from "~/messaging/sms-segments";
import type { Transport } from "~/messaging/transport";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { currentHash, runSourceFor, type PageDocument } from "./broadcast-page.server";
import type { BroadcastStrings } from "./broadcast-strings";
import type { StaffUser } from "./staff-session.server";
import { removeTestPhone, setTestPhone, testPhoneOf } from "./test-phones.server";

export interface BroadcastActionServices {
  db: Database;
  env: Pick<Env, "BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS" | "messagingTransport" | "isProduction">;
  keyring: PhoneKeyring;
  transport: Pick<Transport, "senderFor">;
  logger: Logger;
  now: () => Date;
}

/** A done code (shown as `done_<code>` after the redirect) or a refusal with its HTTP status. */
export type ActionResult =
  | { ok: true; done: string }
  | { ok: false; status: number; error: keyof BroadcastStrings & `error_${string}`; values?: Record<string, string | number> };

const refuse = (status: number, error: Extract<ActionResult, { ok: false }>["error"], values?: Record<string, string | number>) =>
  ({ ok: false, status, error, ...(values ? { values } : {}) }) as const;

function actor(user: StaffUser) {
  return { userId: user.id, label: user.email };
}

/**
 * Who the broadcast would reach now, at most its own limit (the submission's and the four-eyes
 * rule's figure). Counted without prices: a bad price table must not block an approval.
 */
async function recipientsNow(services: BroadcastActionServices, page: PageDocument): Promise<number> {
  if (page.subject !== "broadcast") return 0;
  const groups = await audienceGroups(services.db, page.doc);
  const recipients = groups.reduce((sum, group) => sum + group.recipients, 0);
  return Math.min(recipients, page.doc.maxRecipients ?? Infinity);
}

export async function submitCurrent(
  services: BroadcastActionServices,
  user: StaffUser,
  page: PageDocument,
  seenHash: string,
): Promise<ActionResult> {
  const hash = currentHash(page);
  if (hash === null) return refuse(409, "error_cannotSend");
  if (hash !== seenHash) return refuse(409, "error_changed");
  await submitForApproval(
    services.db,
    {
      subject: page.subject,
      documentId: page.doc.id,
      contentHash: hash,
      title: page.doc.title,
      recipients: await recipientsNow(services, page),
      preparedBy: user.id,
    },
    services.now(),
  );
  await recordAudit(
    services.db,
    {
      actor: actor(user),
      action: "broadcast-submitted",
      target: { type: page.subject, id: page.doc.id },
      details: { contentHash: shortHash(hash) },
    },
    services.now(),
  );
  return { ok: true, done: "submitted" };
}

export async function approveCurrent(
  services: BroadcastActionServices,
  user: StaffUser,
  page: PageDocument,
  approvalId: number,
  seenHash: string,
): Promise<ActionResult> {
  const hash = currentHash(page);
  if (hash === null) return refuse(409, "error_cannotSend");
  const existing = await approvalById(services.db, approvalId);
  if (!existing || existing.documentId !== page.doc.id || existing.subject !== page.subject) return refuse(409, "error_notFound");
  const max = services.env.BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS;
  const result = await approve(
    services.db,
    {
      approvalId,
      approverId: user.id,
      currentHash: hash,
      seenHash,
      recipientsNow: await recipientsNow(services, page),
      selfApprovalMax: max,
    },
    services.now(),
  );
  if (!result.ok) {
    switch (result.reason) {
      case "not-found":
        return refuse(409, "error_notFound");
      case "already-approved":
        return refuse(409, "error_alreadyApproved");
      case "content-changed":
        return refuse(409, "error_changed");
      case "own-submission":
        // The four-eyes rule: the preparer cannot approve a broadcast this size alone.
        return refuse(403, "error_ownSubmission", { max });
    }
  }
  await recordAudit(
    services.db,
    {
      actor: actor(user),
      action: "broadcast-approved",
      target: { type: page.subject, id: page.doc.id },
      details: {
        approvalId,
        contentHash: shortHash(hash),
        preparedBy: result.approval.preparedBy,
        selfApproved: result.selfApproved,
        recipients: result.approval.recipients,
      },
    },
    services.now(),
  );
  services.logger.info({ documentId: page.doc.id, approvalId, selfApproved: result.selfApproved }, "staff: broadcast approved");
  return { ok: true, done: "approved" };
}

export async function revoke(
  services: BroadcastActionServices,
  user: StaffUser,
  page: PageDocument,
  approvalId: number,
): Promise<ActionResult> {
  const existing = await approvalById(services.db, approvalId);
  if (!existing || existing.documentId !== page.doc.id || existing.subject !== page.subject) return refuse(409, "error_notFound");
  const result = await revokeApproval(services.db, { approvalId, revokerId: user.id }, services.now());
  if (!result.ok) return refuse(409, "error_notFound");
  await recordAudit(
    services.db,
    {
      actor: actor(user),
      action: "approval-revoked",
      target: { type: page.subject, id: page.doc.id },
      details: {
        approvalId,
        contentHash: shortHash(result.approval.contentHash),
        wasApproved: result.approval.approvedAt !== null,
        runsHeld: result.runsHeld,
      },
    },
    services.now(),
  );
  return { ok: true, done: "revoked" };
}

const CONTROL_AUDIT: Record<Control, AuditAction> = { pause: "run-paused", resume: "run-resumed", cancel: "run-cancelled" };
const CONTROL_DONE: Record<Control, string> = { pause: "paused", resume: "resumed", cancel: "cancelled" };

/** Pause, resume or cancel one run of this document, as an operator (the Studio does not undo it). */
export async function controlRun(
  services: BroadcastActionServices,
  user: StaffUser,
  page: PageDocument,
  control: Control,
  runId: number,
): Promise<ActionResult> {
  const runs = await listRuns(services.db, { source: runSourceFor(page.subject), documentId: page.doc.id });
  const run = runs.find((each) => each.id === runId);
  if (!run) return refuse(409, "error_notFound");
  if (control === "resume" && (run.holdReason !== null || run.pausedBy === "approval")) return refuse(409, "error_heldForApproval");
  const result = await controlRuns(services.db, control, { runId }, "operator");
  if (result.runs === 0) return refuse(409, "error_runState", { intent: control });
  await recordAudit(
    services.db,
    {
      actor: actor(user),
      action: CONTROL_AUDIT[control],
      target: { type: "broadcast-run", id: String(runId) },
      details: { documentId: page.doc.id, messages: result.messages },
    },
    services.now(),
  );
  services.logger.info({ runId, control, messages: result.messages }, "staff: broadcast run controlled");
  return { ok: true, done: CONTROL_DONE[control] };
}

export async function dropTestPhone(services: BroadcastActionServices, user: StaffUser): Promise<ActionResult> {
  await removeTestPhone(services.db, user.id);
  return { ok: true, done: "test-phone-removed" };
}

export async function saveTestPhone(services: BroadcastActionServices, user: StaffUser, input: string): Promise<ActionResult> {
  const number = normalizePhoneNumber(input);
  if (!number.ok) return refuse(400, "error_badPhone", { reason: number.reason });
  await setTestPhone(services.db, services.keyring, user.id, number.e164, services.now());
  return { ok: true, done: "test-phone" };
}

/**
 * Queues the document's text in `locale` (as the jobs would resolve it: own text or the fallback)
 * to the user's test phone, at reply priority: it goes ahead of any broadcast backlog. SMS text
 * only; a WhatsApp template is not sent as a test. A sequence sends its first step.
 */
export async function sendTest(
  services: BroadcastActionServices,
  user: StaffUser,
  page: PageDocument,
  locale: Locale,
): Promise<ActionResult> {
  // Sample texts reach no real phone (decision 015), not even a staff member's, where samples are not sent.
  const samples = samplePolicy(services.env);
  if (page.doc.isSample && !samples.send) return refuse(409, "error_sampleTest", { reason: SAMPLE_BLOCK_REASONS[samples.because] });
  const phone = await testPhoneOf(services.db, services.keyring, user.id);
  if (!phone) return refuse(409, "error_noTestPhone");
  const messages =
    page.subject === "broadcast" ? page.doc.messages : ([...page.doc.steps].sort((a, b) => a.dayOffset - b.dayOffset)[0]?.messages ?? {});
  let body: string | undefined;
  try {
    body = resolveTexts(messages, {}, page.doc.fallbackLocale).find((text) => text.locale === locale)?.body;
  } catch {
    body = undefined;
  }
  if (!body) return refuse(409, "error_cannotSend");
  const now = services.now();
  const queued = await enqueueMessage(
    services.db,
    { keyring: services.keyring, senderFor: services.transport.senderFor, segmentsOf: smsSegmentCount },
    { to: phone, channel: "sms", subscriberId: null, body, kind: "reply", now },
  );
  if (!queued.enqueued) return refuse(409, "error_optedOut");
  await recordAudit(
    services.db,
    { actor: actor(user), action: "test-sent", target: { type: page.subject, id: page.doc.id }, details: { locale, outboxId: queued.id } },
    now,
  );
  return { ok: true, done: "test-sent" };
}
