/**
 * `flag-stale-hotlines` over the real content source (local backend, fixture dataset whose four
 * hotlines were verified on 2025-01-05), and the report /healthz shows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createContentSource } from "~/content/content-source.server";
import { findStaleHotlines } from "~/content/stale-hotlines.server";
import { flagStaleHotlines } from "../../jobs/flag-stale-hotlines";
import { captureLogs, copyDataset, localEnv, type DatasetCopy } from "../fixtures/content";

const VERIFIED = Date.parse("2025-01-05T08:00:00Z");
const daysAfterVerification = (days: number) => new Date(VERIFIED + days * 86_400_000);

function contentFrom(dir?: string) {
  const env = localEnv(dir ? { CONTENT_DATASET_DIR: dir } : {});
  return { env, content: createContentSource({ env, logger: captureLogs().logger }) };
}

describe("flagStaleHotlines", () => {
  let copy: DatasetCopy | undefined;
  afterEach(async () => {
    await copy?.remove();
    copy = undefined;
  });

  it("flags nothing within HOTLINE_STALE_DAYS of the last verification", async () => {
    const { env, content } = contentFrom();
    expect(env.HOTLINE_STALE_DAYS).toBe(180);
    const summary = await flagStaleHotlines({ content, env, now: daysAfterVerification(180) });
    expect(summary).toEqual({ checked: 4, stale: 0, staleIds: [] });
  });

  it("flags every hotline older than that, as the /healthz report does", async () => {
    const { env, content } = contentFrom();
    const now = daysAfterVerification(181);
    const summary = await flagStaleHotlines({ content, env, now });
    expect(summary.checked).toBe(4);
    expect(summary.stale).toBe(4);
    const report = await findStaleHotlines(content, env.HOTLINE_STALE_DAYS, now);
    expect(report.checkedAt).toBe(now.toISOString());
    expect(report.staleAfterDays).toBe(180);
    expect(report.stale.map((hotline) => hotline.id).sort()).toEqual([...summary.staleIds].sort());
    for (const hotline of report.stale) {
      expect(hotline).toMatchObject({ lastVerifiedAt: "2025-01-05T08:00:00Z", country: expect.stringMatching(/^[A-Z]{2}$/) });
      expect(hotline.organization.length).toBeGreaterThan(0);
    }
    expect(report.stale.filter((hotline) => hotline.isSample)).toHaveLength(2);
  });

  it("stops flagging a hotline once it is verified again", async () => {
    copy = await copyDataset();
    const hotlines = (await copy.read()).filter((document) => document._type === "hotline");
    const reverified = hotlines[0]!._id as string;
    await copy.update(reverified, (document) => {
      document.lastVerifiedAt = "2025-07-01T09:00:00Z";
    });
    const { env, content } = contentFrom(copy.dir);
    const summary = await flagStaleHotlines({ content, env, now: daysAfterVerification(200) });
    expect(summary.stale).toBe(3);
    expect(summary.staleIds).not.toContain(reverified);
    const report = await findStaleHotlines(content, env.HOTLINE_STALE_DAYS, daysAfterVerification(200));
    expect(report.stale.map((hotline) => hotline.id)).not.toContain(reverified);
  });

  it("follows HOTLINE_STALE_DAYS", async () => {
    const { content } = contentFrom();
    const env = localEnv({ HOTLINE_STALE_DAYS: "30" });
    expect((await flagStaleHotlines({ content, env, now: daysAfterVerification(31) })).stale).toBe(4);
    expect((await flagStaleHotlines({ content, env, now: daysAfterVerification(29) })).stale).toBe(0);
  });
});
