import type { TicketService } from "../../tickets/index.js";

/** What a console stream is told of a change: these tickets, or null for "anything" (too many to list). */
export type ScopedChange = string[] | null;

/**
 * Narrows the changed tickets a console stream hears of to its reader's scope (R4.1), read again at
 * every change (departments edited, a holiday begun). A ticket that leaves the scope (rerouted to
 * another department) is still named once, so the reader's queue drops it: the stream remembers what
 * it may have shown, the open tickets in scope when it opened and every one named since. Changes are
 * narrowed one after another, in order; `end` is called when the reader has no scope any more (or a
 * read failed): the stream then says nothing rather than too much.
 */
export function scopedChanges(
  tickets: Pick<TicketService, "ticketsInScope">,
  staffId: string,
  out: { send(change: ScopedChange): void; end(): void },
): (ticketIds: string[] | null) => void {
  let shown = new Set<string>();
  let ended = false;
  const stop = () => {
    ended = true;
    out.end();
  };
  let turn: Promise<unknown> = tickets.ticketsInScope(staffId, "open").then((open) => {
    if (open.ok) shown = new Set(open.value);
    else stop();
  }, stop);

  async function narrow(ticketIds: string[] | null): Promise<void> {
    if (ended) return;
    // Too many to list: "something changed" names no ticket.
    if (ticketIds === null) return out.send(null);
    const visible = await tickets.ticketsInScope(staffId, { ids: ticketIds });
    if (!visible.ok) return stop();
    const inScope = new Set(visible.value);
    const named = [...new Set(ticketIds)].filter((id) => inScope.has(id) || shown.has(id));
    for (const id of named) {
      if (inScope.has(id)) shown.add(id);
      else shown.delete(id);
    }
    if (named.length > 0) out.send(named);
  }

  return (ticketIds) => {
    turn = turn.then(() => narrow(ticketIds)).catch(stop);
  };
}
