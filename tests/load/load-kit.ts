/**
 * What the load files share: their sizes (what the issue asks for by default, modest ones under
 * CI, a shared two-core machine, and LOAD_SCALE to go further by hand, e.g. LOAD_SCALE=0.2 for a
 * quick look), and autocannon run in a process of its own, with its figures in one line.
 */
import type autocannon from "autocannon";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const CI = process.env.CI === "true" || process.env.CI === "1";
const SCALE = Number(process.env.LOAD_SCALE ?? "1");

/** The full-size value, or the CI one, times LOAD_SCALE (at least 1). */
export function loadSize(full: number, ci: number): number {
  const base = CI ? ci : full;
  return Math.max(1, Math.round(base * (Number.isFinite(SCALE) && SCALE > 0 ? SCALE : 1)));
}

export const IN_CI = CI;

/** autocannon's figures, printed in one line. */
export function describeRun(
  label: string,
  result: Pick<autocannon.Result, "requests" | "latency" | "errors" | "timeouts" | "non2xx">,
): string {
  return (
    `${label}: ${result.requests.total} requests, ${Math.round(result.requests.average)}/s, ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, ` +
    `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`
  );
}

const AUTOCANNON_PROCESS = fileURLToPath(new URL("./autocannon-process.mjs", import.meta.url));

/** Runs autocannon in its own process (autocannon-process.mjs) and answers its result. */
export function runAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [AUTOCANNON_PROCESS, JSON.stringify(options)], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`autocannon failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as autocannon.Result);
    });
  });
}
