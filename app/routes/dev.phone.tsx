/**
 * `/dev/phone`: a simulated handset for the local SMS/WhatsApp transport, so staff can try the
 * conversations without a Twilio account. Only with the local transport and never in
 * production (404 otherwise); never indexed, never cached. Script-free: the send form is a plain
 * POST answered with a redirect back to the thread (PRG), and the page refreshes itself with a
 * meta tag while a reply is waiting in the outbox for the dispatcher.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DevPhoneNote, NumberPicker, PhoneThread, SendForm } from "~/components/dev-phone/dev-phone";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  channelSchema,
  devPhoneEnabled,
  loadThread,
  MAX_BODY_CHARS,
  parseDevPhoneNumber,
  receiveDevPhoneText,
  recentNumbers,
  sendFormSchema,
  simulatedFailures,
  type Thread,
} from "~/dev-phone/dev-phone.server";
import { devPhonePath, type DevPhoneChannel } from "~/dev-phone/presets";
import { NO_STORE } from "~/http/cache-control";
import { readPostedForm } from "~/http/form-body.server";
import { hiddenRouteMeta, stylesheetMeta } from "~/http/hidden-route";
import { methodNotAllowed, notFound } from "~/http/route-errors";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import devPhoneStylesheet from "~/styles/dev-phone.css";

export const handle = STATIC_PAGE_HANDLE;

/** Public-page handle (no scripts), but personal and changing: never cached anywhere. */
export const headers: HeadersFunction = () => ({ "Cache-Control": NO_STORE });

/** Seconds between refreshes while a reply is pending (the dispatcher ticks about every second). */
const REFRESH_SECONDS = 2;

interface Selection {
  number: string;
  /** International format (`+7 916 123 45 67`), made here so no numbering metadata reaches the page's scripts. */
  display: string;
  channel: DevPhoneChannel;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!devPhoneEnabled(context.env)) notFound();
  const url = new URL(request.url);
  const channel = channelSchema.catch("sms").parse(url.searchParams.get("channel") ?? "sms");
  const rawNumber = url.searchParams.get("number")?.trim() ?? "";
  const base = { failures: simulatedFailures(), recent: await recentNumbers(context), channel, maxBody: MAX_BODY_CHARS };
  if (rawNumber === "") {
    return data({
      ...base,
      selected: null as Selection | null,
      numberInput: "",
      numberError: null as string | null,
      thread: null as Thread | null,
    });
  }
  const parsed = parseDevPhoneNumber(rawNumber);
  if (!parsed.ok) {
    return data({ ...base, selected: null, numberInput: rawNumber, numberError: parsed.reason, thread: null }, { status: 400 });
  }
  const selected: Selection = { number: parsed.e164, display: parsed.display, channel };
  // One URL per thread ("+996 555…" typed with spaces → the E.164 form), so refreshes and links agree.
  if (rawNumber !== parsed.e164 || url.searchParams.get("channel") !== channel)
    throw redirect(devPhonePath({ number: parsed.e164, channel }));
  return data({ ...base, selected, numberInput: parsed.e164, numberError: null, thread: await loadThread(context, parsed.e164, channel) });
}

type FieldErrors = Partial<Record<"number" | "channel" | "body", string>>;

export async function action({ request, context }: ActionFunctionArgs) {
  // Hidden: a post gets what a post to any unknown two-segment path gets (hidden-route.ts).
  if (!devPhoneEnabled(context.env)) methodNotAllowed();
  const form = await readPostedForm(request);
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const values = { number: field("number"), channel: field("channel"), body: field("body") };
  const parsed = sendFormSchema.safeParse(values);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      if ((name === "number" || name === "channel" || name === "body") && !errors[name]) {
        errors[name] = name === "channel" ? "Choose SMS or WhatsApp." : issue.message;
      }
    }
  }
  const number = parsed.success ? parseDevPhoneNumber(parsed.data.number) : null;
  if (number && !number.ok) errors.number = number.reason;
  if (!parsed.success || !number?.ok) return data({ errors, body: values.body }, { status: 400 });

  await receiveDevPhoneText(context, { e164: number.e164, channel: parsed.data.channel, body: parsed.data.body });
  // Post/Redirect/Get: a reload shows the thread instead of sending the text again.
  throw redirect(devPhonePath({ number: number.e164, channel: parsed.data.channel }), 303);
}

export default function DevPhone() {
  const { failures, recent, channel, maxBody, selected, numberInput, numberError, thread } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.errors ?? {};
  return (
    <>
      <h1>Dev phone</h1>
      <DevPhoneNote failures={failures} />
      {selected && thread ? (
        <>
          <PhoneThread selected={selected} messages={thread.messages} pending={thread.pending} />
          <SendForm selected={selected} maxBody={maxBody} bodyInput={actionData?.body ?? ""} errors={errors} />
        </>
      ) : null}
      <NumberPicker
        selected={selected}
        channel={channel}
        numberInput={numberInput}
        // A send without a usable number (only a hand-made request) reports here.
        numberError={numberError ?? (selected ? null : (errors.number ?? errors.body ?? errors.channel ?? null))}
        recent={recent}
      />
    </>
  );
}

/** Its stylesheet is a head tag too: in production the route's 404 must not name it (hidden-route.ts). */
export const meta: MetaFunction<typeof loader> = hiddenRouteMeta(({ data: loaderData }) => [
  { title: "Dev phone" },
  stylesheetMeta(devPhoneStylesheet),
  { name: "robots", content: "noindex, nofollow" },
  // The site-wide `Referrer-Policy: no-referrer` makes browsers send `Origin: null` with a form
  // POST, which Remix's CSRF check rejects; same-origin still sends nothing to other sites.
  { name: "referrer", content: "same-origin" },
  ...(loaderData?.thread && loaderData.thread.pending > 0 ? [{ httpEquiv: "refresh", content: String(REFRESH_SECONDS) }] : []),
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
