/**
 * Verifies Twilio's `X-Twilio-Signature` on webhooks.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 *
 * The URL signed is the one Twilio called: we rebuild it from PUBLIC_BASE_URL + path (+ query),
 * never from the Host header, so verification works behind proxies and cannot be steered by a
 * forged Host.
 */
import twilio from "twilio";

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing-signature" | "not-configured" | "invalid-signature" };

export function verifyTwilioSignature(options: {
  authToken: string | undefined;
  publicBaseUrl: string;
  request: Request;
  params: Record<string, string>;
}): SignatureCheck {
  return checkTwilioSignature({
    authToken: options.authToken,
    publicBaseUrl: options.publicBaseUrl,
    params: options.params,
    signature: options.request.headers.get("x-twilio-signature"),
    requestUrl: options.request.url,
  });
}

/** The same check from the header's value and the request URL (a plain Node request has no `Request`). */
export function checkTwilioSignature(options: {
  authToken: string | undefined;
  publicBaseUrl: string;
  signature: string | null | undefined;
  /** The URL as received: only its path and query are used. */
  requestUrl: string;
  params: Record<string, string>;
}): SignatureCheck {
  const signature = options.signature;
  if (!signature) return { ok: false, reason: "missing-signature" };
  if (!options.authToken) return { ok: false, reason: "not-configured" };
  const url = signedUrl(options.publicBaseUrl, options.requestUrl);
  // validateRequest compares in constant time (scmp) and accepts the URL with or without port.
  const valid = twilio.validateRequest(options.authToken, signature, url, options.params);
  return valid ? { ok: true } : { ok: false, reason: "invalid-signature" };
}

/** The public URL Twilio signed: our configured base URL, this request's path and query. */
export function signedUrl(publicBaseUrl: string, requestUrl: string): string {
  const { pathname, search } = new URL(requestUrl);
  return `${publicBaseUrl.replace(/\/+$/, "")}${pathname}${search}`;
}

/** Form parameters of a Twilio webhook body (application/x-www-form-urlencoded). */
export function formParams(rawBody: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) params[key] = value;
  return params;
}

/** Builds a valid signature, for tests and the dev tools that simulate Twilio. */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
