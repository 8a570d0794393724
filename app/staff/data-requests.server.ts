/**
 * Data-subject requests on the staff pages (admin only): the steps between "an admin typed a
 * number" and "the file is downloaded" or "the number is erased", around the audience domain's
 * summary, export and erasure (app/audience/data-subject.server.ts). Decision 025.
 *
 * The number is typed once. It is then kept server-side, encrypted, in a request record that
 * lives 15 minutes and belongs to the admin who opened it; the pages carry only the record's
 * random id. It never goes back to the browser, into a URL, a log line or the audit log: the
 * audit names the internal subscriber id (or "not found") and counts.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import {
  eraseHeldData,
  exportHeldData,
  subscriberIdOf,
  summarizeHeldData,
  type ErasureResult,
  type HeldDataSummary,
} from "~/audience/data-subject.server";
import { decryptPhone, encryptPhone, type PhoneKeyring } from "~/audience/phone-crypto.server";
import { InvalidPhoneNumberError, phoneIdentity, type PhoneIdentity } from "~/audience/subscribers.server";
import { recordAudit } from "~/audit/audit-log.server";
import type { Database } from "~/db/client.server";
import { staffDataRequests } from "~/db/schema";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";

/** How long a request record keeps the typed number. */
export const DATA_REQUEST_LIFETIME_MS = 15 * 60_000;

/** The audit target of a data request: the subscriber, or "not found" when none is held. */
export const AUDIT_TARGET_TYPE = "subscriber";
export const NOT_FOUND_TARGET = "not found";

export interface DataRequestDeps {
  db: Database;
  keyring: PhoneKeyring;
  logger: Logger;
}

/** The staff user acting: id for the request record, email as the audit's actor label. */
export interface DataRequestActor {
  id: number;
  email: string;
}

/** A random request id (URL-safe) and the hash stored in its place. */
function newRequestId(): { id: string; hash: string } {
  const id = randomBytes(24).toString("base64url");
  return { id, hash: hashRequestId(id) };
}

function hashRequestId(id: string): string {
  return createHash("sha256").update(id, "utf8").digest("hex");
}

/** Request ids as `newRequestId` makes them; anything else is not looked up at all. */
const REQUEST_ID = /^[A-Za-z0-9_-]{32}$/;

export type OpenDataRequestResult = { ok: true; requestId: string } | { ok: false; problem: "invalid-number" };

/**
 * Validates and normalizes the typed number as the inbound webhook does (`phoneIdentity`) and
 * opens a request record for it. Expired records (anyone's) are deleted on the way.
 */
export async function openDataRequest(
  deps: DataRequestDeps,
  actor: DataRequestActor,
  rawNumber: string,
  now: Date,
): Promise<OpenDataRequestResult> {
  let phone: PhoneIdentity;
  try {
    phone = phoneIdentity(deps.keyring, rawNumber);
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return { ok: false, problem: "invalid-number" };
    throw error;
  }
  await deleteExpiredDataRequests(deps.db, now);
  const { id, hash } = newRequestId();
  // Looking a number up already tells the admin whether a person is held: it is audited in the
  // same transaction as the request record, so there is no unaudited lookup.
  await deps.db.transaction(async (tx) => {
    await tx.insert(staffDataRequests).values({
      idHash: hash,
      staffUserId: actor.id,
      phoneCiphertext: encryptPhone(deps.keyring, phone.e164),
      createdAt: now,
      expiresAt: new Date(now.getTime() + DATA_REQUEST_LIFETIME_MS),
    });
    const subscriberId = await subscriberIdOf(tx, phone.phoneIndex);
    await recordAudit(
      tx,
      {
        actor: { userId: actor.id, label: actor.email },
        action: "data-looked-up",
        target: { type: AUDIT_TARGET_TYPE, id: subscriberId === null ? NOT_FOUND_TARGET : String(subscriberId) },
      },
      now,
    );
  });
  return { ok: true, requestId: id };
}

/** Deletes request records past their lifetime; returns how many (also run by purge-retention). */
export async function deleteExpiredDataRequests(db: Database, now: Date): Promise<number> {
  const deleted = await db
    .delete(staffDataRequests)
    .where(lt(staffDataRequests.expiresAt, now))
    .returning({ idHash: staffDataRequests.idHash });
  return deleted.length;
}

/** A live request of this admin: the number it is about, or the fact that it was erased. */
export type DataRequest =
  { state: "open"; requestId: string; phone: PhoneIdentity } | { state: "erased"; requestId: string; erasedAt: Date };

