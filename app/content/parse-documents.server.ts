/**
 * Validates query results document by document. Content is never trusted (Studio validation can
 * be bypassed by imports, API writes or schema changes), and a page must never fail because of
 * one bad document: an invalid document is skipped, and an invalid element of a nested list
 * (a landing-page section, a page link, a hotline's region) is dropped while its document stays.
 */
import { z } from "zod";

/** One skipped document or list element, as it is logged. No content, only where and why. */
export interface ContentProblem {
  query: string;
  _id: string | null;
  _type: string | null;
  /** For a dropped list element: `sections[intro]` (field and `_key` or `_id`, else index). */
  element?: string;
  problem: string;
}

export interface ParseOptions {
  /** Query name, for the log. */
  query: string;
  /** Array fields whose invalid elements are dropped instead of failing the document. */
  lists?: readonly string[];
  report(problem: ContentProblem): void;
}

/** `path: message; path: message`, compact for one log line. Messages name types, never values. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(document)"}: ${issue.message}`).join("; ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringField(value: unknown, key: string): string | null {
  return isRecord(value) && typeof value[key] === "string" ? value[key] : null;
}

/**
 * GROQ projects a missing field as `null`; the schemas use `.optional()`/`.default()` for absent
 * values, so null object fields are removed before parsing. Null array elements stay (they fail).
 */
export function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullFields);
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null) result[key] = withoutNullFields(field);
  }
  return result;
}

/** The element schema of an array field of an object schema, through `.default()`/`.nullish()`. */
function listElementSchema(schema: z.ZodObject, key: string): z.ZodType {
  let field: z.ZodType | undefined = schema.shape[key];
  while (field instanceof z.ZodDefault || field instanceof z.ZodOptional || field instanceof z.ZodNullable) {
    field = field.unwrap() as z.ZodType;
  }
  if (!(field instanceof z.ZodArray)) throw new Error(`${key} is not an array field of the schema`);
  return field.element as z.ZodType;
}

function dropInvalidElements(document: Record<string, unknown>, schema: z.ZodObject, options: ParseOptions): Record<string, unknown> {
  const result = { ...document };
  for (const key of options.lists ?? []) {
    const list = result[key];
    if (!Array.isArray(list)) continue;
    const elementSchema = listElementSchema(schema, key);
    result[key] = list.filter((element, index) => {
      const parsed = elementSchema.safeParse(element);
      if (parsed.success) return true;
      const label = stringField(element, "_key") ?? stringField(element, "_id") ?? String(index);
      options.report({
        query: options.query,
        _id: stringField(document, "_id"),
        _type: stringField(document, "_type"),
        element: `${key}[${label}]`,
        problem: describeZodError(parsed.error),
      });
      return false;
    });
  }
  return result;
}

/** Parses each document of a query result; returns the valid ones, reporting the rest. */
export function parseDocuments<S extends z.ZodObject>(result: unknown, schema: S, options: ParseOptions): z.output<S>[] {
  if (result === null || result === undefined) return [];
  if (!Array.isArray(result)) {
    options.report({ query: options.query, _id: null, _type: null, problem: "query result is not an array" });
    return [];
  }
  const documents: z.output<S>[] = [];
  for (const raw of result) {
    const cleaned = withoutNullFields(raw);
    const candidate = isRecord(cleaned) ? dropInvalidElements(cleaned, schema, options) : cleaned;
    const parsed = schema.safeParse(candidate);
    if (parsed.success) {
      documents.push(parsed.data);
    } else {
      options.report({
        query: options.query,
        _id: stringField(raw, "_id"),
        _type: stringField(raw, "_type"),
        problem: describeZodError(parsed.error),
      });
    }
  }
  return documents;
}
