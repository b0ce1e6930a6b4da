import type { Language } from "../kernel/language.js";
import type { OutboundMessage } from "../kernel/outbound.js";
import { button, type DialogContext, message } from "./dialog-context.js";
import { key, raw } from "./types.js";

/** The welcome, the main menu, the guides (R1.7) and the language choice. */

export function mainMenu(language: Language): OutboundMessage {
  return message(
    language,
    [key("conversation:menu.prompt")],
    [
      [button("menu:new", "conversation:menu.new")],
      [button("menu:faq", "conversation:menu.faq"), button("menu:hours", "conversation:menu.hours")],
      [button("menu:status", "conversation:menu.status"), button("menu:help", "conversation:menu.help")],
      [button("menu:lang", "conversation:menu.language")],
    ],
  );
}

export function welcome(ctx: DialogContext): OutboundMessage[] {
  const name = (ctx.inbound.user.displayName ?? ctx.customer.name ?? "").trim();
  const company = ctx.policy.company.name[ctx.language];
  // A web visitor has no name until they give one: greet without it rather than "Hello !".
  const greeting = name ? key("conversation:welcome", { name, company }) : key("conversation:welcomeAnonymous", { company });
  return [message(ctx.language, [greeting]), mainMenu(ctx.language)];
}

export function helpMenu(language: Language): OutboundMessage {
  return message(
    language,
    [key("conversation:help.prompt")],
    [
      [button("help:terms", "conversation:help.terms")],
      [button("help:send", "conversation:help.send")],
      [button("help:respond", "conversation:help.respond")],
    ],
  );
}

const guides = { terms: "terms", send: "howToSend", respond: "howToRespond" } as const;

/** R1.7: the policy's own guide texts, in the customer's language. */
export function guide(ctx: DialogContext, topic: string): OutboundMessage[] | null {
  const field = guides[topic as keyof typeof guides];
  if (!field) return null;
  return [message(ctx.language, [raw(ctx.help[field][ctx.language])]), mainMenu(ctx.language)];
}

export function languageMenu(language: Language): OutboundMessage {
  return message(
    language,
    [key("common:language.choose")],
    [[button("lang:vi", "conversation:language.vi"), button("lang:en", "conversation:language.en")]],
  );
}
