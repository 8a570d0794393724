/**
 * What the dispatcher sends for a claimed row (message-content.ts): replies and SMS send what
 * the row holds; a WhatsApp broadcast row sends its free text inside the customer-care window
 * and its template outside it, or nothing when it has no template.
 */
import { describe, expect, it } from "vitest";
import { contentToSend, templateOf } from "~/outbox/message-content";

type Row = Parameters<typeof contentToSend>[0];

const BODY = "Hotline: 0800 000 000";
const SID = `HX${"d".repeat(32)}`;
const VARIABLES = { "1": "Bishkek" };

const smsReply: Row = { channel: "sms", body: BODY, contentSid: null, contentVariables: null, whatsappWindowOpen: null };
const whatsappTemplateReply: Row = {
  channel: "whatsapp",
  body: null,
  contentSid: SID,
  contentVariables: VARIABLES,
  whatsappWindowOpen: null,
};
const whatsappBroadcast = (whatsappWindowOpen: boolean, template = true): Row => ({
  channel: "whatsapp",
  body: BODY,
  contentSid: template ? SID : null,
  contentVariables: template ? VARIABLES : null,
  whatsappWindowOpen,
});

const freeText = { body: BODY, contentSid: null, contentVariables: null };
const template = { body: null, contentSid: SID, contentVariables: VARIABLES };

describe("contentToSend", () => {
  it("an SMS reply sends its body", () => {
    expect(contentToSend(smsReply)).toEqual(freeText);
  });

  it("an SMS broadcast row sends its body", () => {
    expect(contentToSend({ ...smsReply, whatsappWindowOpen: null })).toEqual(freeText);
  });

  it("a reply holding a template sends the template", () => {
    expect(contentToSend(whatsappTemplateReply)).toEqual(template);
  });

  it("a WhatsApp reply with free text sends it (the person just wrote: the window is not checked)", () => {
    expect(contentToSend({ ...smsReply, channel: "whatsapp" })).toEqual(freeText);
  });

  it("a WhatsApp broadcast inside the window sends the free text, not the template", () => {
    expect(contentToSend(whatsappBroadcast(true))).toEqual(freeText);
  });

  it("a WhatsApp broadcast outside the window sends the template, without the body", () => {
    expect(contentToSend(whatsappBroadcast(false))).toEqual(template);
  });

  it("a WhatsApp broadcast outside the window without a template sends nothing", () => {
    expect(contentToSend(whatsappBroadcast(false, false))).toBeNull();
  });

  it("a WhatsApp broadcast inside the window without a template sends the free text", () => {
    expect(contentToSend(whatsappBroadcast(true, false))).toEqual(freeText);
  });

  it("a WhatsApp broadcast inside the window but without free text falls back to the template", () => {
    expect(contentToSend({ ...whatsappBroadcast(true), body: null })).toEqual(template);
  });
});

describe("templateOf", () => {
  it("is the row's template, with its variables", () => {
    expect(templateOf(whatsappBroadcast(true))).toEqual(template);
  });

  it("sends empty variables for a template without any", () => {
    expect(templateOf({ ...whatsappTemplateReply, contentVariables: null })).toEqual({ body: null, contentSid: SID, contentVariables: {} });
  });

  it("is null for a row without a template", () => {
    expect(templateOf(smsReply)).toBeNull();
    expect(templateOf(whatsappBroadcast(false, false))).toBeNull();
  });
});
