/**
 * Every process entry goes through the one bootstrap (app/bootstrap.server.ts), so every one of
 * them, started as operators start it (`node --import tsx <entry>`, what the npm scripts run):
 *   - stops on a bad configuration before doing anything, with a message naming the variable;
 *   - refuses a PGlite data directory another live process holds, without opening it (the
 *     holder here is this test process, named as `npm start` would name itself);
 *   - `npm run jobs` refuses PGlite altogether (`npm start` runs the jobs there).
 * A real `npm start` holding the directory against `npm run keys:rotate` is in server-start.test.ts.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockPgliteDirectory, type PgliteLock } from "~/db/pglite-lock.server";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runEntry(entry: string, args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
      cwd: ROOT,
      // Only what the case sets: nothing of the test run's own database or configuration leaks in.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Each entry as its npm script starts it: [npm script, entry file, arguments]. */
const ENTRIES: ReadonlyArray<[string, string, string[]]> = [
  ["npm start", "server.ts", []],
  ["npm run jobs", "jobs/worker.ts", []],
  ["npm run job", "jobs/run-job.ts", ["purge-retention"]],
  ["npm run broadcast", "scripts/broadcast.ts", ["list"]],
  ["npm run keys:rotate", "scripts/keys-rotate.ts", []],
];

describe("process entries: bad configuration", () => {
  it.each(ENTRIES)("%s stops before start-up, naming the variable", async (_script, entry, args) => {
    const result = await runEntry(entry, args, { DATABASE_URL: "mysql://db.example/app", PGLITE_DATA_DIR: "memory" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Invalid configuration");
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(result.stdout).not.toMatch(/database ready|listening/);
  });
});

describe("process entries: a PGlite directory held by another process", () => {
  let dir: string;
  let held: PgliteLock;
  let lockText: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "held-pglite-"));
    held = lockPgliteDirectory(dir, "npm start");
    lockText = readFileSync(held.file, "utf8");
  });
  afterAll(() => {
    held?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(ENTRIES.filter(([script]) => script !== "npm run jobs"))(
    "%s refuses with a message naming the holder, and opens nothing",
    async (_script, entry, args) => {
      const result = await runEntry(entry, args, { PGLITE_DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1" });
      expect(result.code, result.stdout).toBe(1);
      expect(result.stderr).toContain(`The PGlite data directory ${dir} is in use by \`npm start\` (pid ${process.pid}`);
      expect(result.stderr).toContain("Stop that process first, or use PostgreSQL (DATABASE_URL)");
      expect(result.stdout).not.toMatch(/database ready|listening/);
      // The holder's lock is untouched and PGlite never created its files.
      expect(readFileSync(held.file, "utf8")).toBe(lockText);
      expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(false);
    },
  );

  it("npm run jobs refuses PGlite altogether, held or not", async () => {
    const result = await runEntry("jobs/worker.ts", [], { PGLITE_DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("npm start already runs the jobs in-process; npm run jobs is for PostgreSQL deployments");
    expect(readFileSync(held.file, "utf8")).toBe(lockText);
  });
});
