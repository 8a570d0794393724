/** A request path as it may be logged. */

/**
 * Long digit runs in a path (a phone number someone put in a URL) never reach the logs, nor the
 * token of a staff set-password link (whoever reads the log could use it), nor a data request's id
 * (useless without its admin's session, but it names one person's request), nor a volunteer's
 * referral code (a log line would tie a visit's time to one volunteer).
 */
export function loggablePath(pathname: string): string {
  return pathname
    .replace(/^(\/staff\/set-password\/)[^/]+/i, "$1[token]")
    .replace(/^(\/staff\/data-requests\/)[^/]+/i, "$1[request]")
    .replace(/^(\/r\/)[^/]+/i, "$1[code]")
    .replace(/(%2B|\+)?\d(?:[\d.-]|%20){5,}\d/gi, "[number]")
    .slice(0, 200);
}
