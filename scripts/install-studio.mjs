// The Studio needs React 19 and Remix 2 needs React 18, so studio/ has its own install
// (see ../shared/STACK.md). One `npm install` at the root sets up both.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env.SKIP_STUDIO_INSTALL === "1" || !existsSync("studio/package.json")) {
  process.exit(0);
}
const command = existsSync("studio/package-lock.json") ? "ci" : "install";
const result = spawnSync("npm", ["--prefix", "studio", command, "--no-audit", "--no-fund"], {
  stdio: "inherit",
  env: { ...process.env, SANITY_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
