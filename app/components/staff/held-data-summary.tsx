/**
 * What we hold about a number, as the data-request page shows it: the subscription's facts and
 * dates, message counts by kind and status, the opt-out record. Never the number (the summary
 * does not carry it). Dates in UTC; countries by name in the page's language.
 */
import type { HeldDataSummary, MessageCount } from "~/audience/data-subject.server";
import { format } from "~/i18n/ui-strings";
import type { DataRequestStrings } from "~/staff/data-request-strings";

/** The summary as it reaches the page (single fetch keeps its dates as Date). */
export type HeldDataSummaryData = HeldDataSummary;

export function HeldDataSummaryView({
  summary,
  strings,
  lang,
}: {
  summary: HeldDataSummaryData;
  strings: DataRequestStrings;
  lang: string;
}) {
  if (!summary.held) return <p role="status">{strings.nothingHeld}</p>;
  const sub = summary.subscription;
  const tombstone = summary.tombstoneSince ? utc(summary.tombstoneSince) : null;
  if (!sub && summary.outbox.length === 0 && summary.inboundMessages === 0 && summary.devPhoneMessages === 0 && tombstone) {
    return <p role="status">{format(strings.tombstoneOnly, { date: tombstone })}</p>;
  }
  const country = (code: string | null) =>
    code === null ? strings.none : code === "ZZ" ? strings.anotherCountry : (countryName(code, lang) ?? code);
  return (
    <>
      {sub ? (
        <section aria-labelledby="subscription-title">
          <h3 id="subscription-title">{strings.subscription}</h3>
          <dl className="staff-facts">
            <Fact term={strings.subscriberId} value={String(sub.id)} />
            <Fact term={strings.since} value={utc(sub.since)} />
            <Fact term={strings.status} value={strings.statuses[sub.status]} />
            <Fact term={strings.channel} value={sub.channel === "sms" ? "SMS" : "WhatsApp"} />
            <Fact term={strings.locale} value={sub.locale ?? strings.none} />
            <Fact term={strings.country} value={country(sub.country)} />
            <Fact term={strings.region} value={sub.regionCode ?? strings.none} />
            <Fact term={strings.currentPlace} value={sub.currentPlace === null ? strings.notAsked : country(sub.currentPlace)} />
            <Fact term={strings.campaign} value={sub.campaign ?? strings.none} />
            <Fact
              term={strings.consent}
              value={
                sub.consentAt ? format(strings.consentValue, { date: utc(sub.consentAt), source: sub.consentSource ?? "?" }) : strings.none
              }
            />
            <Fact term={strings.optedOut} value={sub.optedOutAt ? utc(sub.optedOutAt) : strings.none} />
            <Fact term={strings.lastInbound} value={sub.lastInboundAt ? utc(sub.lastInboundAt) : strings.none} />
            <Fact term={strings.conversation} value={sub.conversationStep ?? strings.none} />
          </dl>
        </section>
      ) : null}
      {tombstone ? <p>{format(strings.tombstoneToo, { date: tombstone })}</p> : null}
      <section aria-labelledby="messages-title">
        <h3 id="messages-title">{strings.messagesTitle}</h3>
        {summary.outbox.length === 0 ? <p>{strings.noMessages}</p> : <MessageTable counts={summary.outbox} strings={strings} />}
        <p>{format(strings.inbound, { count: summary.inboundMessages })}</p>
        {summary.devPhoneMessages > 0 ? <p>{format(strings.devPhone, { count: summary.devPhoneMessages })}</p> : null}
      </section>
    </>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function MessageTable({ counts, strings }: { counts: readonly MessageCount[]; strings: DataRequestStrings }) {
  return (
    <table className="staff-table">
      <caption>{strings.messagesCaption}</caption>
      <thead>
        <tr>
          <th scope="col">{strings.kind}</th>
          <th scope="col">{strings.messageStatus}</th>
          <th scope="col">{strings.count}</th>
        </tr>
      </thead>
      <tbody>
        {counts.map((row) => (
          <tr key={`${row.kind}-${row.status}`}>
            <td>{strings.kinds[row.kind]}</td>
            <td>{row.status}</td>
            <td>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `2026-03-10 09:00 UTC`: staff work across time zones, so one zone, said. */
function utc(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function countryName(code: string, lang: string): string | undefined {
  try {
    return new Intl.DisplayNames([lang], { type: "region" }).of(code);
  } catch {
    return undefined;
  }
}
