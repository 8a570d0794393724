/**
 * The one way an error reaches a log: `logger.error({ error: errorFacts(error) }, "…")`.
 *
 * An error's message is not safe to log. drizzle's query errors read "Failed query: … params:
 * <every parameter>" (encrypted numbers, blind indexes, message texts); PGlite's errors carry the
 * query and its parameters as properties; PostgreSQL's `detail` quotes the offending value
 * ("Key (phone_index)=(…) already exists"); Twilio's messages quote the number ("The 'To' number
 * +93… is not a valid phone number"); and the first line of a stack trace is the message again.
 * So the facts kept here are the ones that describe what failed without quoting any value: the
 * error's class, its code (SQLSTATE, Node's ECONNREFUSED, Twilio's 21211, an HTTP status), the
 * constraint, table and column a database error names, the same for its causes, and optionally
 * the stack frames without the message. Messages are kept only for the error classes listed in
 * SAFE_MESSAGE_ERRORS, whose messages this codebase writes from configuration, never from input.
 */

/** What may be logged about an error. */
export interface ErrorFacts {
  /** The error's class: `DrizzleQueryError`, `DatabaseError`, `ContentUnavailableError`, … */
  name: string;
  /** SQLSTATE, a Node system error code, a provider's error code. */
  code?: string | number;
  /** The HTTP status of a failed request (Sanity's client, Twilio's). */
  status?: number;
  /** The system call that failed (Node system errors). */
  syscall?: string;
  /** What a database error names (never the values involved). */
  constraint?: string;
  table?: string;
  column?: string;
  /** Only for SAFE_MESSAGE_ERRORS. */
  message?: string;
  /** Stack frames ("at …" lines), without the message that heads a stack trace. */
  frames?: string;
  cause?: ErrorFacts;
}

/**
 * Error classes whose messages are written here from configuration or content (a price table
 * path, a cron expression, a key id), never from a person's input, a database or a provider.
 * Matched by name: the Remix bundle has its own copies of the classes, so `instanceof` would miss.
 */
const SAFE_MESSAGE_ERRORS: ReadonlySet<string> = new Set([
  "ContentUnavailableError",
  "EnvError",
  "InvalidEnqueueRequestError",
  "OptOutUnconfirmedError",
  "PhoneCryptoError",
  "PriceTableError",
  "RecurrenceError",
  "SendWindowError",
  "SnapshotRefreshError",
]);

const MAX_MESSAGE_CHARS = 300;
const MAX_FRAMES = 8;
const MAX_CAUSE_DEPTH = 3;

export function errorFacts(error: unknown, options: { frames?: boolean } = {}): ErrorFacts {
  return factsOf(error, options.frames === true, 0);
}

function factsOf(error: unknown, withFrames: boolean, depth: number): ErrorFacts {
  // Not an object (a thrown string, a number): its type only, never its text.
  if (error === null || typeof error !== "object") return { name: typeof error };
  const facts: ErrorFacts = { name: nameOf(error) };
  const fields = error as Record<string, unknown>;
  const code = fields.code;
  if (typeof code === "string" || typeof code === "number") facts.code = code;
  const status = fields.statusCode ?? fields.status;
  if (typeof status === "number") facts.status = status;
  for (const key of ["syscall", "constraint", "table", "column"] as const) {
    const value = fields[key];
    if (typeof value === "string" && value !== "") facts[key] = value.slice(0, 100);
  }
  if (error instanceof Error && SAFE_MESSAGE_ERRORS.has(facts.name)) facts.message = error.message.slice(0, MAX_MESSAGE_CHARS);
  if (withFrames && error instanceof Error && typeof error.stack === "string") {
    const frames = stackFrames(error.stack);
    if (frames) facts.frames = frames;
  }
  if (error instanceof Error && error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    facts.cause = factsOf(error.cause, false, depth + 1);
  }
  return facts;
}

/** drizzle's DrizzleQueryError leaves `name` at "Error": its class name says more. */
function nameOf(error: object): string {
  const name = (error as { name?: unknown }).name;
  const className = error.constructor?.name;
  if (typeof name === "string" && name !== "" && name !== "Error") return name.slice(0, 100);
  return typeof className === "string" && className !== "" && className !== "Object" ? className.slice(0, 100) : "Error";
}

/** The "    at …" lines of a stack: the lines before them are the (unsafe) message. */
function stackFrames(stack: string): string | undefined {
  const frames = stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => line.trim());
  return frames.length > 0 ? frames.join("\n") : undefined;
}

/**
 * One line for a status page or a log field ("HTTP 500 ServerError", "DrizzleQueryError ←
 * DatabaseError 23505 outbox_pkey"): the facts of the error and its causes, never a message
 * unless it is one of the safe ones.
 */
export function describeErrorFacts(facts: ErrorFacts): string {
  const own = [
    facts.status !== undefined ? `HTTP ${facts.status}` : "",
    facts.name,
    facts.code !== undefined ? String(facts.code) : "",
    facts.constraint ?? "",
    facts.message ? `: ${facts.message}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return facts.cause ? `${own} ← ${describeErrorFacts(facts.cause)}` : own;
}
