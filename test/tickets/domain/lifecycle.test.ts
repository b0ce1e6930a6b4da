import { describe, expect, it } from "vitest";
import { TicketStatus as DatabaseTicketStatus } from "../../../src/db/generated/enums.js";
import { authorize, type StaffAction } from "../../../src/tickets/domain/authorization.js";
import { actorOf, lifecycle, nextStatus, openingStatuses, statusAtOpening } from "../../../src/tickets/domain/lifecycle.js";
import { isActive, isOpen, type TicketStatus, ticketStatuses } from "../../../src/tickets/domain/ticket.js";

describe("the ticket life cycle table", () => {
  it("has the database enum's statuses, and one row at most per status and action", () => {
    expect([...ticketStatuses].sort()).toEqual(Object.values(DatabaseTicketStatus).sort());
    const keys = lifecycle.map((t) => `${t.from}:${t.action}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("names one actor per action, whatever the status it starts from", () => {
    for (const step of lifecycle) expect(actorOf(step.action), step.action).toBe(step.by);
  });

  it("ends at withdrawn and rejected; a resolved ticket can only be rated or reopened", () => {
    const from = (status: TicketStatus) => lifecycle.filter((t) => (t.from as TicketStatus) === status);
    expect([...from("withdrawn"), ...from("rejected")]).toEqual([]);
    expect(lifecycle.filter((t) => t.from === "resolved").map((t) => t.action)).toEqual(["reopen", "rate"]);
    expect(ticketStatuses.filter(isOpen)).toEqual(["awaiting_approval", "parked", "ready", "claimed"]);
    expect(ticketStatuses.filter(isActive)).toEqual(["awaiting_approval", "ready", "claimed"]);
  });

  it("refuses a step the table does not list, with a typed code, the status and the number", () => {
    const at = (status: TicketStatus) => ({ status, number: 7 });
    expect(nextStatus(at("ready"), "claim")).toEqual({ ok: true, value: "claimed" });
    expect(nextStatus(at("claimed"), "reroute")).toEqual({ ok: true, value: "ready" });
    expect(nextStatus(at("claimed"), "claim")).toEqual({ ok: false, code: "not_waiting", details: { status: "claimed", number: 7 } });
    expect(nextStatus(at("ready"), "reply")).toMatchObject({ ok: false, code: "not_open" });
    expect(nextStatus(at("resolved"), "resolve")).toMatchObject({ ok: false, code: "not_open" });
    expect(nextStatus(at("ready"), "reassign")).toMatchObject({ ok: false, code: "not_claimed" });
    expect(nextStatus(at("claimed"), "rate")).toMatchObject({ ok: false, code: "not_resolved" });
    expect(nextStatus(at("resolved"), "unclaim")).toMatchObject({ ok: false, code: "wrong_status" });
    expect(nextStatus(at("rejected"), "withdraw")).toMatchObject({ ok: false, code: "wrong_status" });
  });

  it("opens a request behind another (parked), for approval, or in its queue", () => {
    expect(statusAtOpening({ behindAnother: true, requiresApproval: true })).toBe("parked");
    expect(statusAtOpening({ behindAnother: false, requiresApproval: true })).toBe("awaiting_approval");
    expect(statusAtOpening({ behindAnother: false, requiresApproval: false })).toBe("ready");
    expect([...openingStatuses].sort()).toEqual(["awaiting_approval", "parked", "ready"]);
  });
});

describe("R4.1 follows the table's actor", () => {
  const context = { customerCareDepartment: "customer_care", holiday: false };
  const sales = { id: "s1", departments: ["sales"], generalDuty: false, active: true };
  const care = { id: "c1", departments: ["customer_care"], generalDuty: false, active: true };
  const tech = { id: "t1", departments: ["technical"], generalDuty: false, active: true };
  const ticket = (claimedById: string | null = null) => ({ departmentId: "sales", claimedById });
  const check = (action: StaffAction, staff: typeof sales, claimedById: string | null = null) =>
    authorize(action, staff, ticket(claimedById), context);

  it("customer_care steps: only Customer care", () => {
    for (const action of ["approve", "reject", "reroute", "reassign", "revoke_link"] as const) {
      expect(check(action, care).ok, action).toBe(true);
      expect(check(action, sales), action).toEqual({ ok: false, code: "not_customer_care" });
    }
  });

  it("department steps: the department, never over someone else's claim", () => {
    expect(check("claim", sales).ok).toBe(true);
    expect(check("claim", tech)).toEqual({ ok: false, code: "not_your_department" });
    expect(check("claim", sales, "other")).toEqual({ ok: false, code: "claimed_by_other" });
  });

  it("claimer steps: the claimer only", () => {
    for (const action of ["reply", "resolve", "unclaim", "hand_back"] as const) {
      expect(check(action, sales, "s1").ok, action).toBe(true);
      expect(check(action, sales), action).toEqual({ ok: false, code: "not_claimed_by_you" });
      expect(check(action, sales, "other"), action).toEqual({ ok: false, code: "claimed_by_other" });
      expect(check(action, tech, "other"), action).toEqual({ ok: false, code: "not_your_department" });
    }
  });

  it("view and note: the department, Customer care, or whoever holds the ticket", () => {
    expect(check("view", sales).ok).toBe(true);
    expect(check("note", care).ok).toBe(true);
    expect(check("view", tech)).toEqual({ ok: false, code: "not_your_department" });
    expect(check("view", tech, "t1").ok).toBe(true);
    expect(authorize("view", tech, ticket(), { ...context, holiday: true })).toEqual({ ok: false, code: "not_your_department" });
    expect(authorize("view", { ...tech, generalDuty: true }, ticket(), { ...context, holiday: true }).ok).toBe(true);
    expect(check("view", { ...sales, active: false })).toEqual({ ok: false, code: "staff_inactive" });
  });
});
