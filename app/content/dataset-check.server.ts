/**
 * Checks a local dataset (`campaigns/*.ndjson`) before it is served or imported into Sanity:
 * the file structure (JSON, ids, types, references, array keys), the contract in
 * docs/content-model.md (declared locales present, E.164 numbers valid for their country, IANA
 * zones, region codes), and
 * finally every query in every locale through the real content source, so anything the site
 * would skip is reported here first. `npm run campaigns:check` prints the result.
 */
import { LOCALES, isLocale, type Locale } from "~/i18n/locales";
import { checkDatasetQueries } from "./dataset-query-check.server";
import { isDraftId, isRawDocument, readDatasetFiles, type RawDocument } from "./local-dataset.server";
import { findLocaleGaps, walkValues } from "./dataset-walk.server";
import { contentNumberProblem } from "~/audience/phone-number";

/** Document types the app and the Studio know. */
export const KNOWN_DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  "siteSettings",
  "campaign",
  "page",
  "hotline",
  "region",
  "broadcast",
  "sequence",
  "mission",
  "sanity.imageAsset",
  "sanity.fileAsset",
]);

export interface DatasetProblem {
  /** File and line of the document, when known. */
  file?: string;
  line?: number;
  _id?: string;
  problem: string;
}

/** A published document marked `isSample: true`: shown, not a problem (the sample dataset is full of them). */
export interface DatasetSample {
  _id: string;
  _type: "broadcast" | "sequence" | "hotline";
  /** The title (broadcasts, sequences) or English organization name (hotlines), when there is one. */
  title?: string;
}

export interface DatasetReport {
  problems: DatasetProblem[];
  /** Published documents per `_type`. */
  documentsByType: Record<string, number>;
  /** Every locale some campaign publishes. */
  locales: Locale[];
  /** Sample content: broadcasts and sequences are never sent through Twilio or in production, sample hotlines never shown in production. */
  samples: DatasetSample[];
}

const SAMPLE_TYPES: ReadonlySet<string> = new Set<DatasetSample["_type"]>(["broadcast", "sequence", "hotline"]);

function sampleOf(document: RawDocument): DatasetSample | undefined {
  if (document.isSample !== true || !SAMPLE_TYPES.has(document._type)) return undefined;
  const title = typeof document.title === "string" ? document.title : record(document.organization)?.en;
  return { _id: document._id, _type: document._type as DatasetSample["_type"], ...(typeof title === "string" ? { title } : {}) };
}

export interface CheckDatasetOptions {
  dir: string;
  /** YYYY-MM-DD used to decide which campaigns are live; default today (UTC). */
  today?: string;
}

const REGION_CODE = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;
const PHONE_FIELDS = ["phone", "sms", "whatsapp", "telegram"] as const;

