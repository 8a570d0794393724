/**
 * The Studio's content model, compiled without booting the Studio: schema errors, the locale
 * fields of every localized type, the document types of docs/content-model.md, and that the
 * missing-translation walker covers exactly the localized fields the schema has.
 */
import { groupProblems, validateSchema } from "@sanity/schema/_internal";
import { describe, expect, it } from "vitest";
import { COUNTRIES as APP_COUNTRIES, LOCALES as APP_LOCALES, LOCALE_FIELD_KEYS, direction } from "~/i18n/locales";
import { schemaTypes } from "../../studio/schemaTypes";
import { COUNTRY_CODES, LOCALES, LOCALE_CODES } from "../../studio/schemaTypes/locales";
import { SECTION_TYPE_NAMES } from "../../studio/schemaTypes/lib/sectionsField";
import { DOCUMENT_LOCALIZED_FIELDS, SECTION_LOCALIZED_FIELDS } from "../../studio/schemaTypes/lib/missingTranslations";

/** Just enough of a schema definition to walk its fields. */
interface FieldDefinition {
  name: string;
  type: string;
  fields?: FieldDefinition[];
  of?: FieldDefinition[];
  components?: { input?: unknown };
}
interface TypeDefinition extends FieldDefinition {
  fields?: FieldDefinition[];
}

const definitions = schemaTypes as unknown as TypeDefinition[];

function typeNamed(name: string): TypeDefinition {
  const found = definitions.find((type) => type.name === name);
  if (!found) throw new Error(`no schema type ${name}`);
  return found;
}

const LOCALIZED_TEXT_TYPES = ["localeString", "localeText", "localeBlockContent"];
const LOCALIZED_TYPES = [...LOCALIZED_TEXT_TYPES, "localeReviewStatus", "localeSmsText", "localeKeywords"];

function schemaErrors(types: unknown[]) {
  return groupProblems(validateSchema(types).getTypes())
    .flatMap((group) => group.problems.map((problem) => ({ path: group.path, ...problem })))
    .filter((problem) => problem.severity === "error");
}

/** Dotted paths of the localized text fields under `fields`; array items appear as `list[]`. */
function localizedPaths(fields: FieldDefinition[] | undefined, prefix = ""): string[] {
  return (fields ?? []).flatMap((field) => {
    const path = `${prefix}${field.name}`;
    if (LOCALIZED_TEXT_TYPES.includes(field.type)) return [path];
    const members = field.type === "array" ? (field.of ?? []).filter((member) => member.fields) : [];
    return [...localizedPaths(field.fields, `${path}.`), ...members.flatMap((member) => localizedPaths(member.fields, `${path}[].`))];
  });
}

describe("studio schema", () => {
  it("compiles without schema errors", () => {
    expect(schemaErrors(schemaTypes)).toEqual([]);
  });

  it("reports a broken type as an error (the check above can fail)", () => {
    const broken = { name: "brokenType", type: "object", fields: [{ name: "title", type: "noSuchType" }] };
    expect(schemaErrors([...schemaTypes, broken])).not.toEqual([]);
  });

  it("has every document type of docs/content-model.md", () => {
    const documents = definitions.filter((type) => type.type === "document").map((type) => type.name);
    expect(documents.sort()).toEqual([
      "broadcast",
      "campaign",
      "hotline",
      "keyword",
      "mission",
      "page",
      "region",
      "sequence",
      "siteSettings",
      "smsReplies",
    ]);
  });

  it("has the localized and section object types of the content model", () => {
    const objects = definitions.filter((type) => type.type === "object").map((type) => type.name);
    expect(objects.sort()).toEqual([...LOCALIZED_TYPES, ...SECTION_TYPE_NAMES].sort());
  });

  it.each(LOCALIZED_TYPES)("%s has exactly one field per locale, in the app's order", (name) => {
    const fields = typeNamed(name).fields ?? [];
    expect(fields.map((field) => field.name)).toEqual([...LOCALE_FIELD_KEYS]);
  });

  it.each(LOCALIZED_TEXT_TYPES)("%s shows right-to-left locales right to left", (name) => {
    const rtlFields = (typeNamed(name).fields ?? []).filter((field) => field.components?.input !== undefined);
    const rtlKeys = APP_LOCALES.filter((locale) => direction(locale) === "rtl").map((locale) => locale.replace("-", "_"));
    expect(rtlFields.map((field) => field.name)).toEqual(rtlKeys);
  });

  it("mirrors the app's locales and countries", () => {
    expect(LOCALE_CODES).toEqual([...APP_LOCALES]);
    expect(LOCALES.map((locale) => locale.fieldKey)).toEqual([...LOCALE_FIELD_KEYS]);
    expect(LOCALES.map((locale) => locale.direction)).toEqual(APP_LOCALES.map(direction));
    expect(COUNTRY_CODES).toEqual([...APP_COUNTRIES]);
  });

  it("offers the same section types on campaigns and pages", () => {
    for (const documentType of ["campaign", "page"]) {
      const sections = typeNamed(documentType).fields?.find((field) => field.name === "sections");
      expect(sections?.of?.map((member) => member.type)).toEqual([...SECTION_TYPE_NAMES]);
    }
    expect(Object.keys(SECTION_LOCALIZED_FIELDS).sort()).toEqual([...SECTION_TYPE_NAMES].sort());
  });

  it.each(SECTION_TYPE_NAMES)("the translation check covers every localized field of %s", (name) => {
    const spec = SECTION_LOCALIZED_FIELDS[name];
    const specPaths = [
      ...(spec?.fields ?? []).map((field) => field.path.join(".")),
      ...Object.entries(spec?.lists ?? {}).flatMap(([list, fields]) => fields.map((field) => `${list}[].${field.path.join(".")}`)),
    ];
    expect(specPaths.sort()).toEqual(localizedPaths(typeNamed(name).fields).sort());
  });

  it.each(["campaign", "page"] as const)("the translation check covers every localized field of %s", (name) => {
    const specPaths = DOCUMENT_LOCALIZED_FIELDS[name].map((field) => field.path.join("."));
    expect(specPaths.sort()).toEqual(localizedPaths(typeNamed(name).fields?.filter((field) => field.name !== "sections")).sort());
  });
});
