/**
 * A locale typed in another case is redirected to its canonical spelling, keeping the rest of the
 * path and the query: permanently, 301 for reads and 308 for posts. Canonical and unknown locales
 * are not redirected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uiStrings } from "~/i18n/ui-strings";
import { startTestServer, type TestServer } from "../setup/test-server";
import { get, htmlElement, text } from "./site-helpers";

describe("locale paths in another case", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ["/fa-af", "/fa-AF"],
    ["/KY/some-campaign/some-page?utm_source=sms&ref=%2B996", "/ky/some-campaign/some-page?utm_source=sms&ref=%2B996"],
    ["/Fa-Af/hotlines", "/fa-AF/hotlines"],
    ["/AR/", "/ar/"],
  ])("GET %s → 301 %s", async (path, location) => {
    const response = await get(`${server.url}${path}`);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(location);
    expect(response.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
  });

  it("the redirect leads to the page in that language", async () => {
    const response = await fetch(`${server.url}/Fa-Af/hotlines`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.url}/fa-AF/hotlines`);
    const html = await response.text();
    expect(htmlElement(html)).toMatchObject({ lang: "fa-AF", dir: "rtl" });
    expect(text(html)).toContain(uiStrings("fa-AF").hotlinesTitle);
  });

  it("HEAD is redirected like GET, and a post keeps its method (308)", async () => {
    const head = await fetch(`${server.url}/KY/hotlines`, { method: "HEAD", redirect: "manual" });
    expect(head.status).toBe(301);
    expect(head.headers.get("location")).toBe("/ky/hotlines");
    const post = await fetch(`${server.url}/EN/some-form?x=1`, { method: "POST", body: "a=1", redirect: "manual" });
    expect(post.status).toBe(308);
    expect(post.headers.get("location")).toBe("/en/some-form?x=1");
  });

  it.each(["/ky/hotlines", "/fa-AF"])("the canonical %s is served as it is", async (path) => {
    expect((await get(`${server.url}${path}`)).status).toBe(200);
  });

  it("an unknown locale in any case is still a 404", async () => {
    expect((await get(`${server.url}/XX/hotlines`)).status).toBe(404);
  });
});
