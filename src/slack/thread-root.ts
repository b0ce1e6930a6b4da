import { departmentChannel, type SlackContext } from "./slack-context.js";
import { cardKey } from "./store.js";

/** The card whose thread carries a ticket's conversation: the working card in its current channel, else any. */
export async function threadRootOf(ctx: SlackContext, ticketId: string) {
  const refs = await ctx.store.cardsOf(ticketId);
  const ticket = await ctx.tickets.ticketBrief(ticketId);
  const home = ticket ? departmentChannel(ctx.policy, ticket.departmentId) : undefined;
  const feed = ctx.policy.customerCare.feedChannel;
  return (
    refs.find((r) => home !== undefined && r.key === cardKey(ticketId, home)) ??
    refs.find((r) => feed === undefined || r.key !== cardKey(ticketId, feed)) ??
    refs[0]
  );
}
