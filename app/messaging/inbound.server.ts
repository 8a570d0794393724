/**
 * One inbound SMS or WhatsApp message, from the Twilio webhook or the dev phone.
 *
 * STOP and DELETE go first and alone (conversation/stop-and-delete.server.ts): the opt-out commits in a
 * short transaction of its own before anything that could fail (content, the reply language, the
 * confirmation, the echo check), so no later fault can undo it. A STOP word of the built-in lists
 * does not even wait for the CMS keywords: the CMS can add words, never take one away.
 *
 * Every other message is handled in ONE database transaction of two statements: the first records
 * the MessageSid (a retry of a handled message stops here) and finds, locks or creates the
 * subscriber (inbound-record.server.ts); the conversation steps in memory; the second writes the
 * subscriber's changes, the reach event and the replies (step-commit.server.ts). Either all of it
 * happens or none of it. Content never fails it: without content the built-in texts answer
 * (conversation/message-content.server.ts).
 *
 * Never logged: the phone number and the text. Logged: the MessageSid, channel, intent and what
 * was done.
 */
import { clearTombstone } from "~/audience/opt-out.server";
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import { encryptPhone, phoneBlindIndex } from "~/audience/phone-crypto.server";
import { canReceiveReplies, parseAddress, type PhoneNumberFacts } from "~/audience/phone-number";
import {
  InvalidPhoneNumberError,
  findOrCreateSubscriber,
  phoneIdentityOf,
  type ConsentSource,
  type PhoneIdentity,
} from "~/audience/subscribers.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { inboundMessages } from "~/db/schema";
import type { Env } from "~/env.server";
import { todayIsoDate } from "~/http/today";
import { classifyKeyword, type ExtraKeyword } from "~/i18n/keywords";
import type { Locale } from "~/i18n/locales";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import type { EnqueueDeps } from "~/outbox/enqueue.server";
import { createConversationContent } from "./conversation/message-content.server";
import { ourSenderNumbers } from "./conversation/guards.server";
import { recordInbound } from "./conversation/inbound-record.server";
import { stepStatement, type ReplyRow } from "./conversation/step-commit.server";
import { transactionEndingWith, type Ending } from "~/db/transaction-ending-with.server";
import { languageOptions } from "./conversation/menus";
import { handleOptOut, type OptOutOutcome } from "./conversation/stop-and-delete.server";
import {
  answerHelp,
  answerMenu,
  answerMoved,
  answerUnknown,
  isMoreChoice,
  startSubscription,
  type HelpFacts,
  type StepContext,
  type StepResult,
} from "./conversation/steps.server";
import { parseMenuChoice } from "~/i18n/keyword-normalize";
import { resolveReplyTexts, type ReplyTextOverrides } from "./replies-texts";
import { smsSegmentCount } from "./sms-segments";
import { splitCodeSuffix, splitJoinReferral } from "~/volunteers/join-referral";
import { creditSubscription } from "~/volunteers/subscription-credit.server";

export interface InboundDeps {
  db: Database;
  content: ContentSource;
  env: Pick<Env, "TWILIO_SENDERS" | "TWILIO_WHATSAPP_SENDER">;
  logger: Logger;
  keyring: PhoneKeyring;
  senderFor: (to: string, channel: "sms" | "whatsapp") => string;
  now?: () => Date;
  /** CMS overrides of the built-in reply texts, per locale (the Studio's `keyword` documents). */
  replyTextOverrides?: (locale: Locale) => ReplyTextOverrides | null;
}

export interface InboundMessage {
  messageSid: string;
  /** As the provider sent it: "+996…" or "whatsapp:+996…". */
  from: string;
  to: string;
  /** Storable text (see storableText): the boundary that received it has cleaned it. */
  body: string;
  receivedAt: Date;
  /** The dev phone page (local transport) rather than Twilio: recorded as the consent source. */
  via?: "twilio" | "dev-phone";
  /**
   * Twilio's `OptOutType` (Messaging Service with Advanced Opt-Out): Twilio recognised the
   * keyword and has answered a STOP itself, and blocks our messages to the number from now on.
   */
  providerOptOut?: "STOP" | "START" | "HELP";
}

export type InboundIntent = "stop" | "delete" | "join" | "help" | "moved" | "menu" | "text";
/**
 * Why a message got no reply. `not-mobile`: an SMS from a number that cannot read one (a landline,
 * a toll-free line); its STOP and DELETE still take effect.
 */
export type Suppression = "invalid-sender" | "automated-sender" | "loop-guard" | "opted-out" | "not-mobile";

export type InboundOutcome =
  | { duplicate: true }
  | {
      duplicate: false;
      intent: InboundIntent | "ignored";
      replyIds: number[];
      suppressed?: Suppression;
      /**
       * Set when hotlines were given (HELP, or the answer to "Where are you now?"): the place and
       * nationality they were chosen for, the dimensions of the `help_requested` reach event.
       */
      help?: HelpFacts;
    };

