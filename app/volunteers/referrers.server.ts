/** Whose referral code a link carries: only a confirmed account that staff have not disabled counts. */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

export interface Referrer {
  id: number;
  locale: string;
}

export async function referrerByCode(db: Database, code: string): Promise<Referrer | null> {
  const { rows } = await runSql<{ id: number; locale: string }>(
    db,
    sql`
    select id::int as id, locale from volunteers
    where referral_code = ${code} and confirmed_at is not null and disabled_at is null`,
  );
  return rows[0] ? { id: Number(rows[0].id), locale: rows[0].locale } : null;
}
