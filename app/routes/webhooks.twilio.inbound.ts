/**
 * POST /webhooks/twilio/inbound: Twilio's incoming message webhook, for SMS and WhatsApp (see
 * answerTwilioInbound). server/create-app.ts answers POSTs to this path itself, ahead of Remix;
 * this route answers the rest (405) and any server that mounts the Remix build alone.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { readBodyWithin } from "~/http/read-body.server";
import { answerTwilioInbound } from "~/messaging/twilio-inbound-webhook.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const answer = await answerTwilioInbound(context, {
    method: request.method,
    url: request.url,
    signature: request.headers.get("x-twilio-signature"),
    readBody: (limit) => readBodyWithin(request, limit),
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
