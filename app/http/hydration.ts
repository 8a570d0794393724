/**
 * Which pages ship JavaScript. Public campaign pages declare `handle = { hydrate: false }` and are
 * sent as plain HTML; the root omits `<Scripts/>` when any matched route says so. Every page still
 * loads the quick exit's small script (decision 028).
 */

/** The `handle` a public, script-free route exports. */
export const STATIC_PAGE_HANDLE = { hydrate: false } as const;

function hasHydrateFalse(handle: unknown): boolean {
  return typeof handle === "object" && handle !== null && (handle as { hydrate?: unknown }).hydrate === false;
}

/** True when any matched route's handle opts out of hydration. */
export function isStaticPage(handles: readonly unknown[]): boolean {
  return handles.some(hasHydrateFalse);
}
