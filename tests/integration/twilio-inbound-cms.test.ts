/**
 * Keywords and reply texts authored in the Studio reach the SMS core: a `keyword` document adds a
 * word (here a Kyrgyz help word and an extra stop word), and the `smsReplies` singleton overrides
 * a built-in reply, while the built-in STOP words keep working.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOTLINES, writeInboundTestDataset } from "./twilio-inbound-dataset";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

const CMS_DOCUMENTS = [
  { _id: "keyword-help-ky", _type: "keyword", intent: "help", words: { _type: "localeKeywords", ky: ["КАЙРЫЛУУ"] } },
  { _id: "keyword-stop-en", _type: "keyword", intent: "stop", words: { _type: "localeKeywords", en: ["ENOUGHNOW"] } },
  // Cannot turn a built-in stop word into a join word.
  { _id: "keyword-bad", _type: "keyword", intent: "join", words: { _type: "localeKeywords", en: ["STOP"] } },
  {
    _id: "smsReplies",
    _type: "smsReplies",
    unknownMenu: { _type: "localeSmsText", en: "CMS MENU: text HELP for hotlines." },
  },
];

describe("Studio keywords and reply texts", () => {
  let server: InboundServer;
  beforeAll(async () => {
    const dir = writeInboundTestDataset();
    appendFileSync(join(dir, "cms-messaging.ndjson"), `${CMS_DOCUMENTS.map((d) => JSON.stringify(d)).join("\n")}\n`);
    server = await startInboundServer("pglite", { CONTENT_DATASET_DIR: dir });
  });
  afterAll(() => server?.close());

  it("answers a CMS help word like HELP", async () => {
    const from = freshNumber("+996", "55");
    await sendOk(server, from, "кайрылуу");
    const [reply] = await server.repliesTo(from);
    expect(reply).toContain(HOTLINES.kgNational);
    expect((await server.subscriberOf(from))?.status).not.toBe("opted_out");
  });

  it("opts out on a CMS stop word, and a CMS join word never overrides STOP", async () => {
    const first = freshNumber("+996", "50");
    await sendOk(server, first, "JOIN");
    await sendOk(server, first, "enoughnow");
    expect((await server.subscriberOf(first))?.status, `first: ${JSON.stringify(await server.repliesTo(first))}`).toBe("opted_out");

    const second = freshNumber("+996", "70");
    await sendOk(server, second, "JOIN");
    await sendOk(server, second, "STOP");
    expect((await server.subscriberOf(second))?.status).toBe("opted_out");
  });

  it("uses the Studio's text instead of the built-in one", async () => {
    const from = freshNumber("+44", "740");
    await sendOk(server, from, "what is this?");
    const replies = await server.repliesTo(from);
    expect(replies.at(-1)).toMatch(/^CMS MENU: text HELP for hotlines\./);
  });
});
