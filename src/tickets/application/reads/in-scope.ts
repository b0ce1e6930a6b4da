import { ok, type Result } from "../../../kernel/result.js";
import { openStatuses } from "../../domain/ticket.js";
import type { TicketContext } from "../context.js";
import { type ScopeRefusal, staffScope } from "./scope.js";

/**
 * Which tickets a staff member may read now (R4.1): of the ids given, or every open one. The console's
 * live updates name only these to them, so a stream never tells one department about another's tickets.
 */
export async function ticketsInScope(
  ctx: TicketContext,
  staffId: string,
  which: { ids: readonly string[] } | "open",
): Promise<Result<string[], ScopeRefusal>> {
  const scope = await staffScope(ctx, ctx.db.prisma, staffId);
  if (!scope.ok) return scope;
  if (which !== "open" && which.ids.length === 0) return ok([]);
  const rows = await ctx.db.prisma.ticket.findMany({
    where: { AND: [which === "open" ? { status: { in: [...openStatuses] } } : { id: { in: [...which.ids] } }, scope.value.visible] },
    select: { id: true },
  });
  return ok(rows.map((row) => row.id));
}
