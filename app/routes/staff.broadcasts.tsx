/**
 * `/staff/broadcasts`: where campaign staff watch broadcasts go out and stop them. Every run with
 * its progress (queued, held, sent, delivered, failed by error code, cancelled, opted out since),
 * pause / resume / cancel buttons, and each broadcast's audience and estimated cost before it is
 * scheduled. HTTP Basic with STAFF_PASSWORD (app/staff/staff-auth.server.ts); no JavaScript, no
 * cookies, never cached or indexed. A pause here is an operator's pause: the Studio's status does
 * not undo it (docs/broadcasts.md).
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { controlRuns } from "~/broadcasts/runs.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NO_STORE } from "~/http/cache-control";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { loadBroadcastDashboard, type BroadcastRow, type RunRow } from "~/staff/broadcast-dashboard.server";
import { requireSameOrigin, requireStaff } from "~/staff/staff-auth.server";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

/** Never cached or indexed; a 401's WWW-Authenticate (thrown by the gate) must reach the browser. */
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const result = new Headers({ "Cache-Control": NO_STORE, "X-Robots-Tag": "noindex, nofollow" });
  const challenge = errorHeaders?.get("WWW-Authenticate");
  if (challenge) result.set("WWW-Authenticate", challenge);
  return result;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(request, context.env);
  const url = new URL(request.url);
  return data({ ...(await loadBroadcastDashboard(context)), done: url.searchParams.get("done") });
}

const controlSchema = z.object({
  intent: z.enum(["pause", "resume", "cancel"]),
  runId: z.coerce.number().int().positive(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  requireStaff(request, context.env);
  requireSameOrigin(request, context.env);
  const form = await request.formData();
  const parsed = controlSchema.safeParse({ intent: form.get("intent"), runId: form.get("runId") });
  if (!parsed.success) return data({ error: "Choose pause, resume or cancel for a run." }, { status: 400 });
  const { intent, runId } = parsed.data;
  const result = await controlRuns(context.db, intent, { runId }, "operator");
  if (result.runs === 0) return data({ error: `Run ${runId} cannot be ${PAST[intent]} now (see its status).` }, { status: 409 });
  context.logger.info({ runId, intent, messages: result.messages }, "staff: broadcast run controlled");
  // Post/redirect/get: a refresh does not repeat the action.
  throw redirect(`/staff/broadcasts?done=${intent}-${runId}`, { status: 303 });
}

const PAST = { pause: "paused", resume: "resumed", cancel: "cancelled" } as const;

const STATES = ["queued", "held", "sending", "sent", "delivered", "read", "undelivered", "failed", "cancelled"] as const;

export default function StaffBroadcasts() {
  const { runs, broadcasts, estimatesProblem, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [doneIntent, doneRun] = done?.split("-") ?? [];
  return (
    <main id="main" className="staff">
      <h1>Broadcasts</h1>
      <p>Delivery of every broadcast run, newest first. Figures are counts of messages; no number or text is shown.</p>
      {doneIntent && doneRun && PAST[doneIntent as keyof typeof PAST] ? (
        <p role="status" className="staff-notice">Run {doneRun} {PAST[doneIntent as keyof typeof PAST]}.</p>
      ) : null}
      {actionData && "error" in actionData ? <p role="alert" className="staff-error">{actionData.error}</p> : null}

      <h2>Runs</h2>
      {runs.length === 0 ? <p>No broadcast has been planned yet.</p> : <RunsTable runs={runs} />}

      <h2>Audience and estimated cost</h2>
      {estimatesProblem ? <p role="alert" className="staff-error">Estimates unavailable: {estimatesProblem}</p> : null}
      {broadcasts.length === 0 && !estimatesProblem ? <p>No broadcast other than drafts in the content.</p> : null}
      {broadcasts.map((broadcast) => <Estimate key={broadcast.id} broadcast={broadcast} />)}
    </main>
  );
}

function RunsTable({ runs }: { runs: RunRow[] }) {
  return (
    <div className="staff-scroll" role="region" aria-label="Runs" tabIndex={0}>
      <table className="staff-table">
        <caption className="visually-hidden">Broadcast runs and their delivery</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            {STATES.map((state) => <th scope="col" key={state}>{state}</th>)}
            <th scope="col">Failures by code</th>
            <th scope="col">Opted out since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {runs.map(({ run, progress }) => (
            <tr key={run.id}>
              <th scope="row">
                {run.title}
                <span className="staff-meta">#{run.id} · {run.occurrence} · {run.recipients} recipients{run.expanded ? "" : " (expanding)"}</span>
              </th>
              <td>{run.status}</td>
              {STATES.map((state) => <td key={state}>{progress.byStatus[state] ?? 0}</td>)}
              <td>{Object.entries(progress.failedByCode).map(([code, count]) => `${code}: ${count}`).join(", ") || "none"}</td>
              <td>{progress.optedOutSince}</td>
              <td><RunActions runId={run.id} status={run.status} title={run.title} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunActions({ runId, status, title }: { runId: number; status: string; title: string }) {
  const intents = status === "active" ? (["pause", "cancel"] as const) : status === "paused" ? (["resume", "cancel"] as const) : [];
  if (intents.length === 0) return <span>none</span>;
  return (
    <div className="staff-actions">
      {intents.map((intent) => (
        <form method="post" key={intent}>
          <input type="hidden" name="runId" value={runId} />
          <button type="submit" name="intent" value={intent} className={intent === "cancel" ? "staff-danger" : undefined}>
            {intent[0]!.toUpperCase() + intent.slice(1)}<span className="visually-hidden"> {title} (run {runId})</span>
          </button>
        </form>
      ))}
    </div>
  );
}

function Estimate({ broadcast }: { broadcast: BroadcastRow }) {
  const { estimate } = broadcast;
  const money = (amount: number) => `${amount.toFixed(2)} ${estimate.currency}`;
  return (
    <section className="staff-estimate" aria-labelledby={`estimate-${broadcast.id}`}>
      <h3 id={`estimate-${broadcast.id}`}>{broadcast.title} <span className="staff-meta">({broadcast.status})</span></h3>
      <p>
        {estimate.recipients} recipients today, estimated {money(estimate.total)}
        {estimate.example ? " (example prices: set PRICE_TABLE_FILE for real ones)" : ""}.
      </p>
      <dl className="staff-figures">
        <dt>Segments per locale</dt>
        <dd>{Object.entries(estimate.segmentsByLocale).map(([locale, segments]) => `${locale}: ${segments}`).join(", ") || "none"}</dd>
        <dt>Recipients by country</dt>
        <dd>{Object.entries(estimate.byCountry).map(([country, figures]) => `${country}: ${figures.recipients}`).join(", ") || "none"}</dd>
        <dt>Recipients by locale</dt>
        <dd>{Object.entries(estimate.byLocale).map(([locale, figures]) => `${locale}: ${figures?.recipients ?? 0}`).join(", ") || "none"}</dd>
      </dl>
    </section>
  );
}

export const meta: MetaFunction = () => [
  { title: "Broadcasts · staff" },
  { name: "robots", content: "noindex, nofollow" },
  // As on the dev phone: with the site-wide no-referrer policy browsers send `Origin: null` on
  // form posts, and the same-origin check needs the real origin.
  { name: "referrer", content: "same-origin" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
