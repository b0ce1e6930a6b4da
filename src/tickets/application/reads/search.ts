import type { Prisma as P } from "../../../db/generated/client.js";
import { ok, type Result } from "../../../kernel/result.js";
import { fold } from "../../../kernel/text.js";
import type { TicketContext } from "../context.js";
import { type ScopeRefusal, staffScope } from "./scope.js";
import { type HistoryEntry, historyOf, summarize, type TicketSummary } from "./summaries.js";

/** A search hit, with the customer's other tickets so staff see the history before they answer. */
export type SearchHit = TicketSummary & { earlier: HistoryEntry[] };

/** `contains` becomes LIKE '%…%': a reader's %, _ and backslash are searched for as themselves, never as wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** Enough candidates for a page of results. */
const TEXT_CANDIDATES = 200;

/** The reader's scope (R4.1) as the text query applies it too, so its candidates are ones they may read. */
interface Reach {
  departments: string[];
  staffId: string;
}

/**
 * Tickets whose customer name, contact name, email, website, description or any message contains
 * the query with diacritics folded on both sides (`nguyen van an` finds "Nguyễn Văn An"): the
 * database's hotro_fold() (migration search_fold) and the query through fold(), the same mapping.
 */
async function textMatches(prisma: TicketContext["db"]["prisma"], query: string, reach: Reach): Promise<string[]> {
  const pattern = `%${escapeLike(fold(query))}%`;
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT t.id FROM "Ticket" t JOIN "Customer" c ON c.id = t."customerId"
    WHERE (t."departmentId" = ANY(${reach.departments}) OR t."claimedById" = ${reach.staffId})
      AND (hotro_fold(coalesce(c.name, '')) LIKE ${pattern} ESCAPE '\\'
       OR hotro_fold(coalesce(c.email, '')) LIKE ${pattern} ESCAPE '\\'
       OR hotro_fold(coalesce(c.website, '')) LIKE ${pattern} ESCAPE '\\'
       OR hotro_fold(coalesce(t.contact->>'name', '')) LIKE ${pattern} ESCAPE '\\'
       OR hotro_fold(coalesce(t.contact->>'email', '')) LIKE ${pattern} ESCAPE '\\'
       OR hotro_fold(coalesce(t.contact->>'website', '')) LIKE ${pattern} ESCAPE '\\'
       OR hotro_fold(t.description) LIKE ${pattern} ESCAPE '\\'
       OR EXISTS (SELECT 1 FROM "Message" m WHERE m."ticketId" = t.id AND hotro_fold(m.text) LIKE ${pattern} ESCAPE '\\'))
    ORDER BY t.number DESC LIMIT ${TEXT_CANDIDATES}`;
  return rows.map((row) => row.id);
}

/** Tickets by number (#123), phone, or folded text (names, emails, domains, messages). */
async function searchFilter(prisma: TicketContext["db"]["prisma"], query: string, reach: Reach): Promise<P.TicketWhereInput | null> {
  const trimmed = query.trim();
  if (trimmed.length < 2 && !/^\d$/.test(trimmed)) return null;
  const number = /^#?(\d{1,9})$/.exec(trimmed);
  const digits = trimmed.replace(/[\s.+()-]/g, "");
  const or: P.TicketWhereInput[] = [];
  if (trimmed.length >= 2) {
    const ids = await textMatches(prisma, trimmed, reach);
    if (ids.length > 0) or.push({ id: { in: ids } });
  }
  if (number?.[1]) or.push({ number: Number(number[1]) });
  if (/^\d{4,15}$/.test(digits)) {
    or.push({ customer: { phone: { contains: digits } } }, { contact: { path: ["phone"], string_contains: digits } });
  }
  return or.length > 0 ? { OR: or } : null;
}

/** The tickets a staff member may read (R4.1) that match the query, newest first. */
export async function searchTickets(ctx: TicketContext, staffId: string, query: string): Promise<Result<SearchHit[], ScopeRefusal>> {
  const prisma = ctx.db.prisma;
  const scope = await staffScope(ctx, prisma, staffId);
  if (!scope.ok) return scope;
  const where = await searchFilter(prisma, query, { departments: scope.value.departments, staffId: scope.value.staff.id });
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
