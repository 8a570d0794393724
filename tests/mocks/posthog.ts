/**
 * msw handlers for PostHog's batch endpoint, answering from a small fake that keeps what it
 * received (gunzipped) and can be told to fail for a while.
 *   POST {host}/batch/  body `{ api_key, batch: [{ event, distinct_id, properties, uuid, timestamp }], sent_at }`
 * Per test: `posthogFake.reset()`, `posthogFake.failNext(n, status)`, `posthogFake.batches`.
 * Answers 200 with no body (a JSON body makes posthog-node's shutdown wait on msw's stream).
 */
import { gunzipSync } from "node:zlib";
import { http, HttpResponse, type HttpHandler } from "msw";

export const FAKE_POSTHOG_HOST = "https://posthog.test";

export interface PostHogBatchEvent {
  event: string;
  distinct_id: string;
  uuid?: string;
  timestamp?: string;
  properties: Record<string, unknown>;
}

export interface PostHogBatch {
  api_key: string;
  batch: PostHogBatchEvent[];
  /** Request headers worth checking (no client address reaches PostHog from us). */
  headers: Record<string, string>;
}

class FakePostHog {
  batches: PostHogBatch[] = [];
  attempts = 0;
  private failures: number[] = [];

  reset(): void {
    this.batches = [];
    this.attempts = 0;
    this.failures = [];
  }

  /** The next `count` requests answer `status` (and are not kept). */
  failNext(count: number, status = 500): void {
    this.failures.push(...Array.from({ length: count }, () => status));
  }

  get events(): PostHogBatchEvent[] {
    return this.batches.flatMap((batch) => batch.batch);
  }

  async handle(request: Request): Promise<Response> {
    this.attempts += 1;
    const failure = this.failures.shift();
    if (failure !== undefined) return new HttpResponse(null, { status: failure });
    const raw = Buffer.from(await request.arrayBuffer());
    const text = request.headers.get("content-encoding") === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
    const body = JSON.parse(text) as Omit<PostHogBatch, "headers">;
    this.batches.push({ ...body, headers: Object.fromEntries(request.headers.entries()) });
    return new HttpResponse(null, { status: 200 });
  }
}

export const posthogFake = new FakePostHog();

export const posthogHandlers: HttpHandler[] = [http.post(`${FAKE_POSTHOG_HOST}/batch/`, ({ request }) => posthogFake.handle(request))];