interface Classified {
  intent: InboundIntent;
  locale?: Locale;
  campaign?: string;
  /** A volunteer's code after the join keyword ("JOIN K7QX2MAB"): credited if the number is new. */
  referralCode?: string;
}

type MessagingContent = Awaited<ReturnType<typeof loadMessagingContent>>;

export async function handleInbound(deps: InboundDeps, message: InboundMessage): Promise<InboundOutcome> {
  const now = deps.now?.() ?? new Date();
  const log = deps.logger.child({ module: "inbound", messageSid: message.messageSid });
  const address = parseAddress(message.from);
  const phone = address ? senderIdentity(deps.keyring, address) : null;
  if (!address || !phone) return recordUnanswerable(deps, message, log, "invalid-sender");
  // Our own number (a forwarding loop, a misconfigured sender): never a subscriber, never answered.
  if (isOwnNumber(deps, message, address.e164)) return recordUnanswerable(deps, message, log, "automated-sender");
  const { channel, e164 } = address;
  const numberCountry = address.country;
  // Only numbers that can read our answer become subscribers or get one; their STOP still counts.
  const replyable = canReceiveReplies(address, channel);
  const stepContext = (cms: MessagingContent): StepContext => ({
    content: createConversationContent(deps.content, todayIsoDate(now)),
    texts: (locale) => resolveReplyTexts(locale, deps.replyTextOverrides?.(locale) ?? cms.replies[locale]),
    numberCountry,
    numberIsoCountry: address.isoCountry,
  });
  const optOut = (intent: "stop" | "delete", keywordLocale: Locale | undefined, context: () => Promise<StepContext>) =>
    handleOptOut(
      {
        db: deps.db,
        enqueueDeps: { keyring: deps.keyring, senderFor: deps.senderFor, segmentsOf: smsSegmentCount },
        logger: log,
        numberCountry,
        stepContext: context,
        now,
      },
      {
        intent,
        messageSid: message.messageSid,
        channel,
        phone,
        body: message.body,
        receivedAt: message.receivedAt,
        providerAnswered: message.providerOptOut === "STOP",
        replyable,
        ...(keywordLocale ? { keywordLocale } : {}),
      },
    );

  // A STOP word of the built-in lists is a STOP whatever the CMS adds: opted out before the CMS is asked.
  const builtIn = classifyKeyword(message.body);
  if (builtIn?.intent === "stop") {
    const outcome = await optOut("stop", builtIn.locale, async () => stepContext(await loadMessagingContent(deps.content, log)));
    return logged(log, channel, "stop", fromOptOut(outcome, "stop"));
  }

  const cms = await loadMessagingContent(deps.content, log);
  const ctx = stepContext(cms);
  // Outside the transaction: what the message is, and the content it will probably need.
  const classified = await classify(ctx, message.body, message.providerOptOut, cms.keywords);
  if (classified.intent === "stop" || classified.intent === "delete") {
    const outcome = await optOut(classified.intent, classified.locale, async () => ctx);
    return logged(log, channel, classified.intent, fromOptOut(outcome, classified.intent), ctx);
  }
  await ctx.content.prefetch({
    locales: [
      ...new Set<Locale>([...languageOptions(ctx.numberCountry, ctx.numberIsoCountry), ...(classified.locale ? [classified.locale] : [])]),
    ],
    campaignKeywords: false,
  });

  // The number's encryption, made once (the new subscriber row's and the replies'); none for a
  // number we cannot answer, which never becomes a subscriber.
  const ciphertext = replyable ? encryptPhone(deps.keyring, e164) : undefined;
  // The transaction ends with the step's statement, its COMMIT in the same write on PostgreSQL.
  const outcome = await transactionEndingWith(deps.db, async (tx): Promise<Ending<InboundOutcome, ReplyRow>> => {
    const record = await recordInbound(tx, {
      messageSid: message.messageSid,
      channel,
      phoneIndex: phone.phoneIndex,
      intent: classified.intent,
      receivedAt: message.receivedAt,
      body: message.body,
      now,
      // A number we cannot answer is never recorded as a subscriber.
      create: ciphertext ? { phoneCiphertext: ciphertext, country: ctx.numberCountry, join: classified.intent === "join" } : undefined,
    });
    if (record.duplicate) return { value: { duplicate: true } };

    const outcomeOf = (replyIds: number[], suppressed?: Suppression, help?: HelpFacts): InboundOutcome => ({
      duplicate: false,
      intent: classified.intent,
      replyIds,
      ...(suppressed ? { suppressed } : {}),
      ...(help ? { help } : {}),
    });
    const done = (replyIds: number[], suppressed?: Suppression) => ({ value: outcomeOf(replyIds, suppressed) });
    if (record.echo) return done([], "automated-sender");
    const { subscriber, looping: silent } = record;
    // Erased earlier: a tombstone and no row but the one a join keyword just created.
    const erased = record.tombstoned && (!subscriber || record.created);
    const enqueueDeps: EnqueueDeps = { keyring: deps.keyring, senderFor: deps.senderFor, segmentsOf: smsSegmentCount };

    if (!replyable) return done([], "not-mobile");

    // Nothing but an explicit join keyword reaches a number that opted out or was erased.
    const optedOut = erased || subscriber?.status === "opted_out";
    if (optedOut && classified.intent !== "join") return done([], "opted-out");
    if (silent) return done([], "loop-guard");

    if (erased) await clearTombstone(tx, phone.phoneIndex);
    // No row yet only when another transaction created it after this one's snapshot.
    const { subscriber: current } = subscriber
      ? { subscriber }
      : await findOrCreateSubscriber(tx, deps.keyring, { phone, channel, country: ctx.numberCountry, now: message.receivedAt });

    let step: StepResult;
    if (classified.intent === "join") {
      const joined = await startSubscription(ctx, current, { locale: classified.locale, campaign: classified.campaign });
      step = { ...joined, update: { ...joined.update, consent: { at: now, source: consentSource(message, channel) } } };
    } else if (classified.intent === "help") {
      step = await answerHelp(ctx, current, classified.locale);
    } else if (classified.intent === "moved") {
      step = await answerMoved(ctx, current, classified.locale);
    } else if (current.conversation) {
      step = await answerMenu(ctx, current, current.conversation, message.body);
    } else {
      step = await answerUnknown(ctx, current);
    }

    // The step's writes in one statement (step-commit.server.ts). Reach events: a join that makes
    // the number active, and help given, counted once, where the help was given for: a HELP
    // that first asks where the person is counts with the answer (its place just written),
    // under that place, not the SIM's country.
    const subscribes = classified.intent === "join" && current.status !== "active";
    const helped = step.help || (classified.intent === "help" && step.update.conversation?.step !== "choose-place");
    // A volunteer's code counts only for a number this very message made a subscriber: never a
    // resubscribe (known, opted-out or erased number). In this transaction: no subscription, no count.
    if (subscribes && classified.referralCode && record.created && !record.tombstoned) {
      await creditSubscription(tx, {
        referralCode: classified.referralCode,
        campaign: classified.campaign,
        country: ctx.numberCountry,
        now,
      });
    }
    const statement = stepStatement(enqueueDeps, {
      subscriberId: current.id,
      update: step.update,
      event: subscribes ? "subscribed" : helped ? "help_requested" : null,
      replies: { to: e164, ciphertext, channel, bodies: step.replies, now },
    });
    return { last: statement.last, read: (rows) => outcomeOf(statement.read(rows), undefined, step.help) };
  });
  return logged(log, channel, classified.intent, outcome, ctx);
}

