/**
 * POST /webhooks/sanity: a Sanity GROQ-powered webhook tells us content changed, and we drop the
 * content cache so visitors see the change now rather than after the cache TTL.
 * Configure it at sanity.io/manage → API → Webhooks with this URL, method POST, and the secret
 * in SANITY_WEBHOOK_SECRET. https://www.sanity.io/docs/webhooks
 *
 * Order matters: bounded body, then the signature (nothing else is trusted before it), then the
 * replay check, then the invalidation.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { SANITY_SIGNATURE_HEADER, verifySanityWebhookSignature } from "~/content/sanity-webhook-signature.server";
import { recordWebhookReceipt } from "~/db/webhook-receipts.server";
import { readBodyBytesWithin } from "~/http/read-body.server";
import { errorFacts } from "~/lib/log-error.server";

/** Sanity sends a projection of the changed document; anything near this size is not ours. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Delivery ids are stored; an authentic header is short, this bounds a hostile one. */
const MAX_DELIVERY_ID_LENGTH = 200;

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return Response.json({ ok: false, error: "method not allowed" }, { status: 405, headers: { Allow: "POST" } });
  }
  // A production site on the local dataset has no Sanity webhook, and its secret would be the
  // public development default: nothing may be accepted.
  if (context.env.isProduction && context.env.contentBackend !== "sanity") {
    return Response.json({ ok: false, error: "not configured" }, { status: 404 });
  }
  const body = await readBodyBytesWithin(request, MAX_BODY_BYTES);
  if (!body) return Response.json({ ok: false, error: "body too large" }, { status: 413 });

  const verification = verifySanityWebhookSignature({
    header: request.headers.get(SANITY_SIGNATURE_HEADER),
    rawBody: body,
    secret: context.env.SANITY_WEBHOOK_SECRET,
  });
  if (!verification.ok) {
    context.logger.warn({ reason: verification.reason }, "sanity webhook rejected");
    return Response.json({ ok: false, error: `signature ${verification.reason}` }, { status: 403 });
  }

  // Replays. Sanity retries a delivery (same `idempotency-key`) until it gets a 2xx, so a repeat
  // of a delivery we already processed is answered 200 `duplicate` (a 409 would make it retry
  // again) and does nothing. The signature is recorded as well: it is unique per delivery and,
  // unlike the header, covered by the HMAC, so a captured request replayed inside the timestamp
  // window with a made-up idempotency key is still recognised.
  const idempotencyKey = request.headers.get("idempotency-key")?.slice(0, MAX_DELIVERY_ID_LENGTH);
  const deliveryIds = [`sig:${verification.signature}`, ...(idempotencyKey ? [`key:${idempotencyKey}`] : [])];
  let firstTime: boolean;
  try {
    const recorded = await Promise.all(deliveryIds.map((id) => recordWebhookReceipt(context.db, { provider: "sanity", id })));
    firstTime = recorded.every(Boolean);
  } catch (error) {
    // Without the receipt store a replay cannot be told apart: refuse, Sanity will retry later,
    // and the cache TTL keeps content fresh meanwhile.
    context.logger.error({ error: errorFacts(error) }, "sanity webhook: receipt store failed");
    return Response.json({ ok: false, error: "temporarily unavailable" }, { status: 503 });
  }
  if (!firstTime) {
    context.logger.info({ idempotencyKey }, "sanity webhook: duplicate delivery ignored");
    return Response.json({ ok: true, duplicate: true });
  }

  context.content.invalidate();
  context.logger.info(
    {
      idempotencyKey,
      documentId: request.headers.get("sanity-document-id")?.slice(0, MAX_DELIVERY_ID_LENGTH),
      operation: request.headers.get("sanity-operation")?.slice(0, 20),
    },
    "sanity webhook: content cache invalidated",
  );
  return Response.json({ ok: true, invalidated: true });
}
