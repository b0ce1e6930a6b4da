import type { OutboundMessage } from "../kernel/outbound.js";
import { button, type DialogContext, message } from "./dialog-context.js";
import { key, raw } from "./types.js";

/** R2.1: the best FAQ entry with its documentation link, then "did this answer your question?". Null when nothing fits. */
export function faqAnswer(ctx: DialogContext, query: string): OutboundMessage[] | null {
  const best = ctx.faq.search(query, ctx.language, 1)[0];
  if (!best) return null;
  return [
    message(
      ctx.language,
      [raw(best.question), raw(best.answer), key("common:faq.readMore", { link: best.link }), key("common:faq.helpful")],
      [[button("faq:yes", "common:buttons.yes"), button("faq:new", "common:faq.openRequest")]],
    ),
  ];
}

/** Nothing found: the documentation and an offer to write a request from the question. */
export function noAnswer(ctx: DialogContext): OutboundMessage[] {
  return [
    message(
      ctx.language,
      [key("common:faq.noResult", { url: ctx.policy.documentationUrl })],
      [[button("faq:new", "common:faq.openRequest")], [button("menu:main", "common:buttons.menu")]],
    ),
  ];
}
