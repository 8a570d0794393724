/**
 * Structured logs (pino). Never log a phone number, message body or IP address: the redaction
 * list below is a safety net, not permission.
 */
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

const REDACT_PATHS = [
  "phone",
  "*.phone",
  "to",
  "*.to",
  "from",
  "*.from",
  "body",
  "*.body",
  "ip",
  "*.ip",
  "req.headers.cookie",
  "req.headers.authorization",
  "req.remoteAddress",
  "headers['x-forwarded-for']",
];

export function createLogger(options: { level: string; name?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? "protect-campaigns",
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
