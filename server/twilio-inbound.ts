/**
 * POST /webhooks/twilio/inbound straight from Express, ahead of Remix: turning the Node request
 * into a fetch `Request`, matching routes and streaming the `Response` back cost Remix about as
 * much main-thread time as handling the message itself, and at Twilio's peak rates every
 * millisecond of it is queueing for the next message. What is answered is the same
 * (answerTwilioInbound, shared with the Remix route); the middleware in front of it (security
 * headers, request log) still runs.
 */
import type { RequestHandler } from "express";
import { readNodeBodyWithin } from "~/http/read-body.server";
import { answerTwilioInbound, type TwilioInboundServices } from "~/messaging/twilio-inbound-webhook.server";

export function twilioInboundHandler(context: TwilioInboundServices): RequestHandler {
  return (req, res, next) => {
    answerTwilioInbound(context, {
      method: req.method,
      // Only the path and query are used: the host here is a placeholder, never the Host header.
      url: `http://localhost${req.originalUrl}`,
      signature: req.get("x-twilio-signature") ?? null,
      readBody: (limit) => readNodeBodyWithin(req, limit),
    }).then((answer) => {
      // Written as it is: Express's send() would add an ETag (hashing the body) that no webhook
      // caller reads.
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.end(answer.body);
    }, next);
  };
}