function isValidTimeZone(zone: unknown): boolean {
  if (typeof zone !== "string" || zone === "") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Problems with one document's own fields (numbers, zones, codes, locales list). */
function checkDocumentFields(document: RawDocument): string[] {
  const problems: string[] = [];
  const checkNumber = (path: string, value: unknown, options: { requireValid?: boolean } = {}) => {
    if (value === undefined || value === null) return;
    const problem = typeof value === "string" ? contentNumberProblem(value, options) : "not an E.164 number (+ and 7 to 15 digits)";
    if (problem) problems.push(`${path}: ${problem}`);
  };
  switch (document._type) {
    case "hotline": {
      // A real hotline's number must be in an assigned range of its country's plan (toll-free,
      // UAN and shared-cost numbers are); a sample hotline's reaches nobody on purpose.
      const requireValid = document.isSample !== true;
      for (const field of PHONE_FIELDS) checkNumber(field, document[field], { requireValid });
      if (!PHONE_FIELDS.some((field) => typeof document[field] === "string"))
        problems.push("hotline has no phone, sms, whatsapp or telegram number");
      const hours = record(document.hours);
      if (!isValidTimeZone(hours?.timezone)) problems.push("hours.timezone: not an IANA time zone");
      break;
    }
    case "region": {
      const code = typeof document.code === "string" ? document.code : "";
      const match = REGION_CODE.exec(code);
      if (!match) problems.push("code: not an ISO 3166-2 code like KG-C");
      else if (match[1] !== document.country) problems.push(`code: ${code} is not in country ${String(document.country)}`);
      if (match && document._id !== `region-${code}` && !isDraftId(document._id)) problems.push(`_id: expected region-${code}`);
      if (!isValidTimeZone(document.timezone)) problems.push("timezone: not an IANA time zone");
      break;
    }
    case "campaign": {
      const locales = Array.isArray(document.locales) ? document.locales : [];
      if (locales.length === 0) problems.push("locales: a campaign must publish at least one locale");
      for (const locale of locales) {
        if (typeof locale !== "string" || !isLocale(locale)) problems.push(`locales: unknown locale ${JSON.stringify(locale)}`);
      }
      checkNumber("sms.number", record(document.sms)?.number);
      break;
    }
    case "siteSettings":
      checkNumber("smsNumber", document.smsNumber);
      break;
  }
  return problems;
}

function campaignLocales(campaign: RawDocument | undefined): Locale[] {
  const locales = Array.isArray(campaign?.locales) ? campaign.locales : [];
  return locales.filter((locale): locale is Locale => typeof locale === "string" && isLocale(locale));
}

export async function checkDataset(options: CheckDatasetOptions): Promise<DatasetReport> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const { lines, errors } = await readDatasetFiles(options.dir);
  const problems: DatasetProblem[] = errors.map(({ file, line, message }) => ({ file, line, problem: message }));
  const locationById = new Map<string, { file: string; line: number }>();
  const documents: RawDocument[] = [];

  for (const { file, line, value } of lines) {
    if (!isRawDocument(value)) {
      const fields = record(value);
      const missing = !fields ? "not a JSON object" : typeof fields._id !== "string" || fields._id === "" ? "missing _id" : "missing _type";
      problems.push({ file, line, _id: typeof fields?._id === "string" ? fields._id : undefined, problem: missing });
      continue;
    }
    const earlier = locationById.get(value._id);
    if (earlier) {
      problems.push({ file, line, _id: value._id, problem: `duplicate _id (first at ${earlier.file}:${earlier.line})` });
      continue;
    }
    locationById.set(value._id, { file, line });
    documents.push(value);
  }

  const at = (id: string, problem: string): DatasetProblem => ({ ...locationById.get(id), _id: id, problem });
  // Published perspective over the documents kept above (the first of a duplicated _id).
  const published = documents.filter((document) => !isDraftId(document._id));
  const publishedIds = new Set(published.map((document) => document._id));
  const allIds = new Set(documents.map((document) => document._id));

  for (const document of documents) {
    if (!KNOWN_DOCUMENT_TYPES.has(document._type)) problems.push(at(document._id, `unknown _type "${document._type}"`));
    // Drafts are work in progress and never served: only their structure is checked.
    if (!isDraftId(document._id)) {
      for (const problem of checkDocumentFields(document)) problems.push(at(document._id, problem));
    }
    // A published document may only point at published ones (that is all the site can see).
    const targets = isDraftId(document._id) ? allIds : publishedIds;
    walkValues(document, (value, path) => {
      if (Array.isArray(value)) {
        const seen = new Set<string>();
        value.forEach((item, index) => {
          const member = record(item);
          if (!member) return;
          if (typeof member._key !== "string" || member._key === "") problems.push(at(document._id, `${path}[${index}]: missing _key`));
          else if (seen.has(member._key)) problems.push(at(document._id, `${path}: duplicate _key "${member._key}"`));
          else seen.add(member._key);
        });
        return;
      }
      const reference = record(value);
      if (typeof reference?._ref === "string" && reference._weak !== true && !targets.has(reference._ref)) {
        problems.push(at(document._id, `${path}: unresolved reference to "${reference._ref}"`));
      }
    });
  }

  // Every localized field of a campaign and its pages must have each locale the campaign publishes.
  const campaigns = new Map(published.filter((d) => d._type === "campaign").map((d) => [d._id, d]));
  for (const document of published) {
    const campaignId =
      document._type === "campaign" ? document._id : document._type === "page" ? record(document.campaign)?._ref : undefined;
    if (typeof campaignId !== "string") continue;
    const locales = campaignLocales(campaigns.get(campaignId));
    for (const gap of findLocaleGaps(document, locales)) {
      problems.push(at(document._id, `${gap.path}: missing ${gap.locales.join(", ")} (the campaign publishes them)`));
    }
  }

  if (!published.some((document) => document._type === "siteSettings" && document._id === "siteSettings")) {
    problems.push({ problem: 'no published siteSettings document with _id "siteSettings"' });
  }

  for (const problem of await checkDatasetQueries({ dir: options.dir, today, documents: published })) {
    problems.push(problem._id ? at(problem._id, problem.problem) : problem);
  }

  const documentsByType: Record<string, number> = {};
  for (const document of published) documentsByType[document._type] = (documentsByType[document._type] ?? 0) + 1;
  const publishedLocales = new Set([...campaigns.values()].flatMap((campaign) => campaignLocales(campaign)));
  const samples = published.map(sampleOf).filter((sample): sample is DatasetSample => sample !== undefined);
  return { problems, documentsByType, locales: LOCALES.filter((locale) => publishedLocales.has(locale)), samples };
}

/** One line per problem, `file:line  _id  problem`, in file order. */
export function formatDatasetProblems(problems: readonly DatasetProblem[]): string {
  return [...problems]
    .sort((a, b) => (a.file ?? "~").localeCompare(b.file ?? "~") || (a.line ?? 0) - (b.line ?? 0))
    .map((p) => [p.file ? `${p.file}:${p.line ?? "?"}` : "(dataset)", p._id ?? "-", p.problem].join("  "))
    .join("\n");
}

/**
 * The sample content, for people importing a dataset: each sample broadcast and sequence on its
 * own line (they would send messages), sample hotlines counted. Empty when there is none.
 */
export function formatDatasetSamples(samples: readonly DatasetSample[]): string {
  if (samples.length === 0) return "";
  const messages = samples.filter((sample) => sample._type !== "hotline");
  const hotlines = samples.length - messages.length;
  const lines = ["Sample content (isSample: true):"];
  if (messages.length > 0) {
    lines.push("  broadcasts and sequences sent only to the dev phone of a development site, never through Twilio or in production:");
    for (const sample of messages) lines.push(`    ${sample._type.padEnd(9)}  ${sample._id}${sample.title ? `  ${sample.title}` : ""}`);
  }
  if (hotlines > 0) lines.push(`  ${hotlines} sample hotline(s): numbers that reach nobody, never shown in production`);
  return lines.join("\n");
}

/** `42 documents (campaign 2, hotline 20, …); locales: en, ru, …`. */
export function formatDatasetSummary(report: DatasetReport): string {
  const counts = Object.entries(report.documentsByType).sort(([a], [b]) => a.localeCompare(b));
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  return `${total} documents (${counts.map(([type, count]) => `${type} ${count}`).join(", ")}); locales: ${report.locales.join(", ") || "none"}`;
}
