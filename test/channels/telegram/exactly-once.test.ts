import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, databaseKinds } from "../../support/test-db.js";
import { fillForm, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.db.withSession((s) => s.exec(`DROP TRIGGER IF EXISTS fail_turn ON "Conversation"; DROP FUNCTION IF EXISTS fail_turn`));
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

/**
 * A fault inside the database, after the ticket was written and before the turn ends: writing the
 * dialog's state fails (as a crash or a lost connection at that point would), until the trigger goes.
 */
const FAIL_THE_NEXT_TURN = `
  CREATE FUNCTION fail_turn() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'the turn fails after its ticket was written';
  END $$;
  CREATE OR REPLACE TRIGGER fail_turn BEFORE UPDATE ON "Conversation" FOR EACH ROW EXECUTE FUNCTION fail_turn();`;

describe.each(databaseKinds)("a customer message's ticket change commits with its turn, on %s", (kind) => {
  it("a turn that fails after opening the ticket leaves no ticket; the retry opens exactly one and answers once", async () => {
    h = await telegramHarness({ db: await createTestDatabase(kind) });
    await h.say("/start");
    await h.press("menu:new");
    await fillForm(h, { category: "hosting_domain", description: ["Website báo lỗi 500"], name: "Nguyễn Văn An", contact: "0903123456" });
    h.since();

    await h.db.withSession((s) => s.exec(FAIL_THE_NEXT_TURN));
    await h.press("in:confirm");
    // The fault rolled the whole turn back: no ticket, no answer.
    expect(await h.db.prisma.ticket.count()).toBe(0);
    expect(await h.db.prisma.outboxMessage.count({ where: { channel: "telegram", status: "pending" } })).toBe(0);
    expect(h.since()).toBe("");

    // The inbound log retries the event after its backoff.
    await h.db.withSession((s) => s.exec(`DROP TRIGGER fail_turn ON "Conversation"`));
    h.clock.advance(60_000);
    await h.settle();
    expect(await h.db.prisma.ticket.count()).toBe(1);
    const answer = h.since();
    // Once (a number taken by the rolled-back attempt is not reused: sequences never go back).
    expect(answer.match(/Yêu cầu #\d+ đã được tiếp nhận/g)).toHaveLength(1);
    expect(await h.app.inbound.pendingCount()).toBe(0);
  });
});
