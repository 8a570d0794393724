/**
 * The sample dataset never expires: on any future day its campaigns are still live and each of
 * its broadcasts still has a delivery every week (a fixed `sendAt` would be missed for good, an
 * `endDate` would empty the site). Checked through the content source over campaigns/, on fixed
 * days far apart, so the test means the same today and in ten years.
 */
import { describe, expect, it } from "vitest";
import { audienceZones, dueOccurrence } from "~/broadcasts/due-occurrence";
import { regionZones } from "~/broadcasts/plan.server";
import { zoneRows } from "~/broadcasts/run-spec";
import { createContentSource } from "~/content/content-source.server";
import { loadPublishedDataset } from "~/content/local-dataset.server";
import { type LOCALES } from "~/i18n/locales";
import { createLogger } from "~/lib/logger.server";
import { localEnv, SAMPLE_DATASET_DIR } from "../fixtures/content";

const HOUR = 3_600_000;
/** Days across the next decades, and the last of the century. */
const FUTURE_DAYS = ["2026-12-05", "2028-01-01", "2031-07-15", "2045-02-28", "2099-12-31"];

const content = createContentSource({
  env: localEnv({ CONTENT_DATASET_DIR: SAMPLE_DATASET_DIR }),
  logger: createLogger({ level: "silent" }),
});

describe("the sample dataset on any future day", () => {
  it.each(FUTURE_DAYS)("%s: every sample campaign is live in every locale it publishes", async (today) => {
    const campaigns = (await loadPublishedDataset(SAMPLE_DATASET_DIR)).filter((document) => document._type === "campaign");
    expect(campaigns.length).toBeGreaterThan(0);
    for (const campaign of campaigns) {
      const slug = (campaign.slug as { current: string }).current;
      for (const locale of campaign.locales as (typeof LOCALES)[number][]) {
        expect(await content.campaign(locale, slug, today), `${slug} ${locale}`).not.toBeNull();
      }
    }
  });

  it.each(FUTURE_DAYS)("%s: every sample broadcast has a delivery in the following week", async (day) => {
    const broadcasts = await content.broadcasts();
    expect(broadcasts.length).toBeGreaterThan(0);
    const zones = zoneRows(await regionZones(content));
    const start = Date.parse(`${day}T00:00:00Z`);
    for (const broadcast of broadcasts) {
      const ticks = Array.from({ length: 7 * 24 }, (_, hour) => new Date(start + hour * HOUR));
      const due = ticks.filter((now) => dueOccurrence(broadcast, audienceZones(broadcast, zones), now, true).due);
      expect(due.length, broadcast.id).toBeGreaterThan(0);
    }
  });

  it("no sample broadcast names a date, no sample campaign an end date", async () => {
    const documents = await loadPublishedDataset(SAMPLE_DATASET_DIR);
    const dated = documents.filter(
      (document) =>
        (document._type === "campaign" && document.endDate !== undefined) ||
        (document._type === "broadcast" && (document.schedule as { mode?: string } | undefined)?.mode === "at"),
    );
    expect(dated.map((document) => document._id)).toEqual([]);
  });
});
