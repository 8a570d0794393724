/**
 * The signed-in volunteer's page: their links (with plain share links and a copy field that
 * works without JavaScript), their reach under the small-number rules, the regional leaderboard
 * and its opt-in, session reports, sign out and account deletion. Everything shown comes from the
 * loader for the session's volunteer only.
 */
import { useLocale } from "~/components/locale-context";
import { ShareLinks } from "~/components/share-links";
import type { PublishedCount } from "~/analytics/small-numbers";
import { formatNodes } from "~/components/format/format-nodes";
import { PhoneNumberText } from "~/components/phone-number-text";
import { format } from "~/i18n/ui-strings";
import type { FormError } from "~/volunteers/volunteer-form-errors";
import { ErrorSummary } from "./volunteer-forms";
import { Missions, type MissionView } from "./volunteer-missions";
import { ReachTable } from "./volunteer-reach-table";

export interface DashboardProps {
  profile: {
    nickname: string;
    referralCode: string;
    countryName: string;
    regionName: string;
    school: string | null;
    maskedPhone: string;
    leaderboardOptIn: boolean;
  };
  links: Array<{
    slug: string;
    title: string;
    url: string;
    shareText: string;
    posterPath: string;
    subscribe: { keyword: string; number: string } | null;
  }>;
  reach: {
    byRegion: { rowNames: string[]; columns: readonly string[]; cells: PublishedCount[][]; columnTotals: PublishedCount[] };
    byDay: { rows: string[]; columns: readonly string[]; cells: PublishedCount[][]; columnTotals: PublishedCount[] };
    days: number;
  };
  leaderboards: Array<{
    campaign: string;
    title: string;
    entries: Array<{ rank: number; nickname: string; visits: string; isYou: boolean }>;
  }>;
  reports: Array<{ id: number; campaign: string; heldOn: string; attendees: number; confirmed: boolean }>;
  today: string;
  errors: readonly FormError[];
  missions: MissionView[];
}

