/**
 * `/staff/broadcasts`: where campaign staff watch broadcasts go out and stop them. Every run with
 * its progress (queued, held, sent, delivered, failed by error code, cancelled, opted out since),
 * pause / resume / cancel buttons, and each broadcast's audience and estimated cost before it is
 * scheduled. Runs and broadcasts from sample content are marked "Sample", with whether this site
 * sends them. Any staff user sees the page; approvers pause, resume and cancel, each action
 * audited (docs/decisions/023-staff-accounts.md). No JavaScript, never cached or indexed. A pause
 * here is an operator's pause: the Studio's status does not undo it (docs/broadcasts.md).
 */
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { recordAudit } from "~/audit/audit-log.server";
import { controlRuns } from "~/broadcasts/runs.server";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffErrorBoundary } from "~/components/staff/staff-error-boundary";
import { StaffLayout } from "~/components/staff/staff-layout";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { OUTBOX_STATUSES } from "~/outbox/outbox-states";
import { loadBroadcastDashboard, type BroadcastRow, type RunRow, type SequenceRow } from "~/staff/broadcast-dashboard.server";
import { holdExplanation } from "~/staff/broadcast-strings";
import { roleAllows } from "~/staff/roles";
import { STAFF_PAGE_HEADERS } from "~/staff/sign-in-page.server";
import { requireStaffForm, requireStaffUser } from "~/staff/staff-session.server";
import { staffLanguage } from "~/staff/staff-strings";
import staffStylesheet from "~/styles/staff.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStylesheet }];

export const headers: HeadersFunction = () => STAFF_PAGE_HEADERS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context, "viewer");
  const url = new URL(request.url);
  return data({
    ...(await loadBroadcastDashboard(context)),
    done: url.searchParams.get("done"),
    user: { displayName: user.displayName, role: user.role, csrfToken: user.csrfToken },
    lang: staffLanguage(request),
  });
}

