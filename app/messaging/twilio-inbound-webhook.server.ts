/**
 * Twilio's incoming message webhook (POST /webhooks/twilio/inbound, SMS and WhatsApp), apart from
 * any web framework: server/create-app.ts answers it from a plain Node request ahead of Remix
 * (Remix's request and response conversion cost as much as handling the message), and the Remix
 * route hands over what reaches it. https://www.twilio.com/docs/messaging/guides/webhook-request
 *
 * Order matters: bounded body, then the signature (nothing is stored or trusted before it), then
 * the form, then `handleInbound` (idempotent on MessageSid: Twilio retries). The answer is an
 * empty TwiML document: replies go out through the outbox, at reply priority, not in the
 * response, so this returns quickly and a reply is never sent twice.
 */
import { z } from "zod";
import type { Env } from "~/env.server";
import { errorFacts } from "~/lib/log-error.server";
import { inboundDeps, type InboundServices } from "./conversation/inbound-deps.server";
import { handleInbound } from "./inbound.server";
import { storableText } from "./inbound-text";
import { checkTwilioSignature, formParams } from "./twilio-signature.server";

export const TWILIO_INBOUND_PATH = "/webhooks/twilio/inbound";

/** Twilio's own requests are a few kilobytes; anything near this is not Twilio. */
export const MAX_INBOUND_BODY_BYTES = 64 * 1024;

/** The parameters we use; Twilio adds more without notice (all are covered by the signature). */
const inboundForm = z.object({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, "MessageSid must look like SM followed by 32 hex digits"),
  From: z.string().trim().min(1, "From is required").max(64),
  To: z.string().trim().min(1, "To is required").max(64),
  // Media-only messages have an empty Body; Twilio caps bodies at 1,600 characters. What the
  // database cannot store (NUL, lone surrogates) is taken out here, before anything reads it.
  Body: z.string().max(1_600).default("").transform(storableText),
  NumMedia: z.coerce.number().int().min(0).max(10).optional(),
  OptOutType: z.string().optional(),
});

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export interface InboundWebhookRequest {
  method: string;
  /** The URL as received: only its path and query are used (signed as PUBLIC_BASE_URL + them). */
  url: string;
  /** The `X-Twilio-Signature` header. */
  signature: string | null;
  /** The body as text, or null when it passes `limit` bytes. */
  readBody(limit: number): Promise<string | null>;
}

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What answering the webhook needs: the conversation's services, and the signature's secret and URL. */
export interface TwilioInboundServices extends InboundServices {
  env: InboundServices["env"] & Pick<Env, "TWILIO_AUTH_TOKEN" | "PUBLIC_BASE_URL">;
}

export async function answerTwilioInbound(context: TwilioInboundServices, request: InboundWebhookRequest): Promise<WebhookAnswer> {
  if (request.method !== "POST") return plain("method not allowed", 405, { Allow: "POST" });
  const raw = await request.readBody(MAX_INBOUND_BODY_BYTES);
  if (raw === null) return plain("body too large", 413);

  const params = formParams(raw);
  const signature = checkTwilioSignature({
    authToken: context.env.TWILIO_AUTH_TOKEN,
    publicBaseUrl: context.env.PUBLIC_BASE_URL,
    signature: request.signature,
    requestUrl: request.url,
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
    await handleInbound(inboundDeps(context), {
      messageSid: form.data.MessageSid,
      from: form.data.From,
      to: form.data.To,
      body: form.data.Body,
      receivedAt: new Date(),
      via: "twilio",
      ...(optOut === "STOP" || optOut === "START" || optOut === "HELP" ? { providerOptOut: optOut } : {}),
    });
  } catch (error) {
    // Not even the MessageSid could be recorded (for a STOP: nor the opt-out), or a STOP's
    // confirmation is still owed after its opt-out committed (OptOutUnconfirmedError). Twilio
    // retries a 500 only through a connection override or a fallback URL (docs/production.md):
    // without one the message, or the confirmation, is lost, so this must be rare and visible.
    context.logger.error(
      { error: errorFacts(error, { frames: true }), messageSid: form.data.MessageSid },
      "twilio inbound webhook: handling failed",
    );
    return plain("temporarily unavailable", 500);
  }
  return { status: 200, headers: { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" }, body: EMPTY_TWIML };
}

function plain(text: string, status: number, headers: Record<string, string> = {}): WebhookAnswer {
  return { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers }, body: text };
}