export function VolunteerDashboard(props: DashboardProps) {
  const { strings, locale } = useLocale();
  const { profile, links, reach, leaderboards, reports, errors } = props;
  const titleOf = new Map(links.map((link) => [link.slug, link.title]));
  const dayFormat = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  return (
    <>
      <h1>{format(strings.volunteerHello, { nickname: profile.nickname })}</h1>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="volunteer-profile-title">
        <h2 id="volunteer-profile-title">{strings.volunteerProfileTitle}</h2>
        <dl className="facts">
          <dt>{strings.volunteerRegion}</dt>
          <dd>
            {profile.regionName}, {profile.countryName}
          </dd>
          {profile.school ? (
            <>
              <dt>{strings.volunteerSchool}</dt>
              <dd>{profile.school}</dd>
            </>
          ) : null}
          <dt>{strings.volunteerPhone}</dt>
          <dd dir="ltr">{profile.maskedPhone}</dd>
          <dt>{strings.volunteerYourCode}</dt>
          <dd dir="ltr" className="volunteer-code">
            {profile.referralCode}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="volunteer-links-title">
        <h2 id="volunteer-links-title">{strings.volunteerLinksTitle}</h2>
        <p>{strings.volunteerLinksIntro}</p>
        <ul className="volunteer-links">
          {links.map((link) => (
            <li key={link.slug}>
              <h3>{format(strings.volunteerLinkLabel, { campaign: link.title })}</h3>
              <ShareLinks url={link.url} text={link.shareText} title={link.title} locale={locale} />
              {link.subscribe ? (
                <p className="volunteer-join">
                  {formatNodes(strings.subscribeBySms, {
                    keyword: (
                      <strong lang="en">
                        <bdi>{link.subscribe.keyword}</bdi>
                      </strong>
                    ),
                    number: <PhoneNumberText number={link.subscribe.number} />,
                  })}{" "}
                  {strings.volunteerJoinCredit}
                </p>
              ) : null}
              <p>
                <a href={link.posterPath}>{strings.volunteerPoster}</a>
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="volunteer-reach-title">
        <h2 id="volunteer-reach-title">{strings.volunteerReachTitle}</h2>
        <p>{format(strings.volunteerReachIntro, { days: reach.days })}</p>
        {reach.byDay.rows.length === 0 ? (
          <p>{strings.volunteerNoReach}</p>
        ) : (
          <>
            <ReachTable
              caption={strings.volunteerByRegion}
              rowHeader={strings.volunteerRegion}
              rows={reach.byRegion.rowNames}
              cells={reach.byRegion.cells}
              totals={reach.byRegion.columnTotals}
            />
            <ReachTable
              caption={strings.volunteerByDay}
              rowHeader={strings.volunteerDay}
              rows={reach.byDay.rows.map((day) => dayFormat.format(new Date(`${day}T00:00:00Z`)))}
              cells={reach.byDay.cells}
              totals={reach.byDay.columnTotals}
            />
          </>
        )}
      </section>

      <Missions missions={props.missions} />

      <section aria-labelledby="volunteer-leaderboard-title" id="leaderboard">
        <h2 id="volunteer-leaderboard-title">{strings.volunteerLeaderboardTitle}</h2>
        <p>{strings.volunteerLeaderboardIntro}</p>
        <form method="post" className="volunteer-form">
          <input type="hidden" name="intent" value="leaderboard" />
          <span className="volunteer-choice">
            <input type="checkbox" id="volunteer-opt-in" name="optIn" value="yes" defaultChecked={profile.leaderboardOptIn} />
            <label htmlFor="volunteer-opt-in">{strings.volunteerLeaderboardOptIn}</label>
          </span>
          <button type="submit" className="button-secondary">
            {strings.volunteerSave}
          </button>
        </form>
        {leaderboards.map((board) => (
          <div key={board.campaign} className="volunteer-table" role="region" aria-label={board.title} tabIndex={0}>
            {board.entries.length === 0 ? (
              <p>
                <strong>{board.title}:</strong> {strings.volunteerLeaderboardEmpty}
              </p>
            ) : (
              <table>
                <caption>{board.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{strings.volunteerRank}</th>
                    <th scope="col">{strings.volunteerNickname}</th>
                    <th scope="col">{strings.volunteerVisits}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.entries.map((entry) => (
                    <tr key={entry.rank}>
                      <td>{entry.rank}</td>
                      <th scope="row">
                        {entry.nickname} {entry.isYou ? strings.volunteerYou : null}
                      </th>
                      <td>{entry.visits}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </section>

      <section aria-labelledby="volunteer-report-title" id="reports">
        <h2 id="volunteer-report-title">{strings.volunteerReportTitle}</h2>
        <p>{strings.volunteerReportIntro}</p>
        <form method="post" className="volunteer-form">
          <input type="hidden" name="intent" value="report" />
          <p className="volunteer-field">
            <label htmlFor="volunteer-report-campaign">{strings.volunteerReportCampaign}</label>
            <select id="volunteer-report-campaign" name="campaign" required>
              {links.map((link) => (
                <option key={link.slug} value={link.slug}>
                  {link.title}
                </option>
              ))}
            </select>
          </p>
          <p className="volunteer-field">
            <label htmlFor="volunteer-report-date">{strings.volunteerReportDate}</label>
            <input id="volunteer-report-date" name="heldOn" type="date" max={props.today} defaultValue={props.today} required />
          </p>
          <p className="volunteer-field">
            <label htmlFor="volunteer-report-attendees">{strings.volunteerReportAttendees}</label>
            <input id="volunteer-report-attendees" name="attendees" type="number" inputMode="numeric" min={1} max={2000} required />
          </p>
          <p>
            <button type="submit" className="button-secondary">
              {strings.volunteerReportSubmit}
            </button>
          </p>
        </form>
        {reports.length > 0 ? (
          <>
            <h3>{strings.volunteerReportsTitle}</h3>
            <ul className="volunteer-reports">
              {reports.map((report) => (
                <li key={report.id}>
                  {titleOf.get(report.campaign) ?? report.campaign}, <span dir="ltr">{report.heldOn}</span>: {report.attendees} —{" "}
                  {report.confirmed ? strings.volunteerReportConfirmed : strings.volunteerReportPending}
                  {report.confirmed ? null : (
                    <form method="post" className="volunteer-inline-form">
                      <input type="hidden" name="intent" value="withdraw-report" />
                      <input type="hidden" name="report" value={report.id} />
                      <button type="submit" className="button-secondary">
                        {strings.volunteerReportWithdraw}
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <div className="volunteer-account-actions">
        <form method="post">
          <input type="hidden" name="intent" value="sign-out" />
          <button type="submit" className="button-secondary">
            {strings.volunteerSignOut}
          </button>
        </form>
        <form method="post" className="volunteer-form volunteer-delete" aria-labelledby="volunteer-delete-title">
          <h2 id="volunteer-delete-title">{strings.volunteerDeleteTitle}</h2>
          <p>{strings.volunteerDeleteIntro}</p>
          <input type="hidden" name="intent" value="delete" />
          <span className="volunteer-choice">
            <input type="checkbox" id="volunteer-delete-confirm" name="confirm" value="yes" required />
            <label htmlFor="volunteer-delete-confirm">{strings.volunteerDeleteConfirm}</label>
          </span>
          <button type="submit" className="button">
            {strings.volunteerDeleteSubmit}
          </button>
        </form>
      </div>
    </>
  );
}
