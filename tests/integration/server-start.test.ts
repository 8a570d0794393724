/**
 * The real process entry (`tsx server.ts`): bad configuration stops it before it listens, with a
 * message naming the variable; good configuration serves and shuts down cleanly on SIGTERM.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    // @remix-run/node's globals declare NODE_ENV as required in ProcessEnv; a child may leave it unset.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** Another entry point, run to its end (its output is both streams). */
async function runToExit(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
  return { code, output };
}

describe("server start-up", () => {
  it.each([
    [{ PORT: "not-a-port" }, [/PORT: /]],
    [{ NODE_ENV: "production" }, [/PUBLIC_BASE_URL: .*required when NODE_ENV=production/, /SESSION_SECRET: /]],
  ])("exits non-zero before listening, naming the bad variables of %j", async (env, messages) => {
    const run = runServer(env);
    const code = await run.exited;
    expect(code).toBe(1);
    for (const message of messages) expect(run.output()).toMatch(message);
    expect(run.output()).not.toMatch(/listening/);
  });

  it("serves on embedded defaults and stops gracefully on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pc-start-"));
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const run = runServer({ PORT: port, HOST: "127.0.0.1", PGLITE_DATA_DIR: dataDir, LOG_LEVEL: "info" });
    try {
      const deadline = Date.now() + 90_000; // PGlite start and migration on a loaded two-core machine
      let health: Response | undefined;
      while (Date.now() < deadline) {
        try {
          health = await fetch(`http://127.0.0.1:${port}/healthz`);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      expect(health?.status, run.output()).toBe(200);
      const body = (await health!.json()) as { database: { ok: boolean } };
      expect(body.database.ok).toBe(true);

      // PGlite is single-process: while the server holds the directory, keys:rotate refuses.
      const rotate = await runToExit("scripts/keys-rotate.ts", { PGLITE_DATA_DIR: dataDir });
      expect(rotate.code).toBe(1);
      expect(rotate.output).toContain(`The PGlite data directory ${dataDir} is in use by \`npm start\` (pid ${run.child.pid}`);

      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
      expect(run.output()).toMatch(/stopped/);
      // The directory is given back: keys:rotate now runs.
      const after = await runToExit("scripts/keys-rotate.ts", { PGLITE_DATA_DIR: dataDir });
      expect(after.code, after.output).toBe(0);
      expect(after.output).toMatch(/subscribers: 0 re-encrypted under key "dev"/);

      // A development start (NODE_ENV unset) with no staff user made the development admin and
      // printed where to set its password; the staff command sees it.
      expect(run.output()).toMatch(
        new RegExp(
          `set a password for dev-admin@localhost \\(admin\\) at\\n  http://localhost:${port}/staff/set-password/[A-Za-z0-9_-]{43}\\n`,
        ),
      );
      const staff = await runToExit("scripts/staff.ts", { NODE_ENV: "development", PGLITE_DATA_DIR: dataDir, LOG_LEVEL: "silent" }, [
        "list",
      ]);
      expect(staff.code, staff.output).toBe(0);
      expect(staff.output).toContain("dev-admin@localhost\tadmin\tno password yet\tno second factor\tactive");
    } finally {
      run.child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
