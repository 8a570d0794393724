/**
 * The regional leaderboard of a campaign: volunteers of one region who opted in, by nickname
 * only, ranked by the visits their links brought. Those who did not opt in are not listed and
 * are not counted in any figure shown. Counts under 5 are published as "<5" like every count.
 */
import { sql } from "drizzle-orm";
import { SMALL_COUNT_THRESHOLD } from "~/analytics/small-numbers";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

export interface LeaderboardEntry {
  rank: number;
  nickname: string;
  /** "<5" or the number. */
  visits: string;
  isYou: boolean;
}

export const LEADERBOARD_SIZE = 10;

export async function regionalLeaderboard(
  db: Database,
  input: { campaign: string; country: string; region: string; viewerId: number },
): Promise<LeaderboardEntry[]> {
  const { rows } = await runSql<{ id: number; nickname: string; visits: number }>(
    db,
    sql`
    select v.id::int as id, v.nickname, count(a.id)::int as visits
    from volunteers v
    join volunteer_attributions a on a.volunteer_id = v.id and a.campaign = ${input.campaign} and a.event = 'visit'
    where v.leaderboard_opt_in and v.disabled_at is null and v.confirmed_at is not null
      and v.country = ${input.country} and v.region_code = ${input.region}
    group by v.id, v.nickname
    order by visits desc, v.nickname asc
    limit ${LEADERBOARD_SIZE}`,
  );
  return rows.map((row, index) => ({
    rank: index + 1,
    nickname: row.nickname,
    visits: Number(row.visits) < SMALL_COUNT_THRESHOLD ? `<${SMALL_COUNT_THRESHOLD}` : String(row.visits),
    isYou: Number(row.id) === input.viewerId,
  }));
}
