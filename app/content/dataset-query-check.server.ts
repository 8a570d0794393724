/**
 * The last stage of `campaigns:check`: runs every query in every locale through the real content
 * source over the local dataset and reports each document or element the site would skip.
 */
import { parseEnv } from "~/env.server";
import { LOCALES, isLocale, type Locale } from "~/i18n/locales";
import { createLogger } from "~/lib/logger.server";
import type { ContentSource } from "./content-source";
import { createContentSource } from "./content-source.server";
import type { DatasetProblem } from "./dataset-check.server";
import { createLocalBackend } from "./local-backend.server";
import type { RawDocument } from "./local-dataset.server";
import type { ContentProblem } from "./parse-documents.server";

export interface QueryCheckOptions {
  dir: string;
  today: string;
  /** The published documents, to know which campaigns and pages to ask for. */
  documents: readonly RawDocument[];
}

function slugOf(document: RawDocument): string | undefined {
  const slug = document.slug as { current?: unknown } | undefined;
  return typeof slug?.current === "string" ? slug.current : undefined;
}

/**
 * The day on which a campaign marked live is served: today when within its dates, its start date
 * when it starts later (so an upcoming campaign is checked before it goes out), else none.
 */
function dayServed(campaign: RawDocument, today: string): string | undefined {
  if (campaign.status !== "live") return undefined;
  const start = typeof campaign.startDate === "string" ? campaign.startDate : undefined;
  const end = typeof campaign.endDate === "string" ? campaign.endDate : undefined;
  const day = start && start > today ? start : today;
  return end && end < day ? undefined : day;
}

export async function checkDatasetQueries(options: QueryCheckOptions): Promise<DatasetProblem[]> {
  const found = new Map<string, { problem: ContentProblem; locales: Set<string> }>();
  let asking = "";
  const content: ContentSource = createContentSource({
    // The configuration of a development site serving this directory (sample hotlines included).
    env: parseEnv({ NODE_ENV: "development", CONTENT_DATASET_DIR: options.dir }),
    logger: createLogger({ level: "silent" }),
    backend: createLocalBackend({ datasetDir: options.dir }),
    onProblem(problem) {
      const key = JSON.stringify([problem.query, problem._id, problem.element, problem.problem]);
      const entry = found.get(key) ?? { problem, locales: new Set<string>() };
      entry.locales.add(asking);
      found.set(key, entry);
    },
  });
  const extra: DatasetProblem[] = [];

  for (const locale of LOCALES) {
    asking = locale;
    if (!(await content.siteSettings(locale))) extra.push({ problem: `siteSettings (${locale}): not served` });
    await content.liveCampaigns(locale, options.today);
    await content.hotlines(locale);
    await content.regions(locale);
  }
  asking = "any";
  await content.sitemap(options.today);
  // What the jobs read: every locale at once, so asked once.
  await content.broadcasts();
  await content.sequences();

  const campaigns = options.documents.filter((document) => document._type === "campaign");
  for (const campaign of campaigns) {
    const day = dayServed(campaign, options.today);
    const slug = slugOf(campaign);
    if (!day || !slug) continue;
    const locales = (Array.isArray(campaign.locales) ? campaign.locales : []).filter(
      (locale): locale is Locale => typeof locale === "string" && isLocale(locale),
    );
    const pages = options.documents.filter(
      (document) => document._type === "page" && (document.campaign as { _ref?: unknown } | undefined)?._ref === campaign._id,
    );
    for (const locale of locales) {
      asking = locale;
      if (!(await content.campaign(locale, slug, day))) {
        extra.push({ _id: campaign._id, problem: `campaign (${locale}, ${day}): not served` });
        continue;
      }
      for (const page of pages) {
        const pageSlug = slugOf(page);
        if (!pageSlug || !(await content.page(locale, slug, pageSlug, day))) {
          extra.push({ _id: page._id, problem: `page (${locale}, ${day}): not served` });
        }
      }
    }
  }

  const skipped = [...found.values()].map(({ problem, locales }) => {
    const where = locales.size === LOCALES.length ? "every locale" : [...locales].join(", ");
    const element = problem.element ? `${problem.element}: ` : "";
    return {
      _id: problem._id ?? undefined,
      problem: `skipped by ${problem.query} query (${where}): ${element}${problem.problem}`,
    };
  });
  return [...skipped, ...extra];
}
