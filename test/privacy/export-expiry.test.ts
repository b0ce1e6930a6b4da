import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createPolicySchedule, createTicketService, type TicketService } from "../../src/tickets/index.js";
import { ticketHarness } from "../tickets/application/harness.js";

/** A copy of a customer's data is removed `privacy.exportDays` after it was made (Decree 13/2023: kept no longer than needed). */

type Harness = Awaited<ReturnType<typeof ticketHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.db.close();
  h = undefined;
});

/** A copy asked and confirmed with the code the outbox holds for the customer's chat. */
async function exportFor(harness: Harness, service: TicketService, customer: { id: string; chatId: string }): Promise<string> {
  const sent = await service.requestPrivacyCode({
    customerId: customer.id,
    kind: "export",
    channel: "telegram",
    chatId: customer.chatId,
    requestedBy: `customer:${customer.id}`,
    language: "vi",
  });
  if (!sent.ok) throw new Error(sent.code);
  const row = await harness.db.prisma.outboxMessage.findFirstOrThrow({
    where: { destination: `telegram:${customer.chatId}` },
    orderBy: { seq: "desc" },
  });
  const code = /"code":"(\d{6})"/.exec(JSON.stringify(row.payload))?.[1] ?? "";
  const done = await service.confirmPrivacyCode({ customerId: customer.id, code });
  if (!done.ok || done.value.kind !== "export") throw new Error("export refused");
  return sent.value.requestId;
}

describe("copies of personal data expire", () => {
  it("removes a copy's files after privacy.exportDays, keeps a newer one, and records when", async () => {
    h = await ticketHarness({ now: "2026-11-02T02:00:00Z" });
    const { db, clock, policy } = h;
    expect(policy.privacy.exportDays).toBe(7);
    const dataDir = mkdtempSync(path.join(tmpdir(), "hotro-exports-"));
    const service = createTicketService({
      db,
      policy,
      clock,
      schedule: createPolicySchedule(policy),
      staffChannels: [],
      dataDir,
      afterCommit: () => {},
    });
    const files = (id: string) => [`${id}.json`, `${id}.txt`].map((name) => path.join(dataDir, "files", "privacy", name));
    const an = await h.customer("An");
    await h.open(an, "hosting_domain");
    const old = await exportFor(h, service, an);
    for (const file of files(old)) expect(existsSync(file)).toBe(true);

    clock.advance(3 * 24 * 60 * 60_000);
    const binh = await h.customer("Bình");
    const recent = await exportFor(h, service, binh);

    // 02/11 09:00 + 7 days: the old copy is due a minute after, the recent one (05/11) not yet.
    clock.set("2026-11-09T02:00:00Z");
    expect(await service.removeExpiredExports()).toEqual({ exports: 0, files: 0 });
    clock.advance(60_000);
    expect(await service.removeExpiredExports()).toEqual({ exports: 1, files: 2 });
    for (const file of files(old)) expect(existsSync(file)).toBe(false);
    for (const file of files(recent)) expect(existsSync(file)).toBe(true);
    const removed = await db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: old } });
    expect(removed).toMatchObject({ state: "done", kind: "export" });
    expect(removed.filesRemovedAt).toEqual(clock.now());
    expect(await service.removeExpiredExports()).toEqual({ exports: 0, files: 0 });

    clock.set("2026-11-12T02:01:00Z");
    expect(await service.removeExpiredExports()).toEqual({ exports: 1, files: 2 });
    for (const file of files(recent)) expect(existsSync(file)).toBe(false);
  });
});
