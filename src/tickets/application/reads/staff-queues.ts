import { ok, type Result } from "../../../kernel/result.js";
import type { TicketContext } from "../context.js";
import { queueView } from "../views.js";
import { type ScopeRefusal, staffScope } from "./scope.js";
import { summarize, type TicketSummary } from "./summaries.js";

export interface DepartmentLine {
  departmentId: string;
  /** In queue order (R3.1), with positions and SLA state (R2.4). */
  waiting: TicketSummary[];
  claimed: TicketSummary[];
}

/** A staff member's lines: their departments', or every department's for general duty on a holiday (R2.6). */
export async function staffQueues(ctx: TicketContext, staffId: string): Promise<Result<DepartmentLine[], ScopeRefusal>> {
  const scope = await staffScope(ctx, ctx.db.prisma, staffId);
  if (!scope.ok) return scope;
  const lines = await Promise.all(
    scope.value.queues.map(async (departmentId) => {
      const view = await queueView(ctx, departmentId);
      const positions = new Map(view.waiting.map((e) => [e.ticket.id, e.position]));
      return {
        departmentId,
        waiting: await summarize(
          ctx,
          ctx.db.prisma,
          view.waiting.map((e) => e.ticket),
          positions,
        ),
        claimed: await summarize(
          ctx,
          ctx.db.prisma,
          view.claimed.map((e) => e.ticket),
        ),
      };
    }),
  );
  return ok(lines);
}