/** An opt-out's outcome as an inbound outcome: the loop guard and the echo are suppressions. */
function fromOptOut(outcome: OptOutOutcome, intent: "stop" | "delete"): InboundOutcome {
  if (outcome.duplicate) return { duplicate: true };
  const suppressed: Suppression | undefined =
    outcome.silence === "loop-guard"
      ? "loop-guard"
      : outcome.silence === "automated-sender"
        ? "automated-sender"
        : outcome.silence === "cannot-read-replies"
          ? "not-mobile"
          : undefined;
  return {
    duplicate: false,
    intent,
    replyIds: outcome.confirmationId === null ? [] : [outcome.confirmationId],
    ...(suppressed ? { suppressed } : {}),
  };
}

/** The one log line of a handled message: what was done, never the number or the text. */
function logged(
  log: Logger,
  channel: "sms" | "whatsapp",
  intent: InboundIntent,
  outcome: InboundOutcome,
  ctx?: StepContext,
): InboundOutcome {
  if (outcome.duplicate) {
    log.info("inbound message: duplicate delivery ignored");
    return outcome;
  }
  const degraded = ctx?.content.unavailable() ? { contentUnavailable: true } : {};
  log.info({ channel, intent, replies: outcome.replyIds.length, suppressed: outcome.suppressed, ...degraded }, "inbound message handled");
  return outcome;
}

/**
 * What the text asks for. Keywords first (STOP in any locale wins over everything); then a
 * campaign's own keyword (e.g. SAFE) counts as joining; a number answers a menu; anything else
 * is free text. Twilio's own recognition of STOP (OptOutType) is trusted as well.
 */
