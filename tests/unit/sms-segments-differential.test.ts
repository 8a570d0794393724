/**
 * Our segment counter against Twilio's own calculator (TwilioDevEd/message-segment-calculator,
 * the `sms-segments-calculator` package), on a corpus of real texts in all 11 locales: every
 * built-in SMS reply, every broadcast and sequence text of the sample dataset, the same texts
 * joined and cut at lengths around the segment boundaries, and generated mixtures of GSM-7
 * basic and extension characters, Cyrillic, Arabic script and emoji. Encoding and segment count
 * must agree on every one: the outbox bills with ours, Twilio bills with theirs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import { smsSegments } from "~/messaging/sms-segments";
import { LOCALES } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { SAMPLE_DATASET_DIR } from "../fixtures/content";

/** Every string value somewhere inside a document (localized texts are objects keyed by locale). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

function sampleMessageTexts(): string[] {
  const texts: string[] = [];
  for (const file of readdirSync(SAMPLE_DATASET_DIR).filter((name) => name.endsWith(".ndjson"))) {
    for (const line of readFileSync(join(SAMPLE_DATASET_DIR, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const document = JSON.parse(line) as { _type?: string; messages?: unknown; steps?: unknown };
      if (document._type === "broadcast") texts.push(...strings(document.messages));
      if (document._type === "sequence") texts.push(...strings(document.steps).filter((text) => text.length > 20));
    }
  }
  return texts;
}

const replies = LOCALES.flatMap((locale) =>
  Object.values(DEFAULT_SMS_REPLIES[locale]).filter((text): text is string => typeof text === "string"),
);
const corpus = [...replies, ...sampleMessageTexts()];

/** A deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = {
  gsm: "abcXYZ 0123456789.,!?@£$¥èéÇØøÅåΔ_ΦΓÆæßÉÄÖÑÜ§¿äöñüà\n",
  extension: "^{}\\[]~|€",
  cyrillic: "абвгдеёжзийклмнопрстуфхцчшщъыьэюяӨөҮүҢңҚқҒғӘәҲҳҶҷ",
  arabic: "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۀےڕێۆڵ٠١٢٣٤٥",
  emoji: ["📞", "🆘", "✅", "🇰🇬"],
} as const;

function generated(count: number): string[] {
  const next = random(20261205);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const texts: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const mix = pick([
      ["gsm"],
      ["gsm", "extension"],
      ["cyrillic", "gsm"],
      ["arabic", "gsm"],
      ["gsm", "emoji"],
      ["arabic", "emoji", "extension"],
    ] as const);
    const length = pick([69, 70, 71, 134, 135, 140, 159, 160, 161, 200, 306, 307, 400]);
    let text = "";
    while (text.length < length) {
      const alphabet = ALPHABETS[pick(mix)];
      text += pick(Array.from(alphabet));
    }
    texts.push(text);
  }
  return texts;
}

/** Corpus texts joined into long ones and cut around the boundaries of one, two and three segments. */
function boundaryCuts(): string[] {
  const joined = corpus.join(" ");
  const cuts: string[] = [];
  for (const length of [66, 67, 68, 69, 70, 71, 133, 134, 135, 152, 153, 154, 159, 160, 161, 200, 201, 305, 306, 307]) {
    for (let start = 0; start + length < joined.length; start += 997) cuts.push(joined.slice(start, start + length));
  }
  return cuts;
}

function theirs(text: string): { encoding: string; segments: number } {
  const message = new SegmentedMessage(text);
  return { encoding: message.encodingName, segments: text === "" ? 0 : message.segmentsCount };
}

function ours(text: string): { encoding: string; segments: number } {
  const { encoding, segments } = smsSegments(text);
  return { encoding, segments };
}

describe("segments: ours against Twilio's calculator", () => {
  it("has a corpus in every locale", () => {
    expect(replies.length).toBeGreaterThan(LOCALES.length * 10);
    expect(corpus.some((text) => /[\u0600-\u06FF]/.test(text))).toBe(true);
    expect(corpus.some((text) => /[\u0400-\u04FF]/.test(text))).toBe(true);
  });

  it.each([
    ["built-in replies and sample messages", () => corpus],
    ["cuts at segment boundaries", boundaryCuts],
    ["generated mixtures", () => generated(1_000)],
  ])("agree on %s", (_name, texts) => {
    const disagreements = texts()
      .filter((text) => text.length > 0)
      .map((text) => ({ text, ours: ours(text), theirs: theirs(text) }))
      .filter((d) => d.ours.encoding !== d.theirs.encoding || d.ours.segments !== d.theirs.segments);
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});
