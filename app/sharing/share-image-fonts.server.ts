/**
 * The fonts of the share images, read from npm packages (@fontsource/noto-sans and
 * @fontsource/noto-sans-arabic, SIL OFL 1.1), never from the system: a fresh machine after
 * `npm install` renders the same pixels. Fontsource splits each family into unicode-range
 * subsets; each subset is registered under its own family name so that satori's per-character
 * fallback finds the file that holds the glyph (decision 026 lists which letters each covers).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface ShareImageFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: "normal";
}

/** Family names in fallback order, as `fontFamily` lists them. */
export const SHARE_IMAGE_FAMILIES = Object.freeze([
  "Noto Sans Arabic",
  "Noto Sans Latin",
  "Noto Sans Latin Ext",
  "Noto Sans Cyrillic",
  "Noto Sans Cyrillic Ext",
] as const);

const FILES: ReadonlyArray<{ family: (typeof SHARE_IMAGE_FAMILIES)[number]; file: (weight: number) => string }> = [
  { family: "Noto Sans Arabic", file: (weight) => `@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-${weight}-normal.woff` },
  { family: "Noto Sans Latin", file: (weight) => `@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff` },
  { family: "Noto Sans Latin Ext", file: (weight) => `@fontsource/noto-sans/files/noto-sans-latin-ext-${weight}-normal.woff` },
  { family: "Noto Sans Cyrillic", file: (weight) => `@fontsource/noto-sans/files/noto-sans-cyrillic-${weight}-normal.woff` },
  { family: "Noto Sans Cyrillic Ext", file: (weight) => `@fontsource/noto-sans/files/noto-sans-cyrillic-ext-${weight}-normal.woff` },
];

const require = createRequire(import.meta.url);

/** The absolute path of a font file in node_modules (also used by the Chromium comparison test). */
export function shareImageFontPath(family: (typeof SHARE_IMAGE_FAMILIES)[number], weight: 400 | 700): string {
  const entry = FILES.find((candidate) => candidate.family === family)!;
  return require.resolve(entry.file(weight));
}

let loaded: ShareImageFont[] | null = null;

/** Every subset in regular and bold, read once (about 0.5 MB). */
export function shareImageFonts(): ShareImageFont[] {
  loaded ??= FILES.flatMap(({ family }) =>
    ([400, 700] as const).map((weight) => ({
      name: family,
      data: readFileSync(shareImageFontPath(family, weight)),
      weight,
      style: "normal" as const,
    })),
  );
  return loaded;
}