async function classify(
  ctx: StepContext,
  body: string,
  providerOptOut: InboundMessage["providerOptOut"],
  extraKeywords: readonly ExtraKeyword[],
): Promise<Classified> {
  // A join keyword with a volunteer's code ("JOIN K7QX2MAB"): a join, the code credited if the number is new.
  const withCode = splitJoinReferral(body, extraKeywords);
  if (withCode) {
    const { match, referralCode } = withCode;
    return {
      intent: "join",
      referralCode,
      ...(match.locale ? { locale: match.locale } : {}),
      ...(match.campaign ? { campaign: match.campaign } : {}),
    };
  }
  const keyword = classifyKeyword(body, extraKeywords);
  if (keyword) {
    return {
      intent: keyword.intent,
      ...(keyword.locale ? { locale: keyword.locale } : {}),
      ...(keyword.campaign ? { campaign: keyword.campaign } : {}),
    };
  }
  if (providerOptOut === "STOP") return { intent: "stop" };
  if (parseMenuChoice(body) !== null || isMoreChoice(body)) return { intent: "menu" };
  const campaign = await ctx.content.campaignForKeyword(body, ctx.numberCountry);
  if (campaign) return { intent: "join", campaign };
  // A campaign's own word with a volunteer's code ("SAFE K7QX2MAB"), as the volunteer's poster prints it.
  const suffix = splitCodeSuffix(body);
  const coded = suffix ? await ctx.content.campaignForKeyword(suffix.rest, ctx.numberCountry) : null;
  return coded && suffix ? { intent: "join", campaign: coded, referralCode: suffix.code } : { intent: "text" };
}

/**
 * Keywords and reply texts from the Studio. The CMS can only add to the built-in keywords, and a
 * content outage must never stop a STOP from working: on failure the built-in lists and texts
 * are used.
 */
async function loadMessagingContent(
  content: ContentSource,
  log: Logger,
): Promise<{ keywords: ExtraKeyword[]; replies: Partial<Record<Locale, ReplyTextOverrides>> }> {
  try {
    const [keywords, replies] = await Promise.all([content.smsKeywords(), content.smsReplyOverrides()]);
    return { keywords, replies };
  } catch (error) {
    log.warn({ error: errorFacts(error) }, "CMS keywords unavailable: using built-in keywords and texts");
    return { keywords: [], replies: {} };
  }
}

/** A reply to our own number (or to the number it was sent to) would talk to ourselves. */
function isOwnNumber(deps: InboundDeps, message: InboundMessage, e164: string): boolean {
  return e164 === ourNumber(message.to) || ourSenderNumbers(deps.env).has(e164);
}

/**
 * The number a message was sent to, in E.164: one of ours, so few distinct values, each parsed
 * once. The memo is bounded all the same (a misconfigured provider could send anything).
 */
const ourNumbers = new Map<string, string | null>();
function ourNumber(to: string): string | null {
  let e164 = ourNumbers.get(to);
  if (e164 === undefined) {
    if (ourNumbers.size >= 64) ourNumbers.clear();
    e164 = parseAddress(to)?.e164 ?? null;
    ourNumbers.set(to, e164);
  }
  return e164;
}

/** The sender's number and blind index, or null when it is not a number we could answer. */
function senderIdentity(keyring: PhoneKeyring, address: PhoneNumberFacts): PhoneIdentity | null {
  try {
    return phoneIdentityOf(keyring, address);
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return null;
    throw error;
  }
}

function consentSource(message: InboundMessage, channel: "sms" | "whatsapp"): ConsentSource {
  if (message.via === "dev-phone") return "dev-phone";
  return channel === "whatsapp" ? "whatsapp-keyword" : "sms-keyword";
}

/**
 * A sender we must not answer: not a phone number (an alphanumeric sender id, a short code) or
 * our own number. The MessageSid is recorded (retries stay duplicates) under a keyed hash of the
 * raw address; no subscriber row is made.
 */
async function recordUnanswerable(
  deps: InboundDeps,
  message: InboundMessage,
  log: Logger,
  reason: Extract<Suppression, "invalid-sender" | "automated-sender">,
): Promise<InboundOutcome> {
  const channel = message.from.toLowerCase().startsWith("whatsapp:") ? "whatsapp" : "sms";
  const recorded = await deps.db
    .insert(inboundMessages)
    .values({
      messageSid: message.messageSid,
      channel,
      phoneIndex: phoneBlindIndex(deps.keyring, `sender:${message.from}`),
      intent: "ignored",
      receivedAt: message.receivedAt,
    })
    .onConflictDoNothing({ target: inboundMessages.messageSid })
    .returning({ sid: inboundMessages.messageSid });
  if (recorded.length === 0) return { duplicate: true };
  log.warn({ channel, suppressed: reason }, "inbound message not answered");
  return { duplicate: false, intent: "ignored", replyIds: [], suppressed: reason };
}
