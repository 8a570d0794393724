import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/**
 * `npm run test:load`: the load and burst suite (tests/load/*.load.ts), not part of `npm test`.
 * Loopback only; full sizes by default, modest ones when CI=true (tests/load/load-size.ts). One
 * file at a time, so a file's numbers are not another's noise. Same global setup as the main
 * suite (Remix build, database snapshots), same per-file setup (msw at the network edge).
 */
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    name: "load",
    environment: "node",
    include: ["tests/load/**/*.load.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
