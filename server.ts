/**
 * Process entry for the web server (`npm start`): the bootstrap (configuration, PGlite guard,
 * database, application context), the scheduled jobs unless JOBS=off, site counting, and the
 * Remix app. On SIGTERM/SIGINT the bootstrap's shutdown runs the steps registered here newest
 * first: stop listening (requests in flight finish), write the counted page views still in
 * memory, stop the jobs (runs in flight finish), send what is queued for PostHog, then close the
 * rest.
 */
import type { AddressInfo } from "node:net";
import { bootstrap } from "./app/bootstrap.server";

const SHUTDOWN_GRACE_MS = 10_000;

const context = await bootstrap({ command: "npm start" });
const { env, logger, content, db, keyring, transport } = context;
// Development only (the function checks): a first admin with a set-password link, printed (not
// logged: the link is a secret for whoever reads this terminal).
const { ensureDevAdmin, DEV_ADMIN_EMAIL } = await import("./app/staff/dev-admin.server");
const devAdminLink = await ensureDevAdmin(db, env, new Date());
if (devAdminLink) {
  process.stdout.write(
    `\nStaff pages: set a password for ${DEV_ADMIN_EMAIL} (admin) at\n  ${devAdminLink}\nthen sign in at ${env.PUBLIC_BASE_URL}/staff/sign-in\n\n`,
  );
}
// Loaded past the bootstrap's refusals (bad configuration, a PGlite directory in use), which are then quick.
const [{ registerJobs }, { createApp }, { createSiteReach }, { deliverToPostHog, postHogSinkConfig }, { withJobLock }, { errorFacts }] =
  await Promise.all([
    import("./jobs/scheduler"),
    import("./server/create-app"),
    import("./app/analytics/site-reach.server"),
    import("./app/analytics/posthog-sink.server"),
    import("./jobs/job-lock"),
    import("./app/lib/log-error.server"),
  ]);

// Jobs (outbox dispatch, reconciliation, retention, rollups, hotline checks) run in this process
// unless JOBS=off; with PostgreSQL, more web processes run JOBS=off and `npm run jobs` workers.
const jobs = env.JOBS ? registerJobs({ db, dbKind: context.database.kind, content, env, logger, keyring, transport }) : null;
// Last at shutdown: what the page-view buffer and the jobs just wrote goes to PostHog now, not at
// the next start (what PostHog refuses stays queued in the database either way).
const posthog = postHogSinkConfig(env);
if (jobs && posthog) {
  context.onShutdown(() =>
    withJobLock(db, context.database.kind, "deliver-posthog", () => deliverToPostHog(db, posthog, { maxBatches: 20 })).then(
      () => undefined,
      (error: unknown) => logger.error({ error: errorFacts(error) }, "reach events not flushed to PostHog at shutdown"),
    ),
  );
}
if (jobs) context.onShutdown(() => jobs.stop());
logger.info({ jobs: jobs?.names ?? [], transport: env.messagingEnabled ? transport.name : "off" }, "jobs ready");

// Site counting: events are buffered in memory and written about once a second (docs/analytics.md).
const reach = createSiteReach({ db, env, logger, content });
context.onShutdown(() => reach.stop());

const build = await import(new URL("./build/server/index.js", import.meta.url).href);
const app = createApp({ build, env, logger, content, db, keyring, transport, reach });
const server = app.listen(env.PORT, env.HOST, () => {
  const { port } = server.address() as AddressInfo;
  logger.info({ port, content: content.backend, env: env.NODE_ENV, baseUrl: env.PUBLIC_BASE_URL }, "listening");
});
context.onShutdown(async () => {
  const forceClose = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  forceClose.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
});
