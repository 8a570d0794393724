/**
 * The PGlite single-process guard (app/db/pglite-lock.server.ts) in one process: a live holder
 * refuses, a dead one is taken over, a holder on another host counts as alive while it refreshes
 * the file, and release gives back only our own lock. The entry points' use of it is tested with
 * real processes in tests/integration/process-entries.test.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockPgliteDirectory, PGLITE_LOCK_FILE, PgliteDirectoryHeldError, type PgliteLock } from "~/db/pglite-lock.server";

/** The test's one clock: lock times and file ages are read against it, whatever today is. */
const NOW = Date.parse("2031-03-04T05:06:07Z");
const now = () => NOW;

/** A pid that existed and is certainly gone: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

describe("PGlite directory lock", () => {
  let dir: string;
  let file: string;
  const locks: PgliteLock[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pglite-lock-"));
    file = path.join(dir, PGLITE_LOCK_FILE);
  });
  afterEach(() => {
    for (const lock of locks.splice(0)) lock.release();
    rmSync(dir, { recursive: true, force: true });
  });

  function holderFile(holder: { pid: number; host: string; command: string }, mtimeMs = NOW): void {
    writeFileSync(file, JSON.stringify({ ...holder, since: new Date(mtimeMs).toISOString() }));
    utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
  }

  it("creates the directory, names this process in the file, and removes it on release", () => {
    const nested = path.join(dir, "data");
    const lock = lockPgliteDirectory(nested, "npm start", now);
    const written = JSON.parse(readFileSync(lock.file, "utf8")) as Record<string, unknown>;
    expect(written).toEqual({ pid: process.pid, host: hostname(), command: "npm start", since: new Date(NOW).toISOString() });
    lock.release();
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it("refuses while a live process on this host holds it, naming its command", () => {
    // The parent of this test worker is alive for the whole test.
    holderFile({ pid: process.ppid, host: hostname(), command: "npm start" });
    let thrown: unknown;
    try {
      locks.push(lockPgliteDirectory(dir, "npm run keys:rotate", now));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PgliteDirectoryHeldError);
    expect((thrown as Error).message).toContain(`in use by \`npm start\` (pid ${process.ppid}`);
    expect((thrown as Error).message).toContain("single-process");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ pid: process.ppid, command: "npm start" });
  });

  it("takes over a lock left by an earlier life of this pid (a container restarted as pid 1)", () => {
    holderFile({ pid: process.pid, host: hostname(), command: "npm start" }, NOW - 3_600_000);
    locks.push(lockPgliteDirectory(dir, "npm start", now));
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ since: new Date(NOW).toISOString() });
  });

  it("takes over a lock whose process is gone (SIGKILL, power loss)", () => {
    holderFile({ pid: deadPid(), host: hostname(), command: "npm start" });
    const lock = lockPgliteDirectory(dir, "npm run job purge-retention", now);
    locks.push(lock);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ pid: process.pid, command: "npm run job purge-retention" });
  });

  it("counts a holder on another host as alive while it refreshes the file, and as gone after a minute", () => {
    holderFile({ pid: 1, host: "another-host", command: "npm start" }, NOW - 30_000);
    expect(() => lockPgliteDirectory(dir, "npm start", now)).toThrow(/on another-host/);
    utimesSync(file, new Date(NOW - 61_000), new Date(NOW - 61_000));
    locks.push(lockPgliteDirectory(dir, "npm start", now));
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
  });

  it("release leaves a lock that is no longer ours alone", () => {
    const lock = lockPgliteDirectory(dir, "npm start", now);
    holderFile({ pid: process.ppid, host: hostname(), command: "npm run broadcast" });
    lock.release();
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ command: "npm run broadcast" });
  });
});
