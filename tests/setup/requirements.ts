/**
 * Tests that need something a machine may lack: PostgreSQL (TEST_DATABASE_URL), Debian's Chromium,
 * PostgreSQL's server binaries. In CI (CI=true) a missing requirement fails the run, because a
 * suite that silently skips proves nothing; elsewhere those tests skip with a printed reason.
 */
const IN_CI = ["true", "1"].includes((process.env.CI ?? "").toLowerCase());

/**
 * True when the tests needing `what` must be skipped here; throws (failing the test file) in CI.
 * Use as `describe.skipIf(missing("PostgreSQL", Boolean(TEST_DATABASE_URL), "set TEST_DATABASE_URL=…"))`.
 */
export function missing(what: string, available: boolean, howToGetIt: string): boolean {
  if (available) return false;
  if (IN_CI) throw new Error(`${what} is required in CI (CI=true) but not available: ${howToGetIt}`);
  process.stdout.write(`skipping tests that need ${what}: ${howToGetIt}\n`);
  return true;
}
