/** Head tags of a page with a preview image: the drawn one is declared with its size and shown large. */
import { describe, expect, it } from "vitest";
import { pageMeta, type PageSeo } from "~/http/seo";

const base: PageSeo = {
  baseUrl: "https://protect.example.org",
  locale: "ps",
  title: "مخکې له تګه پوه شه",
  description: "…",
  pathFor: (locale) => `/${locale}/know-before-you-go`,
  locales: ["ps", "en"],
};

const content = (tags: ReturnType<typeof pageMeta>, key: string): unknown => {
  const tag = tags.find(
    (candidate) => ("property" in candidate && candidate.property === key) || ("name" in candidate && candidate.name === key),
  );
  return tag && "content" in tag ? tag.content : undefined;
};

describe("pageMeta and the preview image", () => {
  it("declares a drawn image's size and alt text, with a large Twitter card", () => {
    const tags = pageMeta({
      ...base,
      imageUrl: "https://protect.example.org/og/ps/x.png?v=1",
      image: { width: 1200, height: 630, alt: base.title },
    });
    expect(content(tags, "og:image")).toBe("https://protect.example.org/og/ps/x.png?v=1");
    expect(content(tags, "twitter:image")).toBe("https://protect.example.org/og/ps/x.png?v=1");
    expect([content(tags, "og:image:width"), content(tags, "og:image:height")]).toEqual(["1200", "630"]);
    expect(content(tags, "og:image:alt")).toBe(base.title);
    expect(content(tags, "twitter:card")).toBe("summary_large_image");
  });

  it("keeps the small card for an uploaded image of unknown size, and for none", () => {
    const uploaded = pageMeta({ ...base, imageUrl: "https://cdn.sanity.io/images/x.jpg", image: null });
    expect(content(uploaded, "og:image")).toBe("https://cdn.sanity.io/images/x.jpg");
    expect(content(uploaded, "og:image:width")).toBeUndefined();
    expect(content(uploaded, "twitter:card")).toBe("summary");
    expect(content(pageMeta(base), "twitter:card")).toBe("summary");
  });
});
