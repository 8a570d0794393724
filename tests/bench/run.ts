/**
 * `npm run bench`: runs each bench module in turn, prints its tables, and exits non-zero when any
 * target is missed. A bench module exports `name` and `runBench(): Promise<boolean>`.
 */
import * as landingSize from "./landing-size";

// Libraries (React above all) pick their production builds from NODE_ENV when first loaded, which
// happens inside the benches (the server build is imported there): measure what production runs.
process.env.NODE_ENV = "production";

interface BenchModule {
  name: string;
  runBench(): Promise<boolean>;
}

const BENCHES: readonly BenchModule[] = [landingSize];

const results: Array<{ name: string; passed: boolean }> = [];
for (const bench of BENCHES) {
  console.log(`\n=== ${bench.name} ===`);
  results.push({ name: bench.name, passed: await bench.runBench() });
}
console.log("\n=== summary ===");
for (const result of results) console.log(`${result.passed ? "PASS" : "FAIL"}  ${result.name}`);
process.exitCode = results.every((result) => result.passed) ? 0 : 1;
