/** The running missions with the volunteer's progress (a native <progress> with the figures in text too). */
import { useLocale } from "~/components/locale-context";
import { format } from "~/i18n/ui-strings";

export interface MissionView {
  id: string;
  title: string;
  description: string;
  goalKind: string;
  goal: number;
  /** Null: not measured for a volunteer (SMS subscribers). */
  done: number | null;
  endDate: string | null;
}

const GOAL_TEXT = {
  visits: "volunteerGoalVisits",
  "sms-subscribers": "volunteerGoalSubscribers",
  "school-sessions": "volunteerGoalSessions",
} as const;

export function Missions({ missions }: { missions: readonly MissionView[] }) {
  const { strings, locale } = useLocale();
  if (missions.length === 0) return null;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const number = new Intl.NumberFormat(locale);
  return (
    <section aria-labelledby="volunteer-missions-title">
      <h2 id="volunteer-missions-title">{strings.volunteerMissionsTitle}</h2>
      <ul className="cards volunteer-missions">
        {missions.map((mission) => (
          <li key={mission.id}>
            <h3>{mission.title}</h3>
            <p>{mission.description}</p>
            <p>
              <strong>{strings[GOAL_TEXT[mission.goalKind as keyof typeof GOAL_TEXT] ?? "volunteerGoalVisits"]}</strong>
              {mission.done === null ? (
                <>: {number.format(mission.goal)}</>
              ) : (
                <>
                  :{" "}
                  {format(strings.volunteerMissionProgress, {
                    done: number.format(Math.min(mission.done, mission.goal)),
                    goal: number.format(mission.goal),
                  })}
                  {mission.done >= mission.goal ? <> — {strings.volunteerMissionDone}</> : null}
                </>
              )}
            </p>
            {mission.done === null ? null : (
              <progress max={mission.goal} value={Math.min(mission.done, mission.goal)} aria-label={mission.title} />
            )}
            {mission.endDate ? (
              <p>{format(strings.volunteerMissionUntil, { date: dateFormat.format(new Date(`${mission.endDate}T00:00:00Z`)) })}</p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
