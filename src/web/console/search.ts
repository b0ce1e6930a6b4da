import type { Prisma as P } from "../../db/generated/client.js";
import type { WebContext } from "../context.js";

/**
 * Finds tickets by number (#123), customer name, phone or domain; each hit comes with the
 * customer's other tickets so staff see the history before they answer.
 */
export function searchFilter(query: string): P.TicketWhereInput | null {
  const q = query.trim();
  if (q.length < 2 && !/^\d$/.test(q)) return null;
  const number = /^#?(\d{1,9})$/.exec(q);
  const digits = q.replace(/[\s.+()-]/g, "");
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

export async function searchTickets(ctx: WebContext, query: string) {
  const where = searchFilter(query);
  if (!where) return { hits: [], history: [] };
  const hits = await ctx.db.prisma.ticket.findMany({ where, orderBy: { number: "desc" }, take: 20 });
  const customerIds = [...new Set(hits.map((t) => t.customerId))];
  const history = await ctx.db.prisma.ticket.findMany({
    where: { customerId: { in: customerIds } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, status: true, kind: true, departmentId: true, customerId: true, createdAt: true },
  });
  return { hits, history };
}
