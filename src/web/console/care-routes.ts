import type { FastifyInstance, FastifyRequest } from "fastify";
import { departmentName } from "../../policy/names.js";
import { openStatuses } from "../../tickets/index.js";
import type { WebContext } from "../context.js";
import { languageOf, sendRefusal } from "../http.js";
import { dashboard } from "./dashboard.js";
import { sessionOf } from "./guard.js";
import { isCustomerCare, loadStaffMember, summarize } from "./reads.js";
import { searchTickets } from "./search.js";

/** Customer care's overview (R1.5), search with customer history, and the dashboard. */
export function careRoutes(scope: FastifyInstance, ctx: WebContext): void {
  const lang = (request: FastifyRequest) => languageOf(request, ctx.defaultLanguage);

  scope.get("/console/api/care", async (request, reply) => {
    const staff = await loadStaffMember(ctx, sessionOf(request).staffId);
    if (!staff || !isCustomerCare(ctx, staff)) return sendRefusal(reply, ctx.t, lang(request), { code: "not_customer_care" });
    const open = await ctx.db.prisma.ticket.findMany({
      where: { status: { in: [...openStatuses] } },
      orderBy: { number: "asc" },
      take: 500,
    });
    const language = lang(request);
    return {
      ok: true,
      approvals: await summarize(
        ctx,
        open.filter((t) => t.status === "awaiting_approval"),
        language,
      ),
      satisfaction: await summarize(
        ctx,
        open.filter((t) => t.kind === "satisfaction"),
        language,
      ),
      all: await summarize(
        ctx,
        open.filter((t) => t.kind === "request"),
        language,
      ),
    };
  });

  scope.get("/console/api/search", async (request) => {
    const q = String((request.query as { q?: unknown }).q ?? "").slice(0, 200);
    const language = lang(request);
    const { hits, history } = await searchTickets(ctx, q);
    const rows = await summarize(ctx, hits, language);
    return {
      ok: true,
      results: rows.map((row, i) => {
        const customerId = hits[i]?.customerId;
        return {
          ...row,
          earlier: history
            .filter((h) => h.customerId === customerId && h.id !== row.id)
            .map((h) => ({
              id: h.id,
              number: h.number,
              status: h.status,
              kind: h.kind,
              department: departmentName(ctx.policy, h.departmentId, language),
              createdAt: h.createdAt,
            })),
        };
      }),
    };
  });

  scope.get("/console/api/dashboard", async (request) => ({ ok: true, ...(await dashboard(ctx, lang(request))) }));
}
