import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf, type LifecycleAction, lifecycle, openingStatuses } from "../../../src/tickets/domain/lifecycle.js";
import { isActive, type TicketStatus } from "../../../src/tickets/domain/ticket.js";
import { type TicketHarness, ticketHarness } from "./harness.js";

/**
 * The life cycle as a property: random sequences of every use case that moves a ticket, by staff
 * of every kind and by customers (their own tickets or someone else's), against the database.
 * Every status change the use cases make must be a row of the table: the step that was asked for,
 * or the release of the next parked request (R2.5); a refusal changes nothing; a new ticket starts
 * in an opening status; the invariants the statuses promise hold after every step.
 */
type StaffName = "sales1" | "sales2" | "tech1" | "care1";
/** "fit": whoever the table says may take the step on that ticket (so that most steps succeed); else that person. */
type Who = "fit" | StaffName;
type Step =
  | { kind: "open"; customer: number; category: string }
  | { kind: "claimNext"; staff: Who }
  | {
      kind: "staff";
      action: "claim" | "unclaim" | "reply" | "resolve" | "hand_back" | "approve" | "reject";
      staff: Who;
      pick: number;
    }
  | { kind: "reroute"; staff: Who; pick: number; to: "sales" | "technical" | "customer_care" }
  | { kind: "reassign"; staff: Who; pick: number; to: StaffName }
  | { kind: "customer"; action: "reopen" | "withdraw" | "rate"; pick: number; own: boolean; stars: number }
  | { kind: "wait"; hours: number };

const staffName = fc.constantFrom<StaffName>("sales1", "sales2", "tech1", "care1");
const who = fc.oneof({ weight: 3, arbitrary: fc.constant<Who>("fit") }, { weight: 1, arbitrary: staffName });
const pick = fc.nat(120);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("open" as const),
      customer: fc.nat(5),
      // Sales, Technical, an approval category, Customer care.
      category: fc.constantFrom("price_quote", "hosting_domain", "service_installation", "other"),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("claimNext" as const), staff: who }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("staff" as const),
      // Resolutions more often: they lead to ratings and reopening.
      action: fc.constantFrom("claim", "unclaim", "reply", "resolve", "resolve", "hand_back", "approve", "reject"),
      staff: who,
      pick,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("reroute" as const),
      staff: who,
      pick,
      to: fc.constantFrom("sales", "technical", "customer_care"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reassign" as const), staff: who, pick, to: staffName }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("customer" as const),
      action: fc.constantFrom("reopen", "withdraw", "rate"),
      pick,
      own: fc.boolean(),
      stars: fc.integer({ min: 1, max: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 200 }) }) },
);

const isRow = (from: TicketStatus, action: string, to: TicketStatus) =>
  lifecycle.some((t) => t.from === from && t.action === action && t.to === to);

