import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/**
 * Two groups. Most files wait on databases, child processes and the browser as much as they
 * compute, so two run at once on a two-core machine. The fault suite (tests/faults) measures
 * timing and kills processes: it runs after them, one file at a time.
 * The global setup (Remix build, database snapshots) belongs to the root only: a project that
 * inherited it would run it again.
 */
const SERIAL = ["tests/faults/**/*.test.ts"];

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };
const shared = {
  environment: "node",
  setupFiles: ["tests/setup/setup-test-env.ts"] as string[],
  // Generous: CI shares two cores, and some tests run every query in every locale over the whole dataset.
  testTimeout: 120_000,
  hookTimeout: 60_000,
  pool: "forks" as const,
};

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ["tests/setup/global-setup.ts"],
    projects: [
      {
        resolve: { alias },
        test: {
          ...shared,
          name: "main",
          include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
          exclude: SERIAL,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: { ...shared, name: "faults", include: SERIAL, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
