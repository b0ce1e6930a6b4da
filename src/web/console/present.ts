import type { Language } from "../../kernel/language.js";
import { departmentName } from "../../policy/names.js";
import type { TicketView } from "../../tickets/index.js";
import type { WebContext } from "../context.js";
import { fileLinkExpiry, signedFilePath } from "../file-links.js";
import { publicBase, signedTicketId } from "../ticket-links.js";

/** How the console shows what the ticket service reads: department names in the reader's language, links of our own. */

export const withDepartment =
  (ctx: WebContext, language: Language) =>
  <T extends { departmentId: string }>(row: T) => ({ ...row, department: departmentName(ctx.policy, row.departmentId, language) });

export function ticketDetail(ctx: WebContext, view: TicketView, language: Language) {
  const named = withDepartment(ctx, language);
  const { accessToken, ...ticket } = view.ticket;
  const expiry = fileLinkExpiry(ctx.clock.now());
  return {
    ...view,
    ticket: named(ticket),
    messages: view.messages.map((m) => ({
      ...m,
      // Signed links on our own server (relative: the console is on the same origin).
      attachments: m.attachments.map((f) => ({ name: f.name, mimeType: f.mimeType, url: signedFilePath(ctx.secret, f, expiry) })),
    })),
    earlier: view.earlier.map(named),
    link: `${publicBase(ctx.env)}/t/${signedTicketId(ctx.secret, { number: ticket.number, accessToken })}`,
  };
}
