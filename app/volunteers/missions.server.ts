/**
 * A volunteer's progress on the running missions (Studio `mission` documents): visits their
 * links brought to the mission's campaign, SMS subscriptions their code brought, or their school
 * sessions staff confirmed, between the mission's start and end. Their own figures, shown only to
 * them. Subscriptions are aggregate counts (docs/decisions/027-youth-volunteers.md, "Subscriptions"):
 * a plain "JOIN <code>" names no campaign, so it counts towards every SMS mission of the volunteer;
 * a campaign word with the code ("SAFE <code>") only towards that campaign's.
 */
import { sql } from "drizzle-orm";
import type { Mission } from "~/content/schemas";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

export interface MissionProgress {
  id: string;
  title: string;
  description: string;
  campaign: string;
  goalKind: Mission["goalKind"];
  goal: number;
  /** Null when the kind is not measured for a volunteer. */
  done: number | null;
  endDate: string | null;
}

export async function missionProgress(
  db: Database,
  volunteerId: number,
  missions: readonly Mission[],
  today: string,
): Promise<MissionProgress[]> {
  return Promise.all(
    missions.map(async (mission) => {
      const from = mission.startDate.slice(0, 10);
      const to = mission.endDate && mission.endDate.slice(0, 10) < today ? mission.endDate.slice(0, 10) : today;
      let done: number | null = null;
      if (mission.goalKind === "visits") {
        const { rows } = await runSql<{ n: number }>(
          db,
          sql`
          select count(*)::int as n from volunteer_attributions
          where volunteer_id = ${volunteerId} and campaign = ${mission.campaign} and event = 'visit'
            and day between ${from}::date and ${to}::date`,
        );
        done = Number(rows[0]?.n ?? 0);
      } else if (mission.goalKind === "sms-subscribers") {
        const { rows } = await runSql<{ n: number }>(
          db,
          sql`
          select coalesce(sum(count), 0)::int as n from volunteer_subscription_counts
          where volunteer_id = ${volunteerId} and campaign in (${mission.campaign}, '')
            and day between ${from}::date and ${to}::date`,
        );
        done = Number(rows[0]?.n ?? 0);
      } else if (mission.goalKind === "school-sessions") {
        const { rows } = await runSql<{ n: number }>(
          db,
          sql`
          select count(*)::int as n from volunteer_session_reports
          where volunteer_id = ${volunteerId} and campaign = ${mission.campaign} and confirmed_at is not null
            and held_on between ${from}::date and ${to}::date`,
        );
        done = Number(rows[0]?.n ?? 0);
      }
      return {
        id: mission._id,
        title: mission.title,
        description: mission.description,
        campaign: mission.campaign,
        goalKind: mission.goalKind,
        goal: mission.goalCount,
        done,
        endDate: mission.endDate ? mission.endDate.slice(0, 10) : null,
      };
    }),
  );
}