const controlSchema = z.object({
  intent: z.enum(["pause", "resume", "cancel"]),
  runId: z.coerce.number().int().positive(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, form } = await requireStaffForm(request, context, "approver");
  const parsed = controlSchema.safeParse({ intent: form.get("intent"), runId: form.get("runId") });
  if (!parsed.success) return data({ error: "Choose pause, resume or cancel for a run." }, { status: 400 });
  const { intent, runId } = parsed.data;
  const result = await controlRuns(context.db, intent, { runId }, "operator");
  if (result.runs === 0) return data({ error: `Run ${runId} cannot be ${PAST[intent]} now (see its status).` }, { status: 409 });
  await recordAudit(
    context.db,
    {
      actor: { userId: user.id, label: user.email },
      action: AUDIT_OF[intent],
      target: { type: "broadcast-run", id: String(runId) },
      details: { messages: result.messages },
    },
    context.now(),
  );
  context.logger.info({ runId, intent, messages: result.messages, staffUserId: user.id }, "staff: broadcast run controlled");
  // Post/redirect/get: a refresh does not repeat the action.
  throw redirect(`/staff/broadcasts?done=${intent}-${runId}`, { status: 303 });
}

const PAST = { pause: "paused", resume: "resumed", cancel: "cancelled" } as const;
const AUDIT_OF = { pause: "run-paused", resume: "run-resumed", cancel: "run-cancelled" } as const;

export default function StaffBroadcasts() {
  const { runs, broadcasts, sequences, estimatesProblem, samplePolicy, done, user, lang } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [doneIntent, doneRun] = done?.split("-") ?? [];
  const canControl = roleAllows(user.role, "approver");
  return (
    <StaffLayout user={user} lang={lang} path="/staff/broadcasts">
      <h1 lang="en">Broadcasts</h1>
      <p>Delivery of every broadcast run, newest first. Figures are counts of messages; no number or text is shown.</p>
      {doneIntent && doneRun && PAST[doneIntent as keyof typeof PAST] ? (
        <p role="status" className="staff-notice">
          Run {doneRun} {PAST[doneIntent as keyof typeof PAST]}.
        </p>
      ) : null}
      {actionData && "error" in actionData ? (
        <p role="alert" className="staff-error">
          {actionData.error}
        </p>
      ) : null}

      <h2>Runs</h2>
      {runs.length === 0 ? (
        <p>No broadcast has been planned yet.</p>
      ) : (
        <RunsTable runs={runs} csrfToken={canControl ? user.csrfToken : null} />
      )}

      <h2>Audience and estimated cost</h2>
      {estimatesProblem ? (
        <p role="alert" className="staff-error">
          Estimates unavailable: {estimatesProblem}
        </p>
      ) : null}
      {broadcasts.length === 0 && !estimatesProblem ? <p>No broadcast other than drafts in the content.</p> : null}
      {broadcasts.map((broadcast) => (
        <Estimate key={broadcast.id} broadcast={broadcast} samplePolicy={samplePolicy} />
      ))}

      <h2>Sequences</h2>
      {sequences.length === 0 ? <p>No sequence in the content.</p> : <Sequences sequences={sequences} />}
    </StaffLayout>
  );
}

/** `csrfToken` null: the user may not pause, resume or cancel (below approver), so no buttons. */
function RunsTable({ runs, csrfToken }: { runs: RunRow[]; csrfToken: string | null }) {
  return (
    <div className="staff-scroll" role="region" aria-label="Runs" tabIndex={0}>
      <table className="staff-table">
        <caption className="visually-hidden">Broadcast runs and their delivery</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            {OUTBOX_STATUSES.map((state) => (
              <th scope="col" key={state}>
                {state}
              </th>
            ))}
            <th scope="col">Failures by kind</th>
            <th scope="col">Failures by provider code</th>
            <th scope="col">Opted out since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {runs.map(({ run, progress, sample }) => (
            <tr key={run.id}>
              <th scope="row">
                <a href={documentPath(run.documentId)}>{run.title}</a>
                {sample ? <SampleMark /> : null}
                <span className="staff-meta">
                  #{run.id} · {run.occurrence} · {run.recipients} recipients{run.expanded ? "" : " (expanding)"}
                </span>
              </th>
              <td>
                {run.status}
                {run.holdReason ? <span className="staff-meta"> Held: {holdExplanation("en", run.holdReason)}.</span> : null}
              </td>
              {OUTBOX_STATUSES.map((state) => (
                <td key={state}>{progress.byStatus[state] ?? 0}</td>
              ))}
              <td>
                {Object.entries(progress.failedByKind)
                  .map(([kind, count]) => `${kind}: ${count}`)
                  .join(", ") || "none"}
              </td>
              <td>
                {Object.entries(progress.failedByCode)
                  .map(([code, count]) => `${code}: ${count}`)
                  .join(", ") || "none"}
              </td>
              <td>{progress.optedOutSince}</td>
              <td>
                {csrfToken ? (
                  <RunActions
                    runId={run.id}
                    status={run.status}
                    heldForApproval={run.holdReason !== null || run.pausedBy === "approval"}
                    title={run.title}
                    csrfToken={csrfToken}
                  />
                ) : (
                  <span>approvers only</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunActions({
  runId,
  status,
  heldForApproval,
  title,
  csrfToken,
}: {
  runId: number;
  status: string;
  /** Only a new approval resumes it (docs/decisions/024-four-eyes-approval.md): no Resume button. */
  heldForApproval: boolean;
  title: string;
  csrfToken: string;
}) {
  const intents =
    status === "active"
      ? (["pause", "cancel"] as const)
      : status === "paused"
        ? heldForApproval
          ? (["cancel"] as const)
          : (["resume", "cancel"] as const)
        : [];
  if (intents.length === 0) return <span>none</span>;
  return (
    <div className="staff-actions">
      {intents.map((intent) => (
        <form method="post" key={intent}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="runId" value={runId} />
          <button type="submit" name="intent" value={intent} className={intent === "cancel" ? "staff-danger" : undefined}>
            {intent[0]!.toUpperCase() + intent.slice(1)}
            <span className="visually-hidden">
              {" "}
              {title} (run {runId})
            </span>
          </button>
        </form>
      ))}
    </div>
  );
}

/** The broadcast page of a document: approval, preview, test send (app/routes/staff.broadcasts_.$id.tsx). */
function documentPath(documentId: string): string {
  return `/staff/broadcasts/${encodeURIComponent(documentId)}`;
}

/** The four-eyes approval of a document's current content, in a few words. */
const APPROVAL_STATES: Record<BroadcastRow["approval"], string> = {
  approved: "approved",
  waiting: "waiting for a second person",
  "not-submitted": "not submitted",
  changed: "content changed since approval, held until approved again",
  "cannot-send": "cannot be sent (a text is missing)",
};

const SAMPLE_APPROVAL = "not needed for sample content, which reaches only the dev phone";

function Sequences({ sequences }: { sequences: SequenceRow[] }) {
  return (
    <ul>
      {sequences.map((sequence) => (
        <li key={sequence.id}>
          <a href={documentPath(sequence.id)}>{sequence.title}</a>
          {sequence.isSample ? <SampleMark /> : null} <span className="staff-meta">({sequence.active ? "active" : "inactive"})</span>{" "}
          Approval: {sequence.isSample ? SAMPLE_APPROVAL : APPROVAL_STATES[sequence.approval]}.
        </li>
      ))}
    </ul>
  );
}

/** Sample content (the shipped dataset): never sent through Twilio or in production. */
function SampleMark() {
  return <strong className="staff-sample"> Sample</strong>;
}

function Estimate({ broadcast, samplePolicy }: { broadcast: BroadcastRow; samplePolicy: string }) {
  const { estimate } = broadcast;
  const money = (amount: number) => `${amount.toFixed(2)} ${estimate.currency}`;
  return (
    <section className="staff-estimate" aria-labelledby={`estimate-${broadcast.id}`}>
      <h3 id={`estimate-${broadcast.id}`}>
        <a href={documentPath(broadcast.id)}>{broadcast.title}</a>
        {broadcast.isSample ? <SampleMark /> : null} <span className="staff-meta">({broadcast.status})</span>
      </h3>
      <p>Approval: {broadcast.isSample ? SAMPLE_APPROVAL : APPROVAL_STATES[broadcast.approval]}.</p>
      {broadcast.isSample ? <p className="staff-notice">Sample broadcast: {samplePolicy}.</p> : null}
      <p>
        {estimate.recipients} recipients today, estimated {money(estimate.total)}
        {estimate.example ? " (example prices: set PRICE_TABLE_FILE for real ones)" : ""}.
      </p>
      <dl className="staff-figures">
        <dt>Segments per locale</dt>
        <dd>
          {Object.entries(estimate.segmentsByLocale)
            .map(([locale, segments]) => `${locale}: ${segments}`)
            .join(", ") || "none"}
        </dd>
        <dt>Recipients by country</dt>
        <dd>
          {Object.entries(estimate.byCountry)
            .map(([country, figures]) => `${country}: ${figures.recipients}`)
            .join(", ") || "none"}
        </dd>
        <dt>Recipients by locale</dt>
        <dd>
          {Object.entries(estimate.byLocale)
            .map(([locale, figures]) => `${locale}: ${figures?.recipients ?? 0}`)
            .join(", ") || "none"}
        </dd>
      </dl>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Broadcasts · staff" }, { name: "robots", content: "noindex, nofollow" }];

export function ErrorBoundary() {
  return <StaffErrorBoundary />;
}
