/**
 * URL slugs for campaigns and pages: lower-case ASCII words joined by hyphens, so one URL works in
 * every locale and survives being typed from a poster or read out over the phone.
 */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const SLUG_MESSAGE = "Use lower-case letters a-z, digits and single hyphens, e.g. safe-work-abroad";

export const SLUG_MAX_LENGTH = 64;

/** Slug from an English title: "Safe work abroad!" → "safe-work-abroad". */
export function slugify(input: string): string {
  return input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
}
