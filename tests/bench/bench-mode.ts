/**
 * The two ways benches run. `npm run bench` measures at full size and every target counts.
 * `npm run bench -- --quick` (CI) runs small sizes in a minute or two: there, only guarantees
 * decide (a page over its size budget, a message sent twice or not at all, a request unanswered),
 * while speeds and ratios are printed for information, since CI machines are shared and noisy.
 */
export const QUICK = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";

/** The full-size value, or the quick one under --quick. */
export function sized<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}

export interface BenchCheck {
  /** null: reported without a target. */
  ok: boolean | null;
  text: string;
  /** "guarantee": fails the quick run too; "target": a speed, latency or ratio, informational in quick runs. */
  kind: "guarantee" | "target";
}

/** Prints each check and says whether the bench passed in this mode. */
export function judge(checks: readonly BenchCheck[]): boolean {
  let passed = true;
  for (const check of checks) {
    const counts = check.ok !== null && (check.kind === "guarantee" || !QUICK);
    const label = check.ok === null || !counts ? "info" : check.ok ? "ok  " : "MISS";
    console.log(`${label} ${check.text}`);
    if (counts && check.ok === false) passed = false;
  }
  return passed;
}
