import type { Prisma as P } from "../../../db/generated/client.js";
import { ok, type Result } from "../../../kernel/result.js";
import type { TicketContext } from "../context.js";
import { type ScopeRefusal, staffScope } from "./scope.js";
import { type HistoryEntry, historyOf, summarize, type TicketSummary } from "./summaries.js";

/** A search hit, with the customer's other tickets so staff see the history before they answer. */
export type SearchHit = TicketSummary & { earlier: HistoryEntry[] };

/** `contains` becomes LIKE '%…%': a reader's %, _ and backslash are searched for as themselves, never as wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** Tickets by number (#123), customer name, phone, email or domain. */
function searchFilter(query: string): P.TicketWhereInput | null {
  const trimmed = query.trim();
  if (trimmed.length < 2 && !/^\d$/.test(trimmed)) return null;
  const number = /^#?(\d{1,9})$/.exec(trimmed);
  const digits = trimmed.replace(/[\s.+()-]/g, "");
  const q = escapeLike(trimmed);
  const or: P.TicketWhereInput[] = [
    { customer: { name: { contains: q, mode: "insensitive" } } },
    { customer: { email: { contains: q, mode: "insensitive" } } },
    { customer: { website: { contains: q, mode: "insensitive" } } },
    { contact: { path: ["name"], string_contains: q } },
    { contact: { path: ["website"], string_contains: q.toLowerCase() } },
    { contact: { path: ["email"], string_contains: q.toLowerCase() } },
  ];
  if (number?.[1]) or.push({ number: Number(number[1]) });
  if (/^\d{4,15}$/.test(digits)) {
    or.push({ customer: { phone: { contains: digits } } }, { contact: { path: ["phone"], string_contains: digits } });
  }
  return { OR: or };
}

/** The tickets a staff member may read (R4.1) that match the query, newest first. */
export async function searchTickets(ctx: TicketContext, staffId: string, query: string): Promise<Result<SearchHit[], ScopeRefusal>> {
  const prisma = ctx.db.prisma;
  const scope = await staffScope(ctx, prisma, staffId);
  if (!scope.ok) return scope;
  const where = searchFilter(query);
  if (!where) return ok([]);
  const hits = await prisma.ticket.findMany({ where: { AND: [where, scope.value.visible] }, orderBy: { number: "desc" }, take: 20 });
  const history = await historyOf(prisma, [...new Set(hits.map((t) => t.customerId))], scope.value.visible);
  const rows = await summarize(ctx, prisma, hits);
  return ok(
    rows.map((row, i) => ({
      ...row,
      earlier: history
        .filter((h) => h.customerId === hits[i]?.customerId && h.id !== row.id)
        .map(({ id, number, status, kind, departmentId, createdAt }) => ({ id, number, status, kind, departmentId, createdAt })),
    })),
  );
}
