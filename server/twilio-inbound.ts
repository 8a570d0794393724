/**
 * POST /webhooks/twilio/inbound straight from Express, ahead of Remix: turning the Node request
 * into a fetch `Request`, matching routes and streaming the `Response` back cost Remix about as
 * much main-thread time as handling the message itself, and at Twilio's peak rates every
 * millisecond of it is queueing for the next message. What is answered is the same
 * (answerTwilioInbound, shared with the Remix route); the middleware in front of it (security
 * headers, request log) still runs.
 */
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import type { AppContext } from "~/context.server";
import { answerTwilioInbound } from "~/messaging/twilio-inbound-webhook.server";

export function twilioInboundHandler(context: Pick<AppContext, "db" | "content" | "env" | "logger">): RequestHandler {
  return (req, res, next) => {
    answerTwilioInbound(context, {
      method: req.method,
      // Only the path and query are used: the host here is a placeholder, never the Host header.
      url: `http://localhost${req.originalUrl}`,
      signature: req.get("x-twilio-signature") ?? null,
      readBody: (limit) => readNodeBodyWithin(req, limit),
    }).then((answer) => {
      res.status(answer.status).set(answer.headers).send(answer.body);
    }, next);
  };
}

/**
 * The body as UTF-8 text, or null as soon as it passes `limit` bytes (declared by Content-Length
 * or actually streamed), so an oversized body never fills memory.
 */
export function readNodeBodyWithin(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        // The rest is left unread; Node discards it after the answer, holding none of it.
        cleanup();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
