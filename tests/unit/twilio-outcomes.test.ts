/**
 * Twilio's codes, statuses and HTTP answers → the outbox's named outcomes: every code in the
 * table, the fallbacks for codes not in it, and the status callbacks.
 */
import { describe, expect, it } from "vitest";
import {
  TWILIO_ERROR_CODES,
  TWILIO_MESSAGE_STATUSES,
  providerStatus,
  twilioDeliveryFailure,
  twilioSendFailure,
  twilioStatusCallback,
} from "~/messaging/transports/twilio-outcomes";
import { SIMULATED_FAILURES } from "~/messaging/transports/local-transport.server";
import { FAILURE_KINDS, failureKindOf, PROVIDER_STATUSES } from "~/outbox/send-outcome";

/** What each listed code must mean, written out again by hand so the table cannot drift unseen. */
const EXPECTED: Record<number, string> = {
  20003: "permanent-failure/configuration",
  20404: "permanent-failure/configuration",
  20429: "retryable/throttled",
  20500: "may-have-been-sent",
  20503: "may-have-been-sent",
  21211: "invalid-number",
  21408: "permanent-failure/configuration",
  21606: "permanent-failure/configuration",
  21610: "contact-stopped",
  21612: "permanent-failure/cannot-receive",
  21614: "invalid-number",
  21659: "permanent-failure/configuration",
  21660: "permanent-failure/configuration",
  21703: "permanent-failure/configuration",
  21704: "permanent-failure/configuration",
  21705: "permanent-failure/configuration",
  30003: "retryable/unreachable",
  30005: "permanent-failure/cannot-receive",
  30006: "permanent-failure/cannot-receive",
  30007: "permanent-failure/cannot-receive",
  30032: "permanent-failure/configuration",
  63003: "permanent-failure/cannot-receive",
  63007: "permanent-failure/configuration",
  63016: "whatsapp-window-closed",
  63024: "permanent-failure/cannot-receive",
};

function named(failure: { outcome: string; reason?: string; kind?: string }): string {
  const detail = "reason" in failure ? failure.reason : "kind" in failure ? failure.kind : undefined;
  return detail ? `${failure.outcome}/${detail}` : failure.outcome;
}

describe("Twilio error codes → named outcomes", () => {
  it("lists exactly the codes checked here", () => {
    expect(Object.keys(TWILIO_ERROR_CODES).map(Number).sort()).toEqual(Object.keys(EXPECTED).map(Number).sort());
  });

  it.each(Object.entries(EXPECTED).map(([code, meaning]) => ({ code: Number(code), meaning })))(
    "$code in a send answer means $meaning, and keeps the code for staff",
    ({ code, meaning }) => {
      const failure = twilioSendFailure({ httpStatus: code >= 20500 && code < 20600 ? 500 : 400, twilioCode: code });
      expect(named(failure)).toBe(meaning);
      expect(failure.diagnosticCode).toBe(String(code));
      expect(FAILURE_KINDS).toContain(failureKindOf(failure));
    },
  );

  it.each(Object.entries(EXPECTED).map(([code, meaning]) => ({ code: Number(code), meaning })))(
    "$code in a status callback means $meaning",
    ({ code, meaning }) => {
      const failure = twilioDeliveryFailure(code);
      expect(failure && named(failure)).toBe(meaning);
      expect(failure?.diagnosticCode).toBe(String(code));
    },
  );

  it.each([
    { answer: { httpStatus: 429 }, meaning: "retryable/throttled", code: "http-429" },
    { answer: { httpStatus: 401 }, meaning: "permanent-failure/configuration", code: "http-401" },
    { answer: { httpStatus: 403 }, meaning: "permanent-failure/configuration", code: "http-403" },
    { answer: { httpStatus: 500 }, meaning: "may-have-been-sent", code: "http-500" },
    { answer: { httpStatus: 503 }, meaning: "may-have-been-sent", code: "http-503" },
    { answer: { httpStatus: 502, twilioCode: 12345 }, meaning: "may-have-been-sent", code: "12345" },
    { answer: { httpStatus: 400, twilioCode: 30008 }, meaning: "retryable/carrier-error", code: "30008" },
    { answer: { httpStatus: 400, twilioCode: 21999 }, meaning: "permanent-failure/rejected", code: "21999" },
    { answer: { httpStatus: 400 }, meaning: "permanent-failure/rejected", code: "http-400" },
    { answer: { network: true as const }, meaning: "may-have-been-sent", code: "network" },
  ])("an unlisted answer $answer means $meaning", ({ answer, meaning, code }) => {
    const failure = twilioSendFailure(answer);
    expect(named(failure)).toBe(meaning);
    expect(failure.diagnosticCode).toBe(code);
  });

  it("names unlisted callback codes: carrier errors are retried, the rest rejected; no code, no failure", () => {
    expect(named(twilioDeliveryFailure(30008)!)).toBe("retryable/carrier-error");
    expect(named(twilioDeliveryFailure(40001)!)).toBe("permanent-failure/rejected");
    expect(twilioDeliveryFailure(null)).toBeNull();
  });

  it("says how long to wait only when Twilio said so (it does not, today)", () => {
    expect(twilioSendFailure({ httpStatus: 429, twilioCode: 20429 })).toMatchObject({ retryAfterMs: null });
  });
});

describe("the local transport's simulated failures", () => {
  it.each(Object.entries(SIMULATED_FAILURES))("…%s answers what Twilio's transport answers for its code", (_suffix, failure) => {
    const http = /^http-(\d{3})$/.exec(failure.diagnosticCode);
    const twilio = http
      ? twilioSendFailure({ httpStatus: Number(http[1]) })
      : twilioSendFailure({ httpStatus: 400, twilioCode: Number(failure.diagnosticCode) });
    expect(failure).toEqual(twilio);
  });
});

describe("Twilio message statuses → ours", () => {
  it("maps every documented status; inbound-only ones never apply to a send", () => {
    for (const status of TWILIO_MESSAGE_STATUSES) {
      const callback = twilioStatusCallback({ messageSid: "SM1", messageStatus: status, errorCode: null, outboxId: 1 });
      if (status === "receiving" || status === "received") expect(callback.status).toBeNull();
      else expect(PROVIDER_STATUSES).toContain(callback.status);
    }
    expect(providerStatus("partially_delivered")).toBe("delivered");
    expect(providerStatus("canceled")).toBe("failed");
    expect(providerStatus("a-status-added-later")).toBe("queued");
  });

  it("hands a callback over with its named failure", () => {
    expect(twilioStatusCallback({ messageSid: "SM1", messageStatus: "undelivered", errorCode: 21610, outboxId: null })).toEqual({
      providerMessageId: "SM1",
      status: "undelivered",
      failure: { outcome: "contact-stopped", diagnosticCode: "21610" },
      outboxId: null,
    });
  });
});
