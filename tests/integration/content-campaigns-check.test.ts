/**
 * `npm run campaigns:check` as a process: exit status and what it prints.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BROKEN_DATASET_DIR, VALID_DATASET_DIR } from "../fixtures/content";

const run = promisify(execFile);
const SCRIPT = ["tsx", "scripts/campaigns-check.ts"];

async function check(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", [...SCRIPT, dir], { env: { ...process.env, NODE_ENV: "development" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run campaigns:check", () => {
  it("prints a summary and exits 0 for a valid dataset", async () => {
    const { code, stdout } = await check(VALID_DATASET_DIR);
    expect(code).toBe(0);
    expect(stdout).toMatch(/14 documents \(campaign 4, hotline 4, page 2, region 3, siteSettings 1\); locales: en, ru, fa-AF/);
    // The fixture's sample hotlines are shown (not problems); it has no sample broadcast or sequence.
    expect(stdout).toContain("2 sample hotline(s)");
    expect(stdout).not.toContain("broadcasts and sequences sent only");
  });

  it("lists the problems (file:line, id, problem) and exits 1 for a broken dataset", async () => {
    const { code, stderr } = await check(BROKEN_DATASET_DIR);
    expect(code).toBe(1);
    expect(stderr).toContain("dataset.ndjson:16  hotline-kg-no-numbers  hotline has no phone, sms, whatsapp or telegram number");
    expect(stderr).toMatch(/dataset\.ndjson:9 {2}campaign-safe-work {2}skipped by campaign query .*sections\[broken-faq\]/);
    expect(stderr).toMatch(/\d+ problem\(s\) in /);
  });

  it("exits 1 when the directory does not exist", async () => {
    const { code, stderr } = await check("/nonexistent/campaigns");
    expect(code).toBe(1);
    expect(stderr).toContain("Cannot check /nonexistent/campaigns");
  });
});
