/**
 * The broadcast page's sections of figures and texts: delivery of each run (with why a run is
 * held, failures by kind explained, and pause / resume / cancel for approvers), the audience and
 * cost, the schedule per zone, and every language's text as the phone shows it.
 */
import { direction, endonym } from "~/i18n/locales";
import { format } from "~/i18n/ui-strings";
import { OUTBOX_STATUSES } from "~/outbox/outbox-states";
import type { RunView } from "~/staff/broadcast-page.server";
import { failureExplanation, holdExplanation, type BroadcastStrings } from "~/staff/broadcast-strings";
import type { StaffRole } from "~/staff/roles";
import type { StaffLanguage } from "~/staff/staff-strings";
import { dateTime, PostForm, type SectionProps } from "./broadcast-page-parts";

/** Every run's progress (a Refresh link, no automatic reload) and the failures by kind, explained. */
export function Delivery({
  page,
  strings,
  lang,
  csrf,
  can,
  path,
}: SectionProps & { csrf: string; can: (role: StaffRole) => boolean; path: string }) {
  const failures = Object.entries(page.failuresByKind);
  return (
    <section aria-labelledby="delivery">
      <h2 id="delivery">{strings.progressTitle}</h2>
      <p>
        {format(strings.updatedAt, { at: dateTime(page.now).slice(0, -4) })} <a href={`${path}?lang=${lang}#delivery`}>{strings.refresh}</a>
      </p>
      {page.runs.length === 0 ? (
        <p>{strings.noRuns}</p>
      ) : (
        <div className="staff-scroll" role="region" aria-labelledby="delivery" tabIndex={0}>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{strings.run}</th>
                <th scope="col">{strings.status}</th>
                {OUTBOX_STATUSES.map((state) => (
                  <th scope="col" key={state}>
                    {state}
                  </th>
                ))}
                <th scope="col">{strings.optedOutSince}</th>
                {can("approver") ? <th scope="col">{strings.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {page.runs.map((view) => (
                <RunRow key={view.run.id} view={view} strings={strings} lang={lang} csrf={csrf} canControl={can("approver")} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{strings.failuresTitle}</h3>
      {failures.length === 0 ? (
        <p>{strings.noFailures}</p>
      ) : (
        <table className="staff-table">
          <thead>
            <tr>
              <th scope="col">{strings.kind}</th>
              <th scope="col">{strings.count}</th>
              <th scope="col">{strings.whatItMeans}</th>
            </tr>
          </thead>
          <tbody>
            {failures.map(([kind, count]) => (
              <tr key={kind}>
                <th scope="row">{kind}</th>
                <td>{count}</td>
                <td>{failureExplanation(lang, kind)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RunRow({
  view,
  strings,
  lang,
  csrf,
  canControl,
}: {
  view: RunView;
  strings: BroadcastStrings;
  lang: StaffLanguage;
  csrf: string;
  canControl: boolean;
}) {
  const { run, progress } = view;
  const held = run.holdReason !== null || run.pausedBy === "approval";
  const intents =
    run.status === "active"
      ? (["pause", "cancel"] as const)
      : run.status === "paused"
        ? held
          ? (["cancel"] as const)
          : (["resume", "cancel"] as const)
        : [];
  return (
    <tr>
      <th scope="row">
        #{run.id} · {run.occurrence}
        <span className="staff-meta">
          {" "}
          {run.recipients} · {run.contentHash.slice(0, 10) || "—"}
        </span>
      </th>
      <td>
        {run.status}
        {run.holdReason ? (
          <span className="staff-meta"> {format(strings.held, { reason: holdExplanation(lang, run.holdReason) })}</span>
        ) : null}
      </td>
      {OUTBOX_STATUSES.map((state) => (
        <td key={state}>{progress.byStatus[state] ?? 0}</td>
      ))}
      <td>{progress.optedOutSince}</td>
      {canControl ? (
        <td>
          {intents.length === 0 ? (
            strings.none
          ) : (
            <div className="staff-actions">
              {intents.map((intent) => (
                <PostForm key={intent} csrf={csrf} lang={lang}>
                  <input type="hidden" name="runId" value={run.id} />
                  <button type="submit" name="intent" value={intent} className={intent === "cancel" ? "staff-danger" : undefined}>
                    {strings[intent]}
                    <span className="visually-hidden"> #{run.id}</span>
                  </button>
                </PostForm>
              ))}
            </div>
          )}
        </td>
      ) : null}
    </tr>
  );
}

/** Recipients and estimated cost by country and by language (broadcasts only). */
export function Audience({ page, strings }: SectionProps) {
  if (page.subject !== "broadcast") return null;
  const { estimate } = page;
  const money = (amount: number) => `${amount.toFixed(2)} ${estimate?.currency ?? ""}`;
  return (
    <section aria-labelledby="audience">
      <h2 id="audience">{strings.audienceTitle}</h2>
      <p>{strings.audienceIntro}</p>
      {page.estimatesProblem ? (
        <p role="alert" className="staff-error">
          {format(strings.estimatesUnavailable, { problem: page.estimatesProblem })}
        </p>
      ) : null}
      {estimate ? (
        <>
          <p>
            {format(strings.recipients, { count: estimate.recipients, cost: money(estimate.total) })}
            {estimate.example ? ` ${strings.examplePrices}` : ""}
          </p>
          <FigureTable
            caption={strings.byCountry}
            heading={strings.country}
            rows={Object.entries(estimate.byCountry)}
            strings={strings}
            money={money}
          />
          <FigureTable
            caption={strings.byLocale}
            heading={strings.locale}
            rows={Object.entries(estimate.byLocale)}
            strings={strings}
            money={money}
          />
        </>
      ) : null}
    </section>
  );
}

function FigureTable({
  caption,
  heading,
  rows,
  strings,
  money,
}: {
  caption: string;
  heading: string;
  rows: Array<[string, { recipients: number; cost: number } | undefined]>;
  strings: BroadcastStrings;
  money: (amount: number) => string;
}) {
  return (
    <table className="staff-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">{strings.count}</th>
          <th scope="col">{strings.cost}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, figures]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{figures?.recipients ?? 0}</td>
            <td>{money(figures?.cost ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** When it goes out, in each zone's local time and in UTC, with the regions each zone covers. */
export function Schedule({ page, strings }: Omit<SectionProps, "lang">) {
  const { schedule } = page;
  if (schedule.mode === "days") return null;
  const window = { start: schedule.window.start, end: schedule.window.end };
  const sentence =
    schedule.mode === "at"
      ? format(strings.scheduleAt, { time: schedule.time, ...window })
      : schedule.mode === "asap"
        ? format(strings.scheduleAsap, window)
        : format(strings.scheduleRecurring, { rule: schedule.time, ...window });
  return (
    <section aria-labelledby="schedule">
      <h2 id="schedule">{strings.scheduleTitle}</h2>
      <p>{sentence}</p>
      {schedule.rows.length > 0 ? (
        <table className="staff-table">
          <thead>
            <tr>
              <th scope="col">{strings.zone}</th>
              <th scope="col">{strings.country}</th>
              <th scope="col">{strings.regions}</th>
              <th scope="col">{schedule.mode === "recurring" ? strings.next : strings.localTime}</th>
              <th scope="col">{strings.utcTime}</th>
            </tr>
          </thead>
          <tbody>
            {schedule.rows.map((row) => (
              <tr key={row.zone}>
                <th scope="row">{row.zone}</th>
                <td>{row.countries.join(", ")}</td>
                <td>{row.regions.join(", ") || "—"}</td>
                <td>{row.local}</td>
                <td>{dateTime(row.utc)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Every language's text as the phone shows it: its own language and direction, SMS segments and encoding. */
export function Preview({ page, strings }: SectionProps) {
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">{strings.previewTitle}</h2>
      <p>{strings.previewIntro}</p>
      {page.previews.map((group) => (
        <div key={group.label ?? "texts"}>
          {group.label !== null ? <h3>+{group.label}</h3> : null}
          <ul className="staff-previews">
            {group.texts.map((text) => (
              <li key={text.locale}>
                <h4 lang={text.locale} dir={direction(text.locale)}>
                  {endonym(text.locale)} <span className="staff-meta">({text.locale})</span>
                </h4>
                {text.textLocale !== text.locale ? (
                  <p className="staff-meta">{format(strings.fallbackUsed, { locale: text.textLocale })}</p>
                ) : null}
                <p className="staff-phone-text" lang={text.textLocale} dir={text.dir}>
                  {text.body}
                </p>
                <p className="staff-meta">
                  {format(strings.segments, { segments: text.segments, encoding: text.encoding, characters: text.characters })}
                  {text.nonGsm.length > 0 ? ` ${format(strings.ucs2Because, { characters: text.nonGsm.slice(0, 8).join(" ") })}` : ""}
                  {text.contentSid ? ` ${format(strings.template, { sid: text.contentSid })}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
