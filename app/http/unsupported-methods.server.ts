/**
 * Answers 405 to the methods a fetch `Request` cannot carry (CONNECT, TRACE: the Fetch
 * standard forbids them), ahead of Remix. Its adapter turns every Node request into a `Request`,
 * which throws on them: a client's TRACE probe surfaced as a 500 and an error in the log.
 */
import type { RequestHandler } from "express";
import { NO_STORE } from "./cache-control";

const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE"]);

export function refuseUnsupportedMethods(): RequestHandler {
  return (req, res, next) => {
    if (!FORBIDDEN_METHODS.has(req.method)) return next();
    res.status(405).set({ Allow: "GET, HEAD, POST", "Cache-Control": NO_STORE }).type("text/plain").send("Method Not Allowed");
  };
}
