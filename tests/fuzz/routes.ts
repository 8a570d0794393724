/**
 * The one list of what the fuzz suite throws input at: every public route and form, with the shape
 * of its path parameters (valid values the sample dataset has) and the query and form keys it
 * reads. A new route is one entry here; the properties in public-routes.test.ts and forms.test.ts
 * pick it up. They run against one test server: the default configuration (local transport, so the
 * dev phone is on) with reach counting. Webhooks have their own files (their signatures need building).
 */
import { HOTLINE_TAP_KINDS, SHARE_NETWORKS } from "~/analytics/tracked-links";
import { LOCALES } from "~/i18n/locales";

/** Values a path parameter takes in the sample dataset (the fuzzer mixes them with hostile ones). */
export interface ParamShape {
  valid: readonly string[];
}

export interface FuzzRoute {
  name: string;
  method: "GET" | "POST";
  /** Path with `:name` placeholders, each described in `params`. */
  path: string;
  params: Record<string, ParamShape>;
  /** Query keys the route reads (fuzzed alongside unknown, repeated and nested keys). */
  query: readonly string[];
}

export interface FuzzForm {
  name: string;
  path: string;
  /** Field names the action reads, with a valid value for each. */
  fields: Record<string, string>;
}

const lang: ParamShape = { valid: LOCALES };
const campaign: ParamShape = { valid: ["know-before-you-go", "safe-journeys"] };
const page: ParamShape = { valid: ["before-you-go", "signs-of-trafficking", "get-help", "smuggling-risks", "protect-children"] };
const hotlineId: ParamShape = { valid: ["hotline-kg-national-tip"] };

export const FUZZ_ROUTES: readonly FuzzRoute[] = [
  { name: "home", method: "GET", path: "/", params: {}, query: ["lang", "ref"] },
  { name: "language chooser", method: "GET", path: "/languages", params: {}, query: ["ref"] },
  { name: "locale home", method: "GET", path: "/:lang", params: { lang }, query: ["ref", "region", "country"] },
  { name: "campaign", method: "GET", path: "/:lang/:campaign", params: { lang, campaign }, query: ["ref", "region"] },
  { name: "campaign page", method: "GET", path: "/:lang/:campaign/:page", params: { lang, campaign, page }, query: ["ref"] },
  { name: "hotline directory", method: "GET", path: "/:lang/hotlines", params: { lang }, query: ["from", "in", "region"] },
  {
    name: "unmatched path",
    method: "GET",
    path: "/:lang/:campaign/:page/:extra",
    params: { lang, campaign, page, extra: { valid: ["x"] } },
    query: [],
  },
  { name: "sitemap", method: "GET", path: "/sitemap.xml", params: {}, query: [] },
  { name: "robots", method: "GET", path: "/robots.txt", params: {}, query: [] },
  { name: "health", method: "GET", path: "/healthz", params: {}, query: [] },
  {
    name: "go hotline",
    method: "GET",
    path: "/go/hotline/:id/:kind",
    params: { id: hotlineId, kind: { valid: HOTLINE_TAP_KINDS } },
    query: ["lang"],
  },
  {
    name: "go share",
    method: "GET",
    path: "/go/share/:network",
    params: { network: { valid: SHARE_NETWORKS } },
    query: ["lang", "campaign"],
  },
  {
    name: "ping hotline",
    method: "POST",
    path: "/go/ping/hotline/:id/:kind",
    params: { id: hotlineId, kind: { valid: HOTLINE_TAP_KINDS } },
    query: ["lang"],
  },
  { name: "ping exit", method: "POST", path: "/go/ping/exit", params: {}, query: ["lang"] },
  { name: "ping language", method: "POST", path: "/go/ping/language", params: {}, query: ["from", "to"] },
  { name: "dev phone", method: "GET", path: "/dev/phone", params: {}, query: ["number", "channel", "done"] },
];

export const FUZZ_FORMS: readonly FuzzForm[] = [
  { name: "dev phone send", path: "/dev/phone", fields: { number: "+996555000101", channel: "sms", body: "HELP" } },
];

/** The route's path with each parameter replaced (values are already URL components). */
export function fillPath(route: Pick<FuzzRoute, "path">, values: Record<string, string>): string {
  return route.path.replace(/:([a-z]+)/g, (_, name: string) => values[name] ?? "x");
}
