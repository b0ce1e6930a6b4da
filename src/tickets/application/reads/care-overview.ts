import { ok, type Result, refuse } from "../../../kernel/result.js";
import { openStatuses } from "../../domain/ticket.js";
import type { TicketContext } from "../context.js";
import { type ScopeRefusal, staffScope } from "./scope.js";
import { summarize, type TicketSummary } from "./summaries.js";

export interface CareOverview {
  approvals: TicketSummary[];
  satisfaction: TicketSummary[];
  /** Every open request, whatever its department. */
  all: TicketSummary[];
}

/** R1.5: Customer care's view over every department: approvals to decide, satisfaction cases, every open request. */
export async function careOverview(ctx: TicketContext, staffId: string): Promise<Result<CareOverview, ScopeRefusal | "not_customer_care">> {
  const prisma = ctx.db.prisma;
  const scope = await staffScope(ctx, prisma, staffId);
  if (!scope.ok) return scope;
  if (!scope.value.customerCare) return refuse("not_customer_care");
  const open = await prisma.ticket.findMany({ where: { status: { in: [...openStatuses] } }, orderBy: { number: "asc" }, take: 500 });
  const [approvals, satisfaction, all] = await Promise.all([
    summarize(
      ctx,
      prisma,
      open.filter((t) => t.status === "awaiting_approval"),
    ),
    summarize(
      ctx,
      prisma,
      open.filter((t) => t.kind === "satisfaction"),
    ),
    summarize(
      ctx,
      prisma,
      open.filter((t) => t.kind === "request"),
    ),
  ]);
  return ok({ approvals, satisfaction, all });
}
