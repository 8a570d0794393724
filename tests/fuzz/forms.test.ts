/**
 * Every public form in routes.ts (FUZZ_FORMS) posted over HTTP with hostile fields, on both
 * databases: each field valid, hostile, missing or repeated, as a urlencoded or a multipart body,
 * or bytes that are not UTF-8, or no form at all (JSON, text, nothing); by POST and other methods. Never a 5xx; a refused form (4xx) stores nothing; an accepted one
 * (303, Post/Redirect/Get) stores only text PostgreSQL and a phone can take.
 */
import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devPhoneMessages, inboundMessages, outboxMessages, subscribers } from "~/db/schema";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { fetchAnswer, fuzzRuns, hostileText, invalidUtf8Bytes } from "./hostile";
import { FUZZ_FORMS, type FuzzForm } from "./routes";

// Control characters are what this pattern finds.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Encoding = "urlencoded" | "multipart";

function formBody(form: FuzzForm): fc.Arbitrary<{ body: BodyInit; encoding: Encoding | "bytes" | "raw"; type?: string }> {
  const fieldValue = (valid: string) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant([valid]) },
      { weight: 3, arbitrary: hostileText.map((text) => [text]) },
      { weight: 1, arbitrary: fc.constant([] as string[]) },
      { weight: 1, arbitrary: fc.tuple(hostileText, fc.constant(valid)).map(([a, b]) => [a, b]) },
    );
  const names = Object.keys(form.fields);
  const fields = fc.tuple(...names.map((name) => fieldValue(form.fields[name]!)));
  const encoded = fc.tuple(fields, fc.constantFrom<Encoding>("urlencoded", "multipart")).map(([values, encoding]) => {
    const entries = names.flatMap((name, i) => values[i]!.map((value) => [name, value] as [string, string]));
    if (encoding === "urlencoded") return { body: new URLSearchParams(entries) as BodyInit, encoding };
    const data = new FormData();
    for (const [name, value] of entries) data.append(name, value);
    return { body: data as BodyInit, encoding };
  });
  // What a confused client posts: JSON, plain text, no body, a multipart type with no parts.
  const notAForm = fc.record({
    body: fc.oneof(fc.constant(undefined), hostileText, fc.json()),
    type: fc.constantFrom(
      "application/json",
      "text/plain",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded; charset=bogus",
      "",
    ),
  });
  return fc.oneof(
    { weight: 5, arbitrary: encoded },
    { weight: 1, arbitrary: invalidUtf8Bytes.map((bytes) => ({ body: bytes as BodyInit, encoding: "bytes" as const })) },
    { weight: 1, arbitrary: notAForm.map(({ body, type }) => ({ body: body as BodyInit, encoding: "raw" as const, type })) },
  );
}

describe.each(DATABASE_KINDS)("public forms under hostile input (%s)", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseKind: kind });
  });
  afterAll(() => server?.close());

  const rowCounts = async () => {
    const one = async (table: typeof devPhoneMessages | typeof inboundMessages | typeof subscribers | typeof outboxMessages) =>
      (await server.db.select({ n: count() }).from(table))[0]!.n;
    return {
      copies: await one(devPhoneMessages),
      inbound: await one(inboundMessages),
      subscribers: await one(subscribers),
      outbox: await one(outboxMessages),
    };
  };

  it.each(FUZZ_FORMS.map((form) => [form.name, form] as const))(
    "%s: 303 or a 4xx that stores nothing, never a 5xx",
    async (_name, form) => {
      await fc.assert(
        fc.asyncProperty(
          formBody(form),
          fc.constantFrom("POST", "POST", "POST", "PUT", "PATCH", "DELETE"),
          async ({ body, encoding, type }, method) => {
            const before = await rowCounts();
            const headers: Record<string, string> =
              encoding === "bytes" ? { "content-type": "application/x-www-form-urlencoded" } : type ? { "content-type": type } : {};
            const response = await fetchAnswer(`${server.url}${form.path}`, { method, body, headers, redirect: "manual" });
            await response.text();
            expect(response.status).toBeLessThan(500);
            if (response.status !== 303) {
              expect(response.status).toBeGreaterThanOrEqual(400);
              expect(await rowCounts()).toEqual(before);
            }
          },
        ),
        { numRuns: fuzzRuns(25) },
      );
      const copies = await server.db.select({ body: devPhoneMessages.body }).from(devPhoneMessages);
      for (const { body } of copies) expect(body).not.toMatch(UNSTORABLE);
    },
  );
});
