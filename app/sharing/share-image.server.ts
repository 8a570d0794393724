/**
 * The link-preview image of a campaign in one locale (Open Graph, 1200×630 PNG): the campaign
 * title in its own script, laid out by satori (flexbox, line wrapping, `direction: rtl` so mixed
 * Arabic-script and Latin text comes in the right order) and rasterised by resvg. satori's SVG is
 * glyph outlines, so resvg needs no fonts: the only fonts are the npm packages in
 * share-image-fonts.server.ts. Decision 026.
 */
import { Resvg } from "@resvg/resvg-js";
import satori from "satori";
import { direction, type Locale } from "~/i18n/locales";
import { SHARE_IMAGE_FAMILIES, shareImageFonts } from "./share-image-fonts.server";

import { SHARE_IMAGE_SIZE } from "./share-image-size";

export const SHARE_IMAGE_WIDTH = SHARE_IMAGE_SIZE.width;
export const SHARE_IMAGE_HEIGHT = SHARE_IMAGE_SIZE.height;
/** Bump when the layout changes: it is part of every image's hash, so caches and URLs move on. */
export const SHARE_IMAGE_LAYOUT_VERSION = 1;

export const SHARE_IMAGE_COLORS = Object.freeze({ paper: "#ffffff", ink: "#1a1a1a", accent: "#0b5394", muted: "#6b6b6b" });

export interface ShareImageInput {
  locale: Locale;
  /** The campaign title (or, for the generic image, the site's purpose) in the locale. */
  title: string;
  /** The site's host name, shown small at the bottom (e.g. "protect.example.org"). */
  host: string;
}

/** Longest title drawn; longer ones are cut at a word with an ellipsis (previews are small). */
const MAX_TITLE_CHARS = 140;

function fittedTitle(title: string): { text: string; fontSize: number } {
  const clean = title.replace(/\s+/g, " ").trim();
  const text = clean.length <= MAX_TITLE_CHARS ? clean : `${clean.slice(0, MAX_TITLE_CHARS).replace(/\s+\S*$/, "")}…`;
  const length = [...text].length;
  const fontSize = length <= 24 ? 88 : length <= 48 ? 72 : length <= 90 ? 58 : 48;
  return { text, fontSize };
}

/** A minimal element tree as satori reads it (React elements without React). */
interface Node {
  type: string;
  props: { style?: Record<string, string | number>; children?: Node | Node[] | string };
}

const el = (type: string, style: Node["props"]["style"], children?: Node["props"]["children"]): Node => ({
  type,
  props: { style, children },
});

/** The layout, exported so the browser comparison test can render the same boxes in HTML. */
export function shareImageLayout(input: ShareImageInput): { dir: "ltr" | "rtl"; title: string; fontSize: number } {
  const { text, fontSize } = fittedTitle(input.title);
  return { dir: direction(input.locale), title: text, fontSize };
}

function shareImageTree(input: ShareImageInput): Node {
  const { dir, title, fontSize } = shareImageLayout(input);
  return el(
    "div",
    {
      width: "100%",
      height: "100%",
      display: "flex",
      flexDirection: "column",
      backgroundColor: SHARE_IMAGE_COLORS.paper,
      fontFamily: SHARE_IMAGE_FAMILIES.join(", "),
    },
    [
      el("div", { height: 24, backgroundColor: SHARE_IMAGE_COLORS.accent }),
      el(
        "div",
        {
          flexGrow: 1,
          display: "flex",
          alignItems: "center",
          padding: "0 72px",
          direction: dir,
        },
        [el("div", { fontSize, fontWeight: 700, lineHeight: 1.3, color: SHARE_IMAGE_COLORS.ink }, title)],
      ),
      // The address is Latin and reads left to right in every locale.
      el("div", { display: "flex", padding: "0 72px 40px", fontSize: 30, color: SHARE_IMAGE_COLORS.muted, direction: "ltr" }, input.host),
    ],
  );
}

export interface RenderedShareImage {
  png: Buffer;
  /** Text no bundled font could draw (drawn as nothing): a font gap to report, never a failure. */
  missingGlyphs: string[];
}

/** Renders the preview image (about 30 ms once satori's wasm is warm). */
export async function renderShareImage(input: ShareImageInput): Promise<RenderedShareImage> {
  const missingGlyphs: string[] = [];
  // satori's type is React's ReactNode; it reads plain { type, props } objects (documented), which
  // keeps React out of this domain module.
  const svg = await satori(shareImageTree(input) as unknown as Parameters<typeof satori>[0], {
    width: SHARE_IMAGE_WIDTH,
    height: SHARE_IMAGE_HEIGHT,
    fonts: shareImageFonts(),
    // Called only for text none of the fonts covers: recorded, and no font is fetched.
    loadAdditionalAsset: async (_code, segment) => {
      missingGlyphs.push(segment);
      return [];
    },
  });
  const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
  return { png, missingGlyphs };
}

/**
 * The last resort when rendering text fails: the same frame without any text. It needs no font
 * and no content, so it cannot fail for their sake; a preview is never an error page.
 */
export function renderBlankShareImage(): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_IMAGE_WIDTH}" height="${SHARE_IMAGE_HEIGHT}"><rect width="100%" height="100%" fill="${SHARE_IMAGE_COLORS.paper}"/><rect width="100%" height="24" fill="${SHARE_IMAGE_COLORS.accent}"/></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
}
