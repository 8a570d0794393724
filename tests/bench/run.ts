/**
 * `npm run bench`: runs each bench module in turn, prints its tables, and exits non-zero when any
 * target is missed. A bench module exports `name` and `runBench(): Promise<boolean>`.
 */
import * as dispatcher from "./dispatcher";
import * as expansion from "./expansion";
import * as inbound from "./inbound";
import { QUICK } from "./bench-mode";
import * as landingSize from "./landing-size";
import * as reach from "./reach";
import * as reachDashboard from "./reach-dashboard";

// Libraries (React above all) pick their production builds from NODE_ENV when first loaded, which
// happens inside the benches (the server build is imported there): measure what production runs.
process.env.NODE_ENV = "production";

interface BenchModule {
  name: string;
  runBench(): Promise<boolean>;
}

// `npm run bench -- inbound` runs only the benches whose name contains a given word; `--quick`
// runs them small, judged on guarantees only (tests/bench/bench-mode.ts).
const only = process.argv
  .slice(2)
  .filter((word) => !word.startsWith("--"))
  .map((word) => word.toLowerCase());
const BENCHES: readonly BenchModule[] = [landingSize, inbound, dispatcher, expansion, reach, reachDashboard].filter(
  (bench) => only.length === 0 || only.some((word) => bench.name.toLowerCase().includes(word)),
);

const results: Array<{ name: string; passed: boolean }> = [];
for (const bench of BENCHES) {
  console.log(`\n=== ${bench.name} ===`);
  try {
    results.push({ name: bench.name, passed: await bench.runBench() });
  } catch (error) {
    // A broken guarantee found mid-run (rows missing, a message sent twice): the bench fails, the others still run.
    console.log(`FAIL ${bench.name}: ${error instanceof Error ? error.message : String(error)}`);
    results.push({ name: bench.name, passed: false });
  }
}
console.log(`\n=== summary${QUICK ? " (quick: sizes small, speeds and ratios for information)" : ""} ===`);
for (const result of results) console.log(`${result.passed ? "PASS" : "FAIL"}  ${result.name}`);
process.exitCode = results.every((result) => result.passed) ? 0 : 1;
