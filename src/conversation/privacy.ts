import type { OutboundMessage } from "../kernel/outbound.js";
import type { Confirmed } from "../tickets/index.js";
import { button, type DialogContext, message } from "./dialog-context.js";
import { cancelRow } from "./intake-form.js";
import { mainMenu } from "./menu.js";
import { type DialogState, initialState, key, raw, type StepResult } from "./types.js";

/**
 * The customer's rights over their personal data (Decree 13/2023), the same on every channel: the
 * notice at first contact, `/dulieu` (or "xem dữ liệu của tôi", "xóa dữ liệu") for a copy or a
 * deletion, confirmed by a one-time code sent over this chat or to the email on file.
 */

/** The one short message of the first contact: what is kept, why, how long, and the full notice. */
export function privacyNotice(ctx: DialogContext): OutboundMessage {
  const notice = message(ctx.language, [raw(ctx.policy.privacy.notice[ctx.language])]);
  return ctx.privacyLink
    ? { ...notice, links: [{ url: ctx.privacyLink(ctx.language), label: key("conversation:privacy.noticeLink") }] }
    : notice;
}

export function privacyMenu(ctx: DialogContext, hasEmail: boolean): OutboundMessage {
  const viaEmail = hasEmail ? [[button("priv:export:email", "conversation:privacy.exportByEmail")]] : [];
  return message(
    ctx.language,
    [key("conversation:privacy.menu", { days: ctx.policy.privacy.requestDays })],
    [
      [button("priv:export", "conversation:privacy.export")],
      ...viaEmail,
      [button("priv:erase", "conversation:privacy.erase")],
      [button("menu:main", "conversation:privacy.back")],
    ],
  );
}

/** A copy or a deletion asked: a code goes to this chat (or the email on file), the customer types it here. */
export async function askPrivacyCode(ctx: DialogContext, kind: string, via: string): Promise<OutboundMessage[]> {
  if (kind !== "export" && kind !== "erase") return [mainMenu(ctx.language)];
  const sent = await ctx.tickets.requestPrivacyCode({
    customerId: ctx.customer.id,
    kind,
    channel: ctx.inbound.channel,
    chatId: ctx.inbound.chatId,
    via: via === "email" ? "email" : "channel",
    requestedBy: `customer:${ctx.customer.id}`,
    language: ctx.language,
  });
  if (!sent.ok) return [message(ctx.language, [key(`conversation:privacy.refused.${sent.code}`)]), mainMenu(ctx.language)];
  const warning = kind === "erase" ? [key("conversation:privacy.eraseWarning")] : [];
  return [
    message(
      ctx.language,
      [...warning, key(`conversation:privacy.codeSent.${sent.value.via}`, { minutes: ctx.policy.privacy.code.ttlMinutes })],
      [cancelRow()],
    ),
  ];
}

/** Six digits typed while a request waits for its code. */
export async function confirmCode(ctx: DialogContext, state: DialogState, code: string): Promise<StepResult> {
  const confirmed = await ctx.tickets.confirmPrivacyCode({ customerId: ctx.customer.id, code });
  if (!confirmed.ok) {
    const retry = confirmed.code === "wrong" ? [cancelRow()] : undefined;
    return { state, messages: [message(ctx.language, [key(`conversation:privacy.code.${confirmed.code}`)], retry)] };
  }
  return answerConfirmed(ctx, state, confirmed.value);
}

function answerConfirmed(ctx: DialogContext, state: DialogState, done: Confirmed): StepResult {
  switch (done.kind) {
    case "export": {
      const files = done.files.map((f) => (ctx.fileLink ? { ...f, url: ctx.fileLink(f) } : f));
      const ready = message(ctx.language, [
        key("conversation:privacy.exportReady", { tickets: done.data.tickets.length, days: ctx.policy.privacy.exportDays }),
      ]);
      return { state, messages: [{ ...ready, ...(files.length > 0 ? { attachments: files } : {}) }] };
    }
    case "erase":
      // Nothing of the dialog is kept either: the chat starts over, the notice already given.
      return {
        state: { ...initialState(), noticed: true },
        messages: [message(ctx.language, [key("conversation:privacy.erased", { tickets: done.tickets })])],
      };
    case "verify":
      return { state, messages: [message(ctx.language, [key("conversation:privacy.verified")])] };
  }
}
