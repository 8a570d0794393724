/**
 * The dev phone's parts: the note on what it is, the number picker, the message thread and the
 * send form. Plain HTML forms and links only: the page works without JavaScript, and refreshes
 * itself with a meta tag while a reply is on its way. Staff-only, so English only.
 */
import { Form } from "@remix-run/react";
import { countryName } from "~/i18n/locales";
import { DEV_PHONE_PRESETS, devPhonePath, type DevPhoneChannel } from "~/dev-phone/presets";

const CHANNEL_LABELS: Record<DevPhoneChannel, string> = { sms: "SMS", whatsapp: "WhatsApp" };

export function DevPhoneNote({ failures }: { failures: ReadonlyArray<{ suffix: string; code: string }> }) {
  return (
    <div className="notice" data-notice="dev-phone">
      <p>
        <strong>Development only.</strong> Messages never leave this machine: replies are written to the database and shown here.
      </p>
      <p>
        Numbers ending{" "}
        {failures.map((failure, position) => (
          <span key={failure.suffix}>
            {position > 0 ? ", " : null}
            <span className="tel">{failure.suffix}</span> ({failure.code})
          </span>
        ))}{" "}
        simulate Twilio errors.
      </p>
    </div>
  );
}

export function NumberPicker(props: {
  selected: { number: string; channel: DevPhoneChannel } | null;
  channel: DevPhoneChannel;
  numberInput: string;
  numberError: string | null;
  /** `display`: the number in international format, made by the loader. */
  recent: ReadonlyArray<{ number: string; display: string; channel: DevPhoneChannel }>;
}) {
  const { selected, channel, numberInput, numberError, recent } = props;
  return (
    <section aria-labelledby="dev-phone-pick">
      <h2 id="dev-phone-pick">Choose a number</h2>
      <ul className="dev-phone-presets">
        {DEV_PHONE_PRESETS.map((preset) => {
          const current = selected?.number === preset.number;
          return (
            <li key={preset.number}>
              <a
                className="button button-secondary"
                href={devPhonePath({ number: preset.number, channel })}
                aria-current={current ? "page" : undefined}
              >
                {countryName(preset.country, "en")}
                {preset.line ? ` (${preset.line})` : null} <span className="tel">{preset.display}</span>
              </a>
            </li>
          );
        })}
      </ul>
      {recent.length > 0 ? (
        <>
          <h3>Used recently</h3>
          <ul className="jump">
            {recent.map((entry) => (
              <li key={`${entry.number}-${entry.channel}`}>
                <a className="tap" href={devPhonePath(entry)}>
                  <span className="tel">{entry.display}</span>&nbsp;({CHANNEL_LABELS[entry.channel]})
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Form method="get" action="/dev/phone" className="dev-phone-form">
        <div className="dev-phone-field">
          <label htmlFor="dev-phone-number">Or type any number</label>
          <input
            id="dev-phone-number"
            name="number"
            type="text"
            inputMode="tel"
            autoComplete="off"
            dir="ltr"
            defaultValue={numberInput}
            aria-invalid={numberError ? true : undefined}
            aria-describedby={numberError ? "dev-phone-number-error" : undefined}
          />
          {numberError ? (
            <p id="dev-phone-number-error" className="dev-phone-error">
              {numberError}
            </p>
          ) : null}
        </div>
        <div className="dev-phone-field">
          <label htmlFor="dev-phone-channel">Channel</label>
          <select id="dev-phone-channel" name="channel" defaultValue={channel}>
            <option value="sms">SMS</option>
            <option value="whatsapp">WhatsApp</option>
          </select>
        </div>
        <button type="submit" className="button">
          Open
        </button>
      </Form>
    </section>
  );
}

export interface ThreadMessageView {
  key: string;
  direction: "inbound" | "outbound";
  body: string;
  at: string;
  status: string;
  errorCode: string | null;
}

function statusText(message: ThreadMessageView): string {
  return message.errorCode ? `${message.status} (error ${message.errorCode})` : message.status;
}

export function PhoneThread(props: {
  /** `display`: the number in international format, made by the loader. */
  selected: { number: string; display: string; channel: DevPhoneChannel };
  messages: readonly ThreadMessageView[];
  pending: number;
}) {
  const { selected, messages, pending } = props;
  const otherChannel: DevPhoneChannel = selected.channel === "sms" ? "whatsapp" : "sms";
  return (
    <section aria-labelledby="dev-phone-thread" className="dev-phone">
      <h2 id="dev-phone-thread">
        <span className="tel">{selected.display}</span> · {CHANNEL_LABELS[selected.channel]}
      </h2>
      <p>
        <a className="tap" href={devPhonePath({ number: selected.number, channel: otherChannel })}>
          Switch to {CHANNEL_LABELS[otherChannel]}
        </a>
      </p>
      {messages.length === 0 ? (
        <p className="dev-phone-empty">No messages yet. Try JOIN, HELP or STOP.</p>
      ) : (
        <ol className="dev-thread">
          {messages.map((message) => (
            <li key={message.key} className={`dev-bubble dev-bubble-${message.direction}`} data-direction={message.direction}>
              <span className="visually-hidden">{message.direction === "inbound" ? "You sent:" : "Reply:"}</span>
              <p dir="auto" className="dev-bubble-body">
                {message.body}
              </p>
              <p className="dev-bubble-meta">
                <time dateTime={message.at}>{message.at.slice(11, 19)} UTC</time> ·{" "}
                <span className="dev-bubble-status">{statusText(message)}</span>
              </p>
            </li>
          ))}
        </ol>
      )}
      {pending > 0 ? (
        <p role="status" className="dev-phone-waiting" data-waiting>
          Waiting for the reply…
        </p>
      ) : null}
    </section>
  );
}

export function SendForm(props: {
  selected: { number: string; channel: DevPhoneChannel };
  maxBody: number;
  bodyInput: string;
  errors: Partial<Record<"number" | "channel" | "body", string>>;
}) {
  const { selected, maxBody, bodyInput, errors } = props;
  const formError = errors.number ?? errors.channel;
  return (
    <Form method="post" className="dev-phone-form dev-phone-send">
      <input type="hidden" name="number" value={selected.number} />
      <input type="hidden" name="channel" value={selected.channel} />
      {formError ? <p className="dev-phone-error">{formError}</p> : null}
      <div className="dev-phone-field">
        <label htmlFor="dev-phone-body">Message</label>
        <textarea
          id="dev-phone-body"
          name="body"
          rows={2}
          maxLength={maxBody}
          dir="auto"
          defaultValue={bodyInput}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? "dev-phone-body-error" : undefined}
        />
        {errors.body ? (
          <p id="dev-phone-body-error" className="dev-phone-error">
            {errors.body}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        Send
      </button>
    </Form>
  );
}
