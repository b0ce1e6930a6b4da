import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TicketHarness, ticketHarness } from "./harness.js";

/**
 * R3.1 / R3.2 as a property: whatever the interleaving of open / claim next / unclaim / reroute /
 * resolve, Claim next always takes the ticket that has waited longest (readiness time, then number)
 * in the staff member's department, and the queue view is exactly that order.
 */
type Command =
  | { kind: "open"; department: "sales" | "technical" }
  | { kind: "claimNext"; department: "sales" | "technical" }
  | { kind: "unclaim"; pick: number }
  | { kind: "reroute"; pick: number }
  | { kind: "resolve"; pick: number }
  | { kind: "wait"; minutes: number };

const department = fc.constantFrom("sales" as const, "technical" as const);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("open" as const), department }),
  fc.record({ kind: fc.constant("claimNext" as const), department }),
  fc.record({ kind: fc.constant("unclaim" as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant("reroute" as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant("resolve" as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant("wait" as const), minutes: fc.integer({ min: 0, max: 90 }) }),
);

const categoryOf = { sales: "price_quote", technical: "hosting_domain" } as const;

describe("R3.1 FIFO whatever the interleaving (property)", () => {
  let h: TicketHarness;
  beforeAll(async () => {
    h = await ticketHarness();
  });
  afterAll(() => h.close());

  async function reset() {
    await h.empty();
    const staff = {
      sales: await h.staff("sales1", ["sales"]),
      technical: await h.staff("tech1", ["technical"]),
      care: await h.staff("care1", ["customer_care"]),
    };
    return staff;
  }

  it("Claim next always returns the longest-waiting ready ticket of the department", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 14 }), async (commands) => {
        const staff = await reset();
        for (const c of commands) {
          switch (c.kind) {
            case "open":
              await h.open(await h.customer(), categoryOf[c.department]);
              break;
            case "wait":
              h.clock.advance(c.minutes * 60_000);
              break;
            case "claimNext": {
              const waiting = await h.db.prisma.ticket.findMany({ where: { status: "ready", departmentId: c.department } });
              const expected = [...waiting].sort(
                (a, b) => (a.readyAt?.getTime() ?? 0) - (b.readyAt?.getTime() ?? 0) || a.number - b.number,
              )[0];
              const result = await h.service.claimNext(staff[c.department].id);
              if (expected) expect(result.ok && result.value.id).toBe(expected.id);
              else expect(result).toEqual({ ok: false, code: "queue_empty" });
              break;
            }
            default: {
              const claimed = await h.db.prisma.ticket.findMany({ where: { status: "claimed" }, orderBy: { number: "asc" } });
              const target = claimed[c.pick % Math.max(1, claimed.length)];
              if (!target) break;
              const owner = target.departmentId === "sales" ? staff.sales : staff.technical;
              if (c.kind === "unclaim") expect((await h.service.unclaim(owner.id, target.id)).ok).toBe(true);
              if (c.kind === "reroute") {
                const to = target.departmentId === "sales" ? "technical" : "sales";
                expect((await h.service.reroute(staff.care.id, target.id, to, "sai phòng")).ok).toBe(true);
              }
              if (c.kind === "resolve") {
                await h.service.reply(owner.id, target.id, "Đã xử lý.");
                await h.deliverAll();
                expect((await h.service.resolve(owner.id, target.id, "Hoàn tất.")).ok).toBe(true);
              }
            }
          }
        }
        for (const dept of ["sales", "technical"] as const) {
          const view = await h.service.queueView(dept);
          const times = view.waiting.map((e) => [e.ticket.readyAt?.getTime() ?? 0, e.ticket.number] as const);
          const sorted = [...times].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          expect(times).toEqual(sorted);
          expect(view.waiting.map((e) => e.position)).toEqual(view.waiting.map((_, i) => i + 1));
        }
      }),
      { numRuns: 25, seed: 20261125 },
    );
  });
});
