/**
 * The twilio SDK's HTTP client, pointed at another origin. Only benchmarks and tests use it, to
 * talk to a local fake Twilio (tests/fixtures/fake-twilio-server.ts) over real HTTP; production
 * never sets an origin, so requests go to https://api.twilio.com as the SDK builds them.
 * The origin comes from the transport's constructor (in-process tests) or TWILIO_API_BASE_URL
 * (worker processes of the fault suite), which app/env.server.ts refuses when NODE_ENV=production:
 * configuration must never be able to send message bodies and phone numbers somewhere else in
 * production (decision 013).
 */
import http from "node:http";
import twilio from "twilio";

/** Every Twilio REST host the SDK may build (api.twilio.com, regional and edge variants). */
const TWILIO_ORIGIN = /^https:\/\/(?:[a-z0-9-]+\.)*twilio\.com(?=\/|$)/i;

type RequestOptions<TData> = Parameters<twilio.RequestClient["request"]>[0] & { data?: TData };

export class RedirectedTwilioHttpClient extends twilio.RequestClient {
  readonly origin: string;

  constructor(origin: string, options: { timeoutMs: number; maxSockets?: number }) {
    super({ timeout: options.timeoutMs, keepAlive: true });
    const parsed = new URL(origin);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new TypeError("origin must be http(s)");
    this.origin = parsed.origin;
    // The SDK only configures an https agent; a plain-http fake needs its own keep-alive pool,
    // or every request pays a TCP handshake and the benchmark measures that instead.
    this.axios.defaults.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.origin) });
  }
}
