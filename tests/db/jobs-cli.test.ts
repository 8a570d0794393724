/**
 * The job process entries as operators run them (real child processes through tsx):
 * `npm run job <name>` (unknown name → exit 2 with the list; a run prints its report as JSON),
 * `npm run jobs` (refuses PGlite; on PostgreSQL starts and stops cleanly on SIGTERM).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGLITE_LOCK_FILE } from "~/db/pglite-lock.server";
import { jobNames } from "../../jobs/job-table";
import { VALID_DATASET_DIR } from "../fixtures/content";
import { createTestDatabase, NO_POSTGRES, type TestDatabase } from "../setup/test-database";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The child's environment: ours minus any database, plus what the case sets. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, PGLITE_DATA_DIR: _dir, ...rest } = process.env;
  return { ...rest, NODE_ENV: "test", LOG_LEVEL: "info", CONTENT_DATASET_DIR: VALID_DATASET_DIR, ...extra };
}

function run(script: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: childEnv(env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not exit within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run job", () => {
  it("exits 2 with the list of jobs for an unknown name", async () => {
    const result = await run("jobs/run-job.ts", ["purge-everything"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown job "purge-everything"');
    for (const name of jobNames()) expect(result.stderr).toContain(name);
    expect(result.stdout).toBe("");
  });

  it("exits 2 with usage when no name is given", async () => {
    const result = await run("jobs/run-job.ts", [], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: npm run job <name>");
  });

  it("runs one job once and prints its report as JSON (logs on stderr)", async () => {
    const result = await run("jobs/run-job.ts", ["flag-stale-hotlines"], { PGLITE_DATA_DIR: "memory" });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { job: string; status: string; summary: { checked: number; stale: number } };
    expect(report).toMatchObject({ job: "flag-stale-hotlines", status: "done", summary: { checked: 4 } });
    // The fixture's hotlines were last verified in January 2025: long past 180 days.
    expect(report.summary.stale).toBe(4);
    expect(result.stderr).toContain('"msg":"job run"');
  });

  describe("with a PGlite data directory", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "jobs-cli-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("runs on a directory no other process holds, and gives it back", { timeout: 180_000 }, async () => {
      // A new directory: PGlite creates and migrates it, which on a loaded two-core machine takes a while.
      const result = await run("jobs/run-job.ts", ["purge-retention"], { PGLITE_DATA_DIR: dir }, 150_000);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ job: "purge-retention", status: "done" });
      expect(existsSync(path.join(dir, PGLITE_LOCK_FILE))).toBe(false);
    });
  });
});

describe("npm run jobs", () => {
  it("refuses to run on PGlite with a clear message", async () => {
    const result = await run("jobs/worker.ts", [], { PGLITE_DATA_DIR: path.join(tmpdir(), "never-created") });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("npm start already runs the jobs in-process; npm run jobs is for PostgreSQL deployments");
  });
});

describe.skipIf(NO_POSTGRES)("job processes on postgres", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("npm run job purge-retention runs under the lock and reports", async () => {
    const result = await run("jobs/run-job.ts", ["purge-retention"], { DATABASE_URL: testDb.url! });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      job: "purge-retention",
      status: "done",
      summary: { webhookReceiptsDeleted: 0, inboundMessagesDeleted: 0, outboxMessagesRedacted: 0, devPhoneMessagesDeleted: 0 },
    });
  });

  it("npm run jobs starts the schedule and stops cleanly on SIGTERM", async () => {
    // `node --import tsx`, as the fault tests start workers: the tsx CLI adds a parent that relays
    // signals, and under load it was seen to die of the SIGTERM (143) before relaying it.
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
      cwd: ROOT,
      env: childEnv({ DATABASE_URL: testDb.url! }),
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    // The start-up run of flag-stale-hotlines shows the schedule is live.
    while (!stdout.includes('"job":"flag-stale-hotlines"')) {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`worker did not start:\n${stdout}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stdout).toContain("jobs worker started");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/"command":"npm run jobs","msg":"stopped"/);
  });
});
