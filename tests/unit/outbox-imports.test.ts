/**
 * The outbox depends on no provider: nothing in app/outbox/ imports from app/messaging/ (the
 * transports implement the outbox's port instead, decision 020). The dependency runs one way,
 * messaging → outbox.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const OUTBOX = join(ROOT, "app", "outbox");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier of static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function pointsIntoMessaging(specifier: string, file: string): boolean {
  if (specifier.startsWith("~/")) return specifier === "~/messaging" || specifier.startsWith("~/messaging/");
  if (!specifier.startsWith(".")) return false;
  const target = relative(join(ROOT, "app"), join(file, "..", specifier))
    .split("\\")
    .join("/");
  return target === "messaging" || target.startsWith("messaging/");
}

describe("app/outbox imports nothing from app/messaging", () => {
  it("finds the outbox's modules and reads their imports", () => {
    const files = sourceFiles(OUTBOX);
    expect(files.length).toBeGreaterThan(5);
    expect(specifiers(readFileSync(join(OUTBOX, "dispatcher.server.ts"), "utf8"))).toContain("./claim.server");
    expect(pointsIntoMessaging("~/messaging/transport", join(OUTBOX, "x.ts"))).toBe(true);
    expect(pointsIntoMessaging("../messaging/sms-segments", join(OUTBOX, "x.ts"))).toBe(true);
    expect(pointsIntoMessaging("./messaging-like", join(OUTBOX, "x.ts"))).toBe(false);
  });

  it("has no import, re-export or dynamic import into app/messaging", () => {
    const offending = sourceFiles(OUTBOX).flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter((specifier) => pointsIntoMessaging(specifier, file))
        .map((specifier) => `${relative(ROOT, file)} → ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
