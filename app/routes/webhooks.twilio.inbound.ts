/**
 * POST /webhooks/twilio/inbound: Twilio's incoming message webhook, for SMS and WhatsApp.
 * https://www.twilio.com/docs/messaging/guides/webhook-request
 *
 * Order matters: bounded body, then the signature (nothing is stored or trusted before it), then
 * the form, then `handleInbound` (idempotent on MessageSid: Twilio retries). The answer is an
 * empty TwiML document: replies go out through the outbox, at reply priority, not in the
 * response, so this returns quickly and a reply is never sent twice.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { inboundDepsFromContext } from "~/messaging/conversation-deps.server";
import { handleInbound } from "~/messaging/inbound.server";
import { formParams, verifyTwilioSignature } from "~/messaging/twilio-signature.server";
import { readBodyWithin } from "~/http/read-body.server";

/** Twilio's own requests are a few kilobytes; anything near this is not Twilio. */
const MAX_BODY_BYTES = 64 * 1024;

/** The parameters we use; Twilio adds more without notice (all are covered by the signature). */
const inboundForm = z.object({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, "MessageSid must look like SM followed by 32 hex digits"),
  From: z.string().trim().min(1, "From is required").max(64),
  To: z.string().trim().min(1, "To is required").max(64),
  // Media-only messages have an empty Body; Twilio caps bodies at 1,600 characters.
  Body: z.string().max(1_600).default(""),
  NumMedia: z.coerce.number().int().min(0).max(10).optional(),
  OptOutType: z.string().optional(),
});

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return plain("method not allowed", 405, { Allow: "POST" });
  const raw = await readBodyWithin(request, MAX_BODY_BYTES);
  if (raw === null) return plain("body too large", 413);

  const params = formParams(raw);
  const signature = verifyTwilioSignature({
    authToken: context.env.TWILIO_AUTH_TOKEN,
    publicBaseUrl: context.env.PUBLIC_BASE_URL,
    request,
    params,
  });
  if (!signature.ok) {
    context.logger.warn({ reason: signature.reason }, "twilio inbound webhook rejected");
    return plain(`signature ${signature.reason}`, 403);
  }

  const form = inboundForm.safeParse(params);
  if (!form.success) {
    // Field names only: the values are a phone number and a message.
    const fields = [...new Set(form.error.issues.map((issue) => issue.path.join(".")))].join(", ");
    context.logger.warn({ fields }, "twilio inbound webhook: malformed form");
    return plain(`malformed request: ${fields}`, 400);
  }

  const optOut = form.data.OptOutType?.toUpperCase();
  try {
    await handleInbound(inboundDepsFromContext(context), {
      messageSid: form.data.MessageSid,
      from: form.data.From,
      to: form.data.To,
      body: form.data.Body,
      receivedAt: new Date(),
      via: "twilio",
      ...(optOut === "STOP" || optOut === "START" || optOut === "HELP" ? { providerOptOut: optOut } : {}),
    });
  } catch (error) {
    // Nothing was committed (one transaction): a 500 makes Twilio retry the same MessageSid.
    context.logger.error(
      // The error's name and code only: a message could quote a value from the request.
      { error: error instanceof Error ? error.name : "unknown", code: (error as { code?: unknown }).code, messageSid: form.data.MessageSid },
      "twilio inbound webhook: handling failed",
    );
    return plain("temporarily unavailable", 500);
  }
  return new Response(EMPTY_TWIML, {
    status: 200,
    headers: { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function plain(text: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
