/**
 * The one-time set-password link over HTTP: the form names the account, the rules are explained
 * when a password is refused, a good password spends the link (then it "does not work"), the
 * user signs in with it; a link past its 24 hours does not work (400, never cached: a 404 or 410
 * would be cached as a missing page); the token never reaches the log.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "~/lib/logger.server";
import { addStaffUser, createPasswordLink } from "~/staff/staff-users.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { text } from "./site-helpers";

const STRONG = "orange glacier bicycle 7";

describe("staff set-password links", () => {
  let server: TestServer;
  let clock = new Date("2026-12-01T09:00:00Z");
  let logged = "";

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    server = await startTestServer({ now: () => clock, logger: createLogger({ level: "info", destination }) });
  });
  afterAll(async () => {
    await server?.close();
  });

  const newLink = async (email: string) => {
    const user = await addStaffUser(server.db, { email, role: "viewer" }, { userId: null, label: "cli" }, clock);
    return createPasswordLink(server.db, user.id, clock);
  };
  const submit = (path: string, password: string, repeat = password) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url },
      body: new URLSearchParams({ password, repeat }),
    });

  it("sets a password once, then the user signs in with it", async () => {
    const path = await newLink("eve@staff.test");
    const form = await fetch(`${server.url}${path}`);
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toContain("no-store");
    expect(text(await form.text())).toContain("eve@staff.test");

    const mismatch = await submit(path, STRONG, `${STRONG}!`);
    expect(mismatch.status).toBe(400);
    expect(text(await mismatch.text())).toContain("The two passwords are not the same.");
    const common = await submit(path, "qwertyuiop123");
    expect(text(await common.text())).toContain("too common");

    const done = await submit(path, STRONG);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/^\/staff\/sign-in\?password-set=1/);
    const again = await fetch(`${server.url}${path}`);
    expect(again.status).toBe(400);
    expect(again.headers.get("cache-control")).toContain("no-store");
    expect(text(await again.text())).toContain("This link does not work");

    const signIn = await fetch(`${server.url}/staff/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url },
      body: new URLSearchParams({ intent: "password", email: "eve@staff.test", password: STRONG }),
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("set-cookie")).toMatch(/^staff=/);
    // The token is a secret: the request log names the route, never the token.
    const token = path.split("/").pop()!;
    expect(logged).toContain("/staff/set-password/[token]");
    expect(logged).not.toContain(token);
  });

  it("does not work after 24 hours", async () => {
    const path = await newLink("finn@staff.test");
    clock = new Date(clock.getTime() + 24 * 3_600_000 + 60_000);
    expect((await fetch(`${server.url}${path}`)).status).toBe(400);
    expect((await submit(path, STRONG)).status).toBe(400);
  });
});
