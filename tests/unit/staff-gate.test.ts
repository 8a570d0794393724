/**
 * The staff gate's pure parts, table-driven: the role order, which posts count as from our own
 * pages (Origin and Sec-Fetch-Site), where a sign-in may lead back to, the TOTP secret's
 * encryption (round trip, tampering, another SESSION_SECRET) and codes (window, replay), the
 * set-password token kept out of logged paths, and argon2 work for an unknown email too.
 */
import { describe, expect, it } from "vitest";
import { loggablePath } from "~/http/loggable-path";
import { checkRequestOrigin } from "~/staff/request-origin.server";
import { roleAllows, STAFF_ROLES } from "~/staff/roles";
import { hashPassword, verifyPassword } from "~/staff/passwords.server";
import { safeNext } from "~/staff/sign-in-page.server";
import { acceptedTotpStep, decryptTotpSecret, encryptTotpSecret, newTotpSecret, totpCode } from "~/staff/totp.server";

const SECRET = "a-session-secret-of-at-least-32-characters";
const ENV = { PUBLIC_BASE_URL: "https://campaigns.example.org" };

describe("roles", () => {
  it("are ordered viewer < editor < approver < admin", () => {
    const allowed = STAFF_ROLES.map((role) => STAFF_ROLES.filter((needed) => roleAllows(role, needed)));
    expect(allowed).toEqual([
      ["viewer"],
      ["viewer", "editor"],
      ["viewer", "editor", "approver"],
      ["viewer", "editor", "approver", "admin"],
    ]);
  });
});

describe("checkRequestOrigin", () => {
  const post = (headers: Record<string, string>, url = "https://campaigns.example.org/staff/users") =>
    checkRequestOrigin(new Request(url, { method: "POST", headers }), ENV);
  it.each([
    [{}, true],
    [{ Origin: "https://campaigns.example.org" }, true],
    [{ Origin: "http://127.0.0.1:3000" }, false],
    [{ Origin: "https://evil.example" }, false],
    [{ Origin: "https://campaigns.example.org", "Sec-Fetch-Site": "same-origin" }, true],
    [{ Origin: "https://campaigns.example.org", "Sec-Fetch-Site": "cross-site" }, false],
    [{ Origin: "null" }, false],
    [{ Origin: "null", "Sec-Fetch-Site": "same-origin" }, true],
    [{ Origin: "null", "Sec-Fetch-Site": "same-site" }, false],
    [{ Origin: "null", "Sec-Fetch-Site": "none" }, false],
    [{ "Sec-Fetch-Site": "same-origin" }, true],
    [{ "Sec-Fetch-Site": "cross-site" }, false],
  ])("%j → %s", (headers, ok) => {
    expect(post(headers).ok).toBe(ok);
  });
  it("accepts the request's own origin (a test server, a second host name)", () => {
    expect(post({ Origin: "http://127.0.0.1:3000" }, "http://127.0.0.1:3000/staff/users").ok).toBe(true);
  });
});

describe("safeNext", () => {
  it.each([
    ["/staff/reach?lang=ru&channel=sms", "/staff/reach?lang=ru&channel=sms"],
    ["/staff/users", "/staff/users"],
    [null, "/staff/broadcasts"],
    ["https://evil.example/staff/users", "/staff/broadcasts"],
    ["//evil.example/staff", "/staff/broadcasts"],
    ["/staff//evil.example", "/staff/broadcasts"],
    ["/staff/\\evil.example", "/staff/broadcasts"],
    ["/en/some-campaign", "/staff/broadcasts"],
    ["/staff/sign-in?next=/staff/users", "/staff/broadcasts"],
    ["/staff/sign-out", "/staff/broadcasts"],
  ])("%s → %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe("TOTP", () => {
  it("keeps the secret encrypted, and refuses a tampered value or another key", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const sealed = encryptTotpSecret(SECRET, secret);
    expect(sealed).not.toContain(secret);
    expect(encryptTotpSecret(SECRET, secret)).not.toBe(sealed);
    expect(decryptTotpSecret(SECRET, sealed)).toBe(secret);
    const flipped = sealed.at(-2) === "A" ? "B" : "A";
    const tampered = `${sealed.slice(0, -2)}${flipped}${sealed.slice(-1)}`;
    expect(() => decryptTotpSecret(SECRET, tampered)).toThrow();
    expect(() => decryptTotpSecret(`${SECRET}-rotated`, sealed)).toThrow();
  });

  it("accepts a code one step either side, and never the same step twice", () => {
    const secret = newTotpSecret();
    const now = new Date("2026-12-01T09:00:10Z");
    const step = Math.floor(now.getTime() / 30_000);
    expect(acceptedTotpStep(secret, totpCode(secret, now), now, null)).toBe(step);
    expect(acceptedTotpStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now, null)).toBe(step - 1);
    expect(acceptedTotpStep(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now, null)).toBeNull();
    expect(acceptedTotpStep(secret, totpCode(secret, now), now, step)).toBeNull();
    expect(acceptedTotpStep(secret, "12345", now, null)).toBeNull();
    expect(acceptedTotpStep(secret, `${totpCode(secret, now).slice(0, 3)} ${totpCode(secret, now).slice(3)}`, now, null)).toBe(step);
  });
});

describe("logged paths", () => {
  it("never carry a set-password token", () => {
    expect(loggablePath("/staff/set-password/AbCdEf0123456789_-xyz")).toBe("/staff/set-password/[token]");
    expect(loggablePath("/staff/users")).toBe("/staff/users");
  });
});

describe("password verification without a stored hash (an unknown email)", () => {
  it("still costs an argon2 verification, and never matches", async () => {
    // One-sided, interleaved, on the fastest of several tries: a busy machine only ever makes a
    // call slower, and both kinds of call share its moods.
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const stored = await hashPassword("a password to time argon2 with");
    await verifyPassword(null, "warm-up: the dummy hash is made once");
    let real = Infinity;
    let unknown = Infinity;
    for (let round = 0; round < 6; round += 1) {
      real = Math.min(real, await timed(() => verifyPassword(stored, "not the password")));
      unknown = Math.min(unknown, await timed(() => verifyPassword(null, "not the password")));
    }
    expect(unknown, JSON.stringify({ real, unknown })).toBeGreaterThan(real / 2);
    expect(await verifyPassword(null, "a dummy password nobody has, for equal timing")).toBe(false);
  });
});