/** The admin's own live request with this id, else null (unknown, expired, someone else's). */
export async function findDataRequest(
  deps: Pick<DataRequestDeps, "db" | "keyring">,
  actor: DataRequestActor,
  requestId: string,
  now: Date,
): Promise<DataRequest | null> {
  if (!REQUEST_ID.test(requestId)) return null;
  const rows = await deps.db
    .select()
    .from(staffDataRequests)
    .where(
      and(
        eq(staffDataRequests.idHash, hashRequestId(requestId)),
        eq(staffDataRequests.staffUserId, actor.id),
        gt(staffDataRequests.expiresAt, now),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (row.phoneCiphertext === null) return { state: "erased", requestId, erasedAt: row.erasedAt ?? row.createdAt };
  return { state: "open", requestId, phone: phoneIdentity(deps.keyring, decryptPhone(deps.keyring, row.phoneCiphertext)) };
}

/** What the page shows: held data without the number. */
export function summarizeDataRequest(db: Database, request: Extract<DataRequest, { state: "open" }>): Promise<HeldDataSummary> {
  return summarizeHeldData(db, request.phone.phoneIndex);
}

/** The export file: JSON text and a file name that holds no number. */
export interface DataExportFile {
  filename: string;
  body: string;
}

/**
 * Builds the export, then records `data-exported`. The file leaves only once the audit entry is
 * written: an export nobody can trace must not happen, so an audit failure fails the download.
 */
export async function exportDataRequest(
  deps: DataRequestDeps,
  actor: DataRequestActor,
  request: Extract<DataRequest, { state: "open" }>,
  now: Date,
): Promise<DataExportFile> {
  const file = await exportHeldData(deps.db, deps.keyring, request.phone, now);
  const subscriberId = file.subscription?.id ?? null;
  await recordAudit(
    deps.db,
    {
      actor: { userId: actor.id, label: actor.email },
      action: "data-exported",
      target: { type: AUDIT_TARGET_TYPE, id: subscriberId === null ? NOT_FOUND_TARGET : String(subscriberId) },
      details: { held: file.held, outboxMessages: file.outboxMessages.length, inboundMessages: file.inboundMessages.length },
    },
    now,
  );
  deps.logger.info({ subscriberId, held: file.held }, "data-subject export downloaded");
  const day = now.toISOString().slice(0, 10);
  return { filename: `data-export-${subscriberId ?? "not-found"}-${day}.json`, body: `${JSON.stringify(file, null, 2)}\n` };
}

export interface DataErasureOutcome {
  result: ErasureResult;
  /** False when the audit entry could not be written (the erasure stands; the error is logged). */
  audited: boolean;
}

/**
 * Erases the number's data (the DELETE keyword's own erasure), blanks the request's copy of the
 * number, and records `data-erased`, in one transaction in that order. The audit entry is written
 * in a savepoint of its own: if it fails, the erasure still commits (a person's erasure must not
 * hang on our bookkeeping) and the failure is logged and shown. A number of which nothing is held
 * is not "erased" into a tombstone; the request is still audited, as "not found".
 */
export async function eraseDataRequest(
  deps: DataRequestDeps,
  actor: DataRequestActor,
  request: Extract<DataRequest, { state: "open" }>,
  now: Date,
): Promise<DataErasureOutcome> {
  const outcome = await deps.db.transaction(async (tx) => {
    const summary = await summarizeHeldData(tx, request.phone.phoneIndex);
    const result: ErasureResult = summary.held
      ? await eraseHeldData(tx, request.phone.phoneIndex, now)
      : { subscriberId: null, outboxMessages: 0, inboundMessages: 0 };
    await tx
      .update(staffDataRequests)
      .set({ phoneCiphertext: null, erasedAt: now })
      .where(eq(staffDataRequests.idHash, hashRequestId(request.requestId)));
    let auditError: unknown = null;
    try {
      await tx.transaction((savepoint) =>
        recordAudit(
          savepoint,
          {
            actor: { userId: actor.id, label: actor.email },
            action: "data-erased",
            target: { type: AUDIT_TARGET_TYPE, id: result.subscriberId === null ? NOT_FOUND_TARGET : String(result.subscriberId) },
            details: { held: summary.held, outboxMessages: result.outboxMessages, inboundMessages: result.inboundMessages },
          },
          now,
        ),
      );
    } catch (error) {
      auditError = error;
    }
    return { result, auditError };
  });
  if (outcome.auditError !== null) {
    deps.logger.error(
      { error: errorFacts(outcome.auditError), subscriberId: outcome.result.subscriberId },
      "data erased, but its audit entry failed",
    );
  }
  deps.logger.info({ subscriberId: outcome.result.subscriberId }, "data-subject erasure done");
  return { result: outcome.result, audited: outcome.auditError === null };
}
