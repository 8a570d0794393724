/**
 * Hostile input for the fuzz suite: what an attacker, a broken client or a confused phone sends.
 * Strings (random Unicode with lone surrogates, NUL and C0 controls, bidi overrides, injection
 * payloads, oversized values), percent-encoded bytes that are not UTF-8, and query strings that are
 * deep, duplicated or enormous. Every generator is a fast-check arbitrary, so a failure shrinks to
 * the smallest input that still fails and prints the seed to replay it.
 */
import fc from "fast-check";

/** The text with lone surrogates replaced by U+FFFD, as UTF-8 (and fetch) writes it. */
export function wellFormed(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/** Payloads aimed at the layers behind a handler: SQL, HTML/JS, headers, paths, templates. */
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE subscribers; --",
  "1; SELECT pg_sleep(10)--",
  "$1",
  "\\x00",
  '<script>alert("fuzz")</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "\r\nX-Injected: yes",
  "%0d%0aX-Injected:%20yes",
  "../../../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "{{7*7}}",
  "${7*7}",
  "__proto__",
  "constructor",
  "[object Object]",
  "NaN",
  "-1",
  "1e309",
  "9".repeat(40),
] as const;

/** Marker that must never come back unescaped in a page: an injected element. */
export const SCRIPT_MARKER = '<script>alert("fuzz")</script>';

/** Characters that have broken text handling elsewhere: NUL, controls, bidi overrides, BOM, lone surrogates. */
const NASTY_CHARACTERS = [
  "\u0000",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u202e",
  "\u202d",
  "\u2066",
  "\u200f",
  "\ufeff",
  "\ud800",
  "\udfff",
  "\r\n",
];

const nastyCharacter = fc.constantFrom(...NASTY_CHARACTERS);

/** Any text a client can put in a field: random code points (lone surrogates too), nasty characters spliced in, payloads. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 6 }), nastyCharacter), { maxLength: 12 }).map((parts) => parts.join("")),
  },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...INJECTIONS), nastyCharacter).map(([payload, character]) => `${character}${payload}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }).map((length) => "\u202eA".repeat(length / 2)) },
);

/** Percent-encoded byte runs that are not valid UTF-8 (overlong, surrogates, stray continuation, truncated). */
export const INVALID_UTF8_ESCAPES = ["%FF", "%C0%AF", "%ED%A0%80", "%80", "%E2%82", "%F8%88%80%80%80", "%FE%FF", "%C3%28", "%00"] as const;

/**
 * One URL component: hostile text percent-encoded as a browser would, or raw escapes that decode
 * to no valid UTF-8, or a broken escape (`%`, `%G1`) that decodeURIComponent throws on.
 */
export const hostileComponent: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileText.filter((text) => text.length > 0).map((text) => encodeURIComponent(wellFormed(text))) },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...INVALID_UTF8_ESCAPES), { minLength: 1, maxLength: 4 }).map((parts) => `x${parts.join("")}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("%", "%G1", "%%", "%2", "a%zz", "%E0%A4%A") },
);

/** Raw bytes of a form body that is not UTF-8, with or without known field names in front. */
export const invalidUtf8Bytes: fc.Arbitrary<Uint8Array<ArrayBuffer>> = fc
  .tuple(fc.constantFrom("", "Body=", "From=", "MessageSid="), fc.uint8Array({ minLength: 1, maxLength: 64 }))
  .map(([prefix, bytes]) => {
    const head = new TextEncoder().encode(prefix);
    // 0xFF never appears in UTF-8: the body is guaranteed invalid whatever the random bytes are.
    return Uint8Array.from([...head, 0xff, ...bytes, 0xc0]);
  });

/**
 * Query strings as a client might abuse them: unknown keys, a known key repeated (Express turns
 * that into an array), nested brackets (`a[b][c]`, an object), many keys, hostile values.
 */
export function hostileQuery(knownKeys: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom(...(knownKeys.length > 0 ? knownKeys : ["q"])),
    fc.constantFrom("__proto__", "constructor", "a[b][c][d][e][f][g]", "x[]", "[", "]]", "ref"),
    hostileComponent,
  );
  const value = fc.oneof(hostileComponent, fc.constantFrom("", "KG", "en", "1"));
  const pair = fc.tuple(key, value).map(([k, v]) => `${k}=${v}`);
  const deep = fc.integer({ min: 5, max: 40 }).map((depth) => `${knownKeys[0] ?? "q"}${"[a]".repeat(depth)}=1`);
  const repeated = fc
    .tuple(fc.constantFrom(...(knownKeys.length > 0 ? knownKeys : ["q"])), fc.integer({ min: 2, max: 50 }))
    .map(([k, times]) => Array.from({ length: times }, (_, i) => `${k}=${i}`).join("&"));
  const many = fc.integer({ min: 200, max: 2_000 }).map((count) => Array.from({ length: count }, (_, i) => `k${i}=${i}`).join("&"));
  return fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: pair },
        { weight: 1, arbitrary: deep },
        { weight: 1, arbitrary: repeated },
        { weight: 1, arbitrary: many },
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((parts) => parts.join("&"));
}

/** Runs per property: small by default so the directory stays well under a minute; FUZZ_RUNS_FACTOR multiplies it for a long local run. */
export function fuzzRuns(base: number): number {
  const factor = Number(process.env.FUZZ_RUNS_FACTOR ?? "1");
  return Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

/**
 * fetch, tried a second time when the connection fails before any answer. After an answer that
 * left a hostile body or URL unread (413, 431), Node closes that keep-alive socket, and the next
 * request fetch sends on it can be reset: a client-pool artefact, not an answer of the app (Twilio
 * retries such failures too). A second failure is reported.
 */
export async function fetchAnswer(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET" && code !== "EPIPE") throw error;
    return fetch(url, init);
  }
}