describe("every state the use cases reach is in the life cycle table (property)", () => {
  let h: TicketHarness;
  beforeAll(async () => {
    h = await ticketHarness();
  });
  afterAll(() => h.close());

  async function reset() {
    await h.empty();
    const staff: Record<StaffName, string> = {
      sales1: (await h.staff("sales1", ["sales"])).id,
      sales2: (await h.staff("sales2", ["sales"])).id,
      tech1: (await h.staff("tech1", ["technical"])).id,
      care1: (await h.staff("care1", ["customer_care"])).id,
    };
    // Enough customers for several active requests at once (each has one at a time, R2.5).
    const customers = [];
    for (const name of ["An", "Bình", "Chi", "Dũng", "Giang", "Hà"]) customers.push(await h.customer(name));
    return { staff, customers };
  }

  /** The staff member the table names for a step on a ticket: Customer care, its claimer, or a member of its department. */
  function fitFor(staff: Record<StaffName, string>, action: LifecycleAction, ticket: { departmentId: string; claimedById: string | null }) {
    const member = { sales: staff.sales1, technical: staff.tech1, customer_care: staff.care1 }[ticket.departmentId] ?? staff.care1;
    const actor = actorOf(action);
    if (actor === "customer_care") return staff.care1;
    if (actor === "claimer") return ticket.claimedById ?? member;
    return member;
  }

  /**
   * Half the picks land on a ticket the step applies to (its status has a row for it), a quarter on
   * one it does not apply to (the step must be refused, even to whoever may take it), the rest anywhere.
   */
  function targetOf<T extends { status: TicketStatus }>(s: Step, tickets: T[]): T | undefined {
    if (!("pick" in s)) return undefined;
    const action = s.kind === "staff" || s.kind === "customer" ? s.action : s.kind;
    const applies = (t: T) => lifecycle.some((row) => row.from === t.status && row.action === action);
    const pools = [tickets.filter((t) => !applies(t)), tickets, tickets.filter(applies), tickets.filter(applies)];
    const pool = pools[s.pick % 4]?.length ? (pools[s.pick % 4] ?? []) : tickets;
    return pool[Math.floor(s.pick / 4) % Math.max(1, pool.length)];
  }

  const snapshot = async () => new Map((await h.db.prisma.ticket.findMany({ orderBy: { number: "asc" } })).map((t) => [t.id, t] as const));

  it("drives the real use cases with random steps", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40, size: "max" }), async (steps) => {
        const { staff, customers } = await reset();
        for (const s of steps) {
          const before = await snapshot();
          const target = targetOf(s, [...before.values()]);
          let asked: { action: string; ticketId: string | undefined; ok: boolean } | null = null;
          switch (s.kind) {
            case "open": {
              const customer = customers[s.customer];
              if (customer) await h.open(customer, s.category);
              break;
            }
            case "claimNext": {
              const waiting = [...before.values()].find((t) => t.status === "ready");
              const by = s.staff === "fit" ? (waiting ? fitFor(staff, "claim", waiting) : staff.sales1) : staff[s.staff];
              const result = await h.service.claimNext(by);
              asked = { action: "claim", ticketId: result.ok ? result.value.id : undefined, ok: result.ok };
              break;
            }
            case "staff": {
              if (!target) break;
              const by = s.staff === "fit" ? fitFor(staff, s.action, target) : staff[s.staff];
              const result = await {
                claim: () => h.service.claim(by, target.id),
                unclaim: () => h.service.unclaim(by, target.id),
                reply: () => h.service.reply(by, target.id, "Chúng tôi đã kiểm tra."),
                // A resolution needs a delivered reply (R3.3): answer first.
                resolve: () => h.answerAndResolve(by, target.id),
                hand_back: () => h.service.handBack(by, target.id, "Sai phòng ban"),
                approve: () => h.service.approve(by, target.id),
                reject: () => h.service.reject(by, target.id, "Chưa đủ hồ sơ"),
              }[s.action]();
              asked = { action: s.action, ticketId: target.id, ok: result.ok };
              break;
            }
            case "reroute": {
              if (!target) break;
              const by = s.staff === "fit" ? fitFor(staff, "reroute", target) : staff[s.staff];
              const result = await h.service.reroute(by, target.id, s.to, "Sai phòng ban");
              asked = { action: "reroute", ticketId: target.id, ok: result.ok };
              break;
            }
            case "reassign": {
              if (!target) break;
              const by = s.staff === "fit" ? fitFor(staff, "reassign", target) : staff[s.staff];
              const result = await h.service.reassign(by, target.id, staff[s.to], "Nghỉ phép");
              asked = { action: "reassign", ticketId: target.id, ok: result.ok };
              break;
            }
            case "customer": {
              if (!target) break;
              const customerId = s.own ? target.customerId : (customers.find((c) => c.id !== target.customerId)?.id ?? "");
              const result = await {
                reopen: () => h.service.reopen(customerId, target.id),
                withdraw: () => h.service.withdraw(customerId, target.id),
                rate: () => h.service.rate(customerId, target.id, s.stars),
              }[s.action]();
              asked = { action: s.action, ticketId: target.id, ok: result.ok };
              break;
            }
            case "wait":
              h.clock.advance(s.hours * 3_600_000);
              break;
          }

          // The delivery worker's part: what was written to the outbox is sent (a resolution needs a delivered reply).
          await h.deliverAll();
          const after = await snapshot();
          for (const [id, ticket] of after) {
            const was = before.get(id);
            if (!was) {
              expect(openingStatuses, `new ticket #${ticket.number}`).toContain(ticket.status);
              continue;
            }
            if (was.status === ticket.status && id !== asked?.ticketId) continue;
            const how = `#${ticket.number} ${was.status} → ${ticket.status} after ${JSON.stringify(s)}`;
            if (id === asked?.ticketId && asked.ok) expect(isRow(was.status, asked.action, ticket.status), how).toBe(true);
            else if (id === asked?.ticketId) expect(ticket.status, how).toBe(was.status);
            else
              expect(
                asked?.ok &&
                  ["resolve", "reject", "withdraw"].includes(asked.action) &&
                  (isRow(was.status, "release", ticket.status) || isRow(was.status, "release_to_approval", ticket.status)),
                how,
              ).toBe(true);
          }
          for (const ticket of after.values()) {
            if (ticket.status === "claimed") expect(ticket.claimedById, `#${ticket.number} claimed by nobody`).not.toBeNull();
            if (ticket.status === "ready") expect(ticket.readyAt, `#${ticket.number} ready without readiness time`).not.toBeNull();
          }
          // R2.5: one active request per customer at a time. A reopened request is left out: reopening
          // puts it back at the head of its queue even when the customer's next request was released meanwhile.
          for (const customer of customers) {
            const active = [...after.values()].filter(
              (t) => t.customerId === customer.id && t.kind === "request" && t.reopenCount === 0 && isActive(t.status),
            );
            expect(active.length, `customer ${customer.name} has ${active.length} active requests`).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 50, seed: 20261130 },
    );
    // Hundreds of use cases against the database: more than the default 30 s on a busy machine.
  }, 180_000);
});
