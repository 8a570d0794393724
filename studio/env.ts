/**
 * Where the Studio reads and writes content. Sanity's convention for Studio configuration:
 * `SANITY_STUDIO_*` variables are read by the CLI (from the environment or `.env` files) and inlined
 * into the Studio bundle at build time, so they must be referenced as literal `process.env.X`.
 */

/**
 * Used when SANITY_STUDIO_PROJECT_ID is not set, so `sanity build` (and CI) works offline without
 * a Sanity account. A Studio built with it loads, but cannot sign in or read content until it is
 * rebuilt with the real project id.
 */
export const PLACEHOLDER_PROJECT_ID = "unconfigured";

export const projectId = process.env.SANITY_STUDIO_PROJECT_ID || PLACEHOLDER_PROJECT_ID;

export const dataset = process.env.SANITY_STUDIO_DATASET || "production";
