/**
 * One-time sign-in codes: 6 digits, valid 10 minutes, 5 guesses, sent by SMS through the outbox
 * at reply priority (with the local transport they arrive on /dev/phone). The form carries a
 * random challenge, not the number; the table keeps sha-256 of the challenge and an HMAC of the
 * code under SESSION_SECRET. A new code for an account retires the earlier ones. Nothing here logs
 * a number or a code.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { enqueueMessage, type EnqueueDeps } from "~/outbox/enqueue.server";

export const CODE_DIGITS = 6;
export const CODE_TTL_SECONDS = 10 * 60;
export const CODE_MAX_ATTEMPTS = 5;

export interface SignInCodeDeps {
  db: Database;
  /** HMAC key for stored codes (SESSION_SECRET). */
  secret: string;
  enqueue: EnqueueDeps & { keyring: PhoneKeyring };
}

export type IssueResult = { ok: true; challenge: string } | { ok: false; reason: "not-sendable" };

export function hashChallenge(challenge: string): string {
  return createHash("sha256").update(challenge).digest("base64url");
}

function hashCode(secret: string, challengeHash: string, code: string): string {
  return createHmac("sha256", secret).update(`volunteer-code:${challengeHash}:${code}`).digest("base64url");
}

/**
 * Creates a code for the volunteer and queues the SMS. `text` builds the message from the code
 * (localized by the caller). Not rate-limited here: the caller takes the marks first.
 */
export async function issueSignInCode(
  deps: SignInCodeDeps,
  request: { volunteerId: number; phone: string; text: (code: string) => string; now?: Date },
): Promise<IssueResult> {
  const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
  const challenge = randomBytes(24).toString("base64url");
  const challengeHash = hashChallenge(challenge);
  const now = sqlNow(request.now);
  await runSql(
    deps.db,
    sql`update volunteer_sign_in_codes set used_at = ${now} where volunteer_id = ${request.volunteerId} and used_at is null`,
  );
  await runSql(
    deps.db,
    sql`
    insert into volunteer_sign_in_codes (challenge_hash, volunteer_id, code_hash, created_at, expires_at)
    values (${challengeHash}, ${request.volunteerId}, ${hashCode(deps.secret, challengeHash, code)}, ${now},
            ${now} + make_interval(secs => ${CODE_TTL_SECONDS}))`,
  );
  const queued = await enqueueMessage(deps.db, deps.enqueue, {
    to: request.phone,
    channel: "sms",
    subscriberId: null,
    body: request.text(code),
    kind: "reply",
    now: request.now,
  });
  // A number that texted STOP gets nothing from us, sign-in codes included.
  if (!queued.enqueued) return { ok: false, reason: "not-sendable" };
  return { ok: true, challenge };
}

export type VerifyResult = { ok: true; volunteerId: number } | { ok: false; reason: "wrong" | "expired" | "too-many-attempts" | "unknown" };

/** Checks a typed code against its challenge; every wrong guess counts, the fifth retires it. */
export async function verifySignInCode(
  deps: Pick<SignInCodeDeps, "db" | "secret">,
  input: { challenge: string; code: string; now?: Date },
): Promise<VerifyResult> {
  const challengeHash = hashChallenge(input.challenge);
  const now = sqlNow(input.now);
  return deps.db.transaction(async (tx): Promise<VerifyResult> => {
    const { rows } = await runSql<{ volunteer_id: number; code_hash: string; attempts: number; expired: boolean; used: boolean }>(
      tx,
      sql`
      select volunteer_id::int as volunteer_id, code_hash, attempts, expires_at <= ${now} as expired, used_at is not null as used
      from volunteer_sign_in_codes where challenge_hash = ${challengeHash} for update`,
    );
    const row = rows[0];
    if (!row || row.used) return { ok: false, reason: row && row.attempts >= CODE_MAX_ATTEMPTS ? "too-many-attempts" : "unknown" };
    if (row.expired) return { ok: false, reason: "expired" };
    if (row.attempts >= CODE_MAX_ATTEMPTS) return { ok: false, reason: "too-many-attempts" };
    const expected = Buffer.from(row.code_hash);
    const given = Buffer.from(/^\d{6}$/.test(input.code) ? hashCode(deps.secret, challengeHash, input.code) : "");
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      await runSql(tx, sql`update volunteer_sign_in_codes set used_at = ${now} where challenge_hash = ${challengeHash}`);
      return { ok: true, volunteerId: Number(row.volunteer_id) };
    }
    const attempts = row.attempts + 1;
    await runSql(
      tx,
      sql`update volunteer_sign_in_codes set attempts = ${attempts}, used_at = case when ${attempts} >= ${CODE_MAX_ATTEMPTS} then ${now} else null end
          where challenge_hash = ${challengeHash}`,
    );
    return { ok: false, reason: attempts >= CODE_MAX_ATTEMPTS ? "too-many-attempts" : "wrong" };
  });
}
