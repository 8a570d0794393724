/**
 * What a claimed row sends. Replies and SMS send what the row holds. A WhatsApp broadcast row
 * holds both the free text and the approved template: WhatsApp delivers free text only inside
 * the 24-hour customer-care window (the person wrote recently), otherwise only a template.
 * Pure: the window was read when the row was claimed.
 */
import type { ClaimedMessage } from "./outbox-row.server";

export interface MessageContent {
  body: string | null;
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
}

/**
 * Recorded as the row's `error_code` (kind `whatsapp-window-closed`) when the window is closed and
 * the row has no template: nothing was sent, so there is no provider code to keep.
 */
export const NO_TEMPLATE_CODE = "no-template";

type ContentSource = Pick<ClaimedMessage, "channel" | "body" | "contentSid" | "contentVariables" | "whatsappWindowOpen">;

/** The content to send, or null when the window is closed and there is no template. */
export function contentToSend(message: ContentSource): MessageContent | null {
  if (message.channel === "whatsapp" && message.whatsappWindowOpen !== null) {
    if (message.whatsappWindowOpen && message.body) return { body: message.body, contentSid: null, contentVariables: null };
    return templateOf(message);
  }
  return message.contentSid ? templateOf(message) : { body: message.body, contentSid: null, contentVariables: null };
}

/** The row's template, when it has one: what to send after WhatsApp refused free text (window closed). */
export function templateOf(message: ContentSource): MessageContent | null {
  return message.contentSid ? { body: null, contentSid: message.contentSid, contentVariables: message.contentVariables ?? {} } : null;
}
