/**
 * The content hash approvals are bound to (app/broadcasts/content-hash.ts): the same content gives
 * the same hash whatever the key order, anything that changes what is sent changes it, and Studio
 * metadata and controls do not.
 */
import { describe, expect, it } from "vitest";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import { broadcastContentHash, canonicalJson, sequenceContentHash } from "~/broadcasts/content-hash";
import { broadcastDoc, sequenceDoc } from "../db/broadcast-kit";

const TEMPLATE = { contentSid: `HX${"a".repeat(32)}`, variables: { "1": "Bishkek", "2": "10:00" } };

/** Reverses every object's key order, deeply: the same content, written the other way round. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, field]) => [key, reversedKeys(field)]),
  ) as T;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});

describe("broadcastContentHash", () => {
  const base = broadcastDoc({ whatsappTemplates: { en: TEMPLATE } });
  const hash = broadcastContentHash(base);

  it("is a sha256 in hex, stable for the same content", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(broadcastContentHash(structuredClone(base))).toBe(hash);
  });

  it("does not depend on key order", () => {
    expect(broadcastContentHash(reversedKeys(base))).toBe(hash);
  });

  it("treats the audience lists as sets", () => {
    const a = broadcastDoc({ audience: { ...base.audience, countries: ["KG", "KZ"], locales: ["ru", "ky"] } });
    const b = broadcastDoc({ audience: { ...base.audience, countries: ["KZ", "KG"], locales: ["ky", "ru"] } });
    expect(broadcastContentHash(a)).toBe(broadcastContentHash(b));
  });

  const changes: Array<[string, Partial<BroadcastDocument>]> = [
    ["a locale's text", { messages: { ...base.messages, ru: "Другой текст." } }],
    ["a text added in a locale that used the fallback", { messages: { ...base.messages, tg: "Матн." } }],
    ["the fallback text (sent to every locale without its own)", { messages: { ...base.messages, en: "Other text." } }],
    ["the fallback locale", { fallbackLocale: "ru" }],
    ["the WhatsApp template id", { whatsappTemplates: { en: { ...TEMPLATE, contentSid: `HX${"b".repeat(32)}` } } }],
    ["a WhatsApp template variable", { whatsappTemplates: { en: { ...TEMPLATE, variables: { "1": "Osh", "2": "10:00" } } } }],
    [
      "a WhatsApp template of its own for another locale",
      { whatsappTemplates: { en: TEMPLATE, ru: { ...TEMPLATE, variables: { "1": "Бишкек" } } } },
    ],
    ["the channel", { channel: "whatsapp" }],
    ["the countries", { audience: { ...base.audience, countries: ["KG"] } }],
    ["the regions", { audience: { ...base.audience, regionCodes: ["KG-GB"] } }],
    ["the locales", { audience: { ...base.audience, locales: ["ru"] } }],
    ["the minimum subscription age", { audience: { ...base.audience, minSubscriptionDays: 7 } }],
    ["the campaign filter", { audience: { ...base.audience, campaignSlug: "other" } }],
    ["the send time", { schedule: { mode: "at", sendAt: "2026-12-01T11:00" } }],
    ["the schedule mode", { schedule: { mode: "whenApproved" } }],
    ["the recurrence rule", { schedule: { mode: "recurring", recurrence: "0 10 * * 2" } }],
    ["the send window", { sendWindow: { start: "10:00", end: "20:00" } }],
    ["the recipient limit", { maxRecipients: 100 }],
    ["the sample mark", { isSample: true }],
  ];
  it.each(changes)("changes with %s", (_name, change) => {
    expect(broadcastContentHash({ ...base, ...change })).not.toBe(hash);
  });

  const metadata: Array<[string, Partial<BroadcastDocument>]> = [
    ["_updatedAt", { updatedAt: "2026-12-05T10:00:00Z" }],
    ["the title", { title: "Renamed" }],
    ["the Studio status", { status: "paused" }],
    ["whitespace around a text (trimmed before sending)", { messages: { ...base.messages, ru: `  ${base.messages.ru}\n` } }],
  ];
  it.each(metadata)("does not change with %s", (_name, change) => {
    expect(broadcastContentHash({ ...base, ...change })).toBe(hash);
  });

  it("does not change when a locale gets, as its own, the template it already fell back to (the same is sent)", () => {
    expect(broadcastContentHash({ ...base, whatsappTemplates: { en: TEMPLATE, ru: TEMPLATE } })).toBe(hash);
  });

  it("ignores the Studio's approval stamp", () => {
    const stamped = { ...base, approvedAt: "2026-12-05T10:00:00Z", approvedBy: "someone" } as BroadcastDocument;
    expect(broadcastContentHash(stamped)).toBe(hash);
  });
});

describe("sequenceContentHash", () => {
  const base = sequenceDoc();
  const hash = sequenceContentHash(base);

  it("does not depend on key order or on the order of the steps in the Studio", () => {
    expect(sequenceContentHash(reversedKeys(base))).toBe(hash);
    expect(sequenceContentHash({ ...base, steps: [...base.steps].reverse() })).toBe(hash);
  });

  const changes: Array<[string, Partial<SequenceDocument>]> = [
    ["a step's text", { steps: [{ ...base.steps[0]!, messages: { en: "Hello." } }, base.steps[1]!] }],
    ["a step's day", { steps: [base.steps[0]!, { ...base.steps[1]!, dayOffset: 4 }] }],
    ["a step added", { steps: [...base.steps, { key: "more", dayOffset: 9, messages: { en: "More." }, whatsappTemplate: null }] }],
    ["a step removed", { steps: [base.steps[0]!] }],
    ["a step's template", { steps: [{ ...base.steps[0]!, whatsappTemplate: TEMPLATE }, base.steps[1]!] }],
    ["the campaign", { campaignSlug: "other" }],
    ["the fallback locale", { fallbackLocale: "ru" }],
    ["the sample mark", { isSample: true }],
  ];
  it.each(changes)("changes with %s", (_name, change) => {
    expect(sequenceContentHash({ ...base, ...change })).not.toBe(hash);
  });

  it("does not change with the title or the active switch", () => {
    expect(sequenceContentHash({ ...base, title: "Renamed", active: false })).toBe(hash);
  });
});
