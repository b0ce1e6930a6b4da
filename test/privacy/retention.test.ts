import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createPolicySchedule, createTicketService } from "../../src/tickets/index.js";
import { ticketHarness } from "../tickets/application/harness.js";

type Harness = Awaited<ReturnType<typeof ticketHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.db.close();
  h = undefined;
});

describe("the retention job (Decree 13/2023)", () => {
  it("anonymises a ticket closed longer than the period, keeps its figures, and leaves a recent one", async () => {
    h = await ticketHarness({ now: "2024-01-10T02:00:00Z" });
    const { db, clock, policy } = h;
    const dataDir = mkdtempSync(path.join(tmpdir(), "hotro-retention-"));
    const service = createTicketService({
      db,
      policy,
      clock,
      schedule: createPolicySchedule(policy),
      staffChannels: ["slack"],
      dataDir,
      afterCommit: () => {},
    });
    const agent = await h.staff("Bình", ["technical"]);
    mkdirSync(path.join(dataDir, "files", "telegram"), { recursive: true });
    writeFileSync(path.join(dataDir, "files", "telegram", "old-photo"), "PNG");
    const oldCustomer = await h.customer("Ngọc");
    const old = await h.open(oldCustomer, "hosting_domain", {
      attachments: [{ name: "loi.png", mimeType: "image/png", size: 3, key: "telegram/old-photo" }],
    });
    await service.claim(agent.id, old.id);
    await h.answerAndResolve(agent.id, old.id);
    await service.rate(oldCustomer.id, old.id, 4);

    clock.set("2025-12-01T02:00:00Z");
    const recentCustomer = await h.customer("Minh");
    const recent = await h.open(recentCustomer, "hosting_domain");
    await service.claim(agent.id, recent.id);
    await h.answerAndResolve(agent.id, recent.id);

    // 24 months after the old one was closed (10/01/2024), not yet for the recent one.
    clock.set("2026-01-11T02:00:00Z");
    const done = await service.anonymiseExpiredTickets();
    expect(done).toEqual({ tickets: 1, files: 1 });

    const wiped = await db.prisma.ticket.findUniqueOrThrow({ where: { id: old.id }, include: { messages: true, rating: true } });
    expect(wiped).toMatchObject({ number: old.number, categoryId: "hosting_domain", departmentId: "technical", status: "resolved" });
    expect(wiped.anonymizedAt).toEqual(clock.now());
    expect(wiped.description).toBe("—");
    expect(wiped.contact).toEqual({});
    expect(wiped.resolvedAt).not.toBeNull();
    expect(wiped.rating?.stars).toBe(4);
    expect(wiped.messages.length).toBeGreaterThan(0);
    for (const m of wiped.messages) expect(m).toMatchObject({ text: "—", attachments: [] });
    expect(existsSync(path.join(dataDir, "files", "telegram", "old-photo"))).toBe(false);
    const profile = await db.prisma.customer.findUniqueOrThrow({ where: { id: oldCustomer.id } });
    expect(profile).toMatchObject({ name: null, phone: null, email: null });
    const delivered = await db.prisma.outboxMessage.findMany({ where: { ticketId: old.id, status: "sent" } });
    for (const row of delivered) expect(row.payload).toEqual({});
    // Staff cards are redrawn from the wiped rows.
    expect(await db.prisma.outboxMessage.count({ where: { ticketId: old.id, kind: "card", status: "pending" } })).toBeGreaterThan(0);

    const kept = await db.prisma.ticket.findUniqueOrThrow({ where: { id: recent.id }, include: { messages: true } });
    expect(kept.anonymizedAt).toBeNull();
    expect(kept.description).toBe("Mô tả hosting_domain");
    expect(kept.messages.some((m) => m.text !== "—")).toBe(true);
    expect((await db.prisma.customer.findUniqueOrThrow({ where: { id: recentCustomer.id } })).phone).toBe("0903123456");

    // A second round finds nothing more.
    expect(await service.anonymiseExpiredTickets()).toEqual({ tickets: 0, files: 0 });
  });
});
