/**
 * POST /webhooks/twilio/status: Twilio's message status callbacks (the `statusCallback` URL the
 * Twilio transport sets on every message, carrying `?outbox=<id>`).
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
 *
 * Order matters: signature before anything is read into the database, then a bounded body, the
 * shape, mapped to named outcomes (twilio-outcomes.ts: the outbox never sees Twilio's codes); a
 * carrier STOP is committed first, on its own; then the replay check and the forward-only update
 * in one transaction. Twilio gets an empty 200 as soon as that commits.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordWebhookReceipt } from "~/db/webhook-receipts.server";
import { errorFacts } from "~/lib/log-error.server";
import { formParams, verifyTwilioSignature } from "~/messaging/twilio-signature.server";
import { TWILIO_MESSAGE_STATUSES, twilioStatusCallback } from "~/messaging/transports/twilio-outcomes";
import { applyCarrierStop, applyStatusCallback } from "~/outbox/status-updates.server";
import { readBodyWithin } from "~/http/read-body.server";

/** A status callback is a few hundred bytes; anything this big is not Twilio's. */
const MAX_BODY_BYTES = 64 * 1024;

const callbackSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid must be a Twilio message SID"),
  MessageStatus: z.enum(TWILIO_MESSAGE_STATUSES, "MessageStatus is not a Twilio message status"),
  ErrorCode: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^\d{1,6}$/, "ErrorCode must be numeric")
      .transform(Number)
      .optional(),
  ),
});
const querySchema = z.object({
  outbox: z.preprocess(
    (value) => (value === null ? undefined : value),
    z
      .string()
      .regex(/^[1-9]\d{0,15}$/, "outbox must be a positive id")
      .transform(Number)
      .optional(),
  ),
});

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return text("method not allowed", 405, { Allow: "POST" });
  if (!request.headers.get("x-twilio-signature")) return rejected(context, "missing-signature");

  const raw = await readBodyWithin(request, MAX_BODY_BYTES);
  if (raw === null) return text("body too large", 413);
  const params = formParams(raw);
  const signature = verifyTwilioSignature({
    authToken: context.env.TWILIO_AUTH_TOKEN,
    publicBaseUrl: context.env.PUBLIC_BASE_URL,
    request,
    params,
  });
  if (!signature.ok) return rejected(context, signature.reason);

  if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    return text("expected an application/x-www-form-urlencoded body", 400);
  }
  const body = callbackSchema.safeParse(params);
  const query = querySchema.safeParse({ outbox: new URL(request.url).searchParams.get("outbox") });
  if (!body.success) return text(firstIssue(body.error), 400);
  if (!query.success) return text(firstIssue(query.error), 400);

  const callback = twilioStatusCallback({
    messageSid: body.data.MessageSid,
    messageStatus: body.data.MessageStatus,
    errorCode: body.data.ErrorCode ?? null,
    outboxId: query.data.outbox ?? null,
  });
  try {
    // The opt-out before anything else, in its own transaction: if recording the rest fails (503),
    // the number stays opted out. Idempotent, so a retried callback does no harm.
    await applyCarrierStop(context.db, callback);
    await context.db.transaction(async (tx) => {
      // Twilio retries a callback it got no 2xx for: the same SID and status is handled once.
      const first = await recordWebhookReceipt(tx, {
        provider: "twilio-status",
        id: `${body.data.MessageSid}:${body.data.MessageStatus}`,
      });
      if (!first) return;
      const result = await applyStatusCallback(tx, callback, { logger: context.logger });
      if (result.outcome === "unknown-message") {
        context.logger.warn({ outboxId: query.data.outbox ?? null }, "twilio status: callback for a message we do not know");
      }
    });
  } catch (error) {
    context.logger.error({ error: errorFacts(error) }, "twilio status: could not record the callback");
    return text("temporarily unavailable", 503);
  }
  return new Response(null, { status: 200 });
}

function rejected(context: ActionFunctionArgs["context"], reason: string): Response {
  context.logger.warn({ reason }, "twilio status webhook rejected");
  return text(`signature ${reason}`, 403);
}

/** "Field: what is wrong" for the first problem: enough to fix a request, no echo of its values. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "malformed callback";
}

function text(message: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}
