import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    // Generous: CI shares two cores, and some tests run every query in every locale over the whole dataset.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
