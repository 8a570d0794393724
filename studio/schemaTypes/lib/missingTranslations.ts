/**
 * Walks a campaign or page and lists every localized field that lacks one of the locales the
 * campaign publishes. The field list is explicit (not "every object with a locale key") so that a
 * required field that is absent altogether is reported too; `tests/unit/studio-schema.test.ts`
 * checks that each path below is a localized field in the schema.
 */
import { hasAnyLocale, missingLocales } from "./missingLocales";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A path segment as Sanity validation markers use it; keyed segments point into arrays. */
export type PathSegment = string | number | { _key: string };

/** One localized field and the locales it lacks. */
export interface MissingTranslation {
  path: PathSegment[];
  missing: string[];
}

/**
 * A localized field inside a document, section or list item. `optional` fields are checked only
 * once they have text in some locale: a heading shown in one language must be shown in all.
 */
export interface LocalizedFieldSpec {
  path: readonly string[];
  optional?: boolean;
}

/** A section type's localized fields, and those of the items in its lists. */
export interface SectionSpec {
  fields: readonly LocalizedFieldSpec[];
  lists?: Readonly<Record<string, readonly LocalizedFieldSpec[]>>;
}

export const DOCUMENT_LOCALIZED_FIELDS = {
  campaign: [
    { path: ["title"] },
    { path: ["summary"] },
    { path: ["hero", "heading"] },
    { path: ["hero", "text"] },
    { path: ["hero", "image", "alt"], optional: true },
    { path: ["share", "text"] },
    { path: ["share", "title"], optional: true },
  ],
  page: [{ path: ["title"] }, { path: ["description"] }],
} as const satisfies Record<string, readonly LocalizedFieldSpec[]>;

export type TranslatedDocumentType = keyof typeof DOCUMENT_LOCALIZED_FIELDS;

export const SECTION_LOCALIZED_FIELDS: Readonly<Record<string, SectionSpec>> = {
  storySection: { fields: [{ path: ["heading"], optional: true }, { path: ["body"] }] },
  signsChecklist: {
    fields: [{ path: ["heading"] }, { path: ["intro"], optional: true }],
    lists: { items: [{ path: ["text"] }] },
  },
  mythFact: { fields: [{ path: ["heading"] }], lists: { items: [{ path: ["myth"] }, { path: ["fact"] }] } },
  safeMigrationSteps: { fields: [{ path: ["heading"] }], lists: { steps: [{ path: ["title"] }, { path: ["text"] }] } },
  hotlineBlock: { fields: [{ path: ["heading"] }, { path: ["intro"], optional: true }] },
  callToAction: { fields: [{ path: ["heading"] }, { path: ["text"] }] },
  faq: { fields: [{ path: ["heading"] }], lists: { items: [{ path: ["question"] }, { path: ["answer"] }] } },
};

function valueAt(record: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = record;
  for (const segment of path) {
    if (!isRecord(current)) return undefined;
    current = current[segment];
  }
  return current;
}

// Keyed segments keep a marker on the right item when editors reorder the array.
function itemSegment(item: Record<string, unknown>, index: number): PathSegment {
  return typeof item._key === "string" ? { _key: item._key } : index;
}

function checkFields(
  record: Record<string, unknown>,
  fields: readonly LocalizedFieldSpec[],
  basePath: readonly PathSegment[],
  localeCodes: readonly string[],
  found: MissingTranslation[],
): void {
  for (const field of fields) {
    const value = valueAt(record, field.path);
    if (field.optional && !hasAnyLocale(value)) continue;
    const missing = missingLocales(value, localeCodes);
    if (missing.length > 0) found.push({ path: [...basePath, ...field.path], missing });
  }
}

function checkSection(
  section: Record<string, unknown>,
  sectionPath: PathSegment[],
  localeCodes: readonly string[],
  found: MissingTranslation[],
): void {
  const spec = typeof section._type === "string" ? SECTION_LOCALIZED_FIELDS[section._type] : undefined;
  if (!spec) return;
  checkFields(section, spec.fields, sectionPath, localeCodes, found);
  for (const [listName, itemFields] of Object.entries(spec.lists ?? {})) {
    const items = section[listName];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      if (isRecord(item)) checkFields(item, itemFields, [...sectionPath, listName, itemSegment(item, index)], localeCodes, found);
    });
  }
}

/** Every localized field of `document` that lacks one of `localeCodes`, with its path. */
export function findMissingTranslations(
  documentType: TranslatedDocumentType,
  document: unknown,
  localeCodes: readonly string[],
): MissingTranslation[] {
  if (!isRecord(document) || localeCodes.length === 0) return [];
  const found: MissingTranslation[] = [];
  checkFields(document, DOCUMENT_LOCALIZED_FIELDS[documentType], [], localeCodes, found);
  const sections = document.sections;
  if (Array.isArray(sections)) {
    sections.forEach((section: unknown, index) => {
      if (isRecord(section)) checkSection(section, ["sections", itemSegment(section, index)], localeCodes, found);
    });
  }
  return found;
}

/** A validation error at a path, in the shape Sanity's custom validators return. */
export interface PathValidationError {
  message: string;
  path: PathSegment[];
}

/**
 * Validation result for a document-level custom rule: one error per incomplete field, each shown
 * on that field, naming the missing locales; `true` when everything is translated.
 */
export function missingTranslationErrors(missing: readonly MissingTranslation[]): true | PathValidationError[] {
  if (missing.length === 0) return true;
  return missing.map(({ path, missing: locales }) => ({
    message: `Missing translations for this campaign's locales: ${locales.join(", ")}`,
    path,
  }));
}
