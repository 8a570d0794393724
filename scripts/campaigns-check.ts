/**
 * `npm run campaigns:check [dir]`: checks the local dataset (default CONTENT_DATASET_DIR,
 * ./campaigns) and exits 1 with one line per problem, or prints a summary and the sample content
 * it holds (marked `isSample`). Run it before committing sample content or importing it into
 * Sanity. The checks live in app/content/dataset-check.server.ts.
 */
import path from "node:path";
import { checkDataset, formatDatasetProblems, formatDatasetSamples, formatDatasetSummary } from "~/content/dataset-check.server";
import { loadEnvOrExit } from "~/env.server";

const env = loadEnvOrExit();
const dir = path.resolve(process.argv[2] ?? env.CONTENT_DATASET_DIR);

try {
  const report = await checkDataset({ dir });
  if (report.problems.length > 0) {
    process.stderr.write(`${formatDatasetProblems(report.problems).replaceAll(`${dir}${path.sep}`, "")}\n`);
    process.stderr.write(`\n${report.problems.length} problem(s) in ${dir}\n`);
    process.exit(1);
  }
  process.stdout.write(`${dir}: ${formatDatasetSummary(report)}\n`);
  const samples = formatDatasetSamples(report.samples);
  if (samples) process.stdout.write(`${samples}\n`);
} catch (error) {
  process.stderr.write(`Cannot check ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
