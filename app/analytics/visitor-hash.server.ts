/**
 * A visitor's daily hash: sha-256 of the day's salt, the IP address, the user agent and the site,
 * as Plausible counts unique visitors without cookies. The address and the user agent are only
 * inputs here: neither is stored, logged, or kept past the request.
 */
import { createHash } from "node:crypto";

export function visitorHash(input: { salt: string; ip: string; userAgent: string; site: string }): string {
  return createHash("sha256")
    .update(input.salt)
    .update("\u0000")
    .update(input.ip)
    .update("\u0000")
    .update(input.userAgent)
    .update("\u0000")
    .update(input.site)
    .digest("hex");
}
