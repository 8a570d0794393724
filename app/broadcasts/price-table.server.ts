/**
 * The price table in use: the JSON file named by PRICE_TABLE_FILE (same shape as
 * `priceTableSchema`), or the clearly-marked example table when none is configured.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Env } from "~/env.server";
import { EXAMPLE_PRICE_TABLE, priceTableSchema, type PriceTable } from "./price-table";

/** The configured file is missing, not JSON, or not a valid price table; `message` says which. */
export class PriceTableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PriceTableError";
  }
}

export async function loadPriceTable(env: Pick<Env, "PRICE_TABLE_FILE">): Promise<PriceTable> {
  if (!env.PRICE_TABLE_FILE) return EXAMPLE_PRICE_TABLE;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(env.PRICE_TABLE_FILE, "utf8"));
  } catch (error) {
    throw new PriceTableError(`PRICE_TABLE_FILE ${env.PRICE_TABLE_FILE} cannot be read as JSON`, { cause: error });
  }
  const parsed = priceTableSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PriceTableError(`PRICE_TABLE_FILE ${env.PRICE_TABLE_FILE} is not a valid price table:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
