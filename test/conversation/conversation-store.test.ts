import { afterEach, describe, expect, it } from "vitest";
import { ConversationConflict, loadedState, saveTurn, stateRead } from "../../src/conversation/store.js";
import { initialState } from "../../src/conversation/types.js";
import type { Database } from "../../src/db/database.js";
import type { OutboundMessage } from "../../src/kernel/outbound.js";
import { createTestDatabase, databaseKinds } from "../support/test-db.js";

const now = new Date("2026-11-25T02:00:00Z");
const answer = (text: string): OutboundMessage => ({ language: "vi", text: [{ raw: text }] });

describe.each(databaseKinds)("the conversation's state on %s", (kind) => {
  let db: Database;
  afterEach(() => db?.close());

  const save = (readVersion: number | null, mode: "idle" | "faq", text: string) =>
    saveTurn(db, {
      channel: "telegram",
      chatId: "42",
      customerId: "c1",
      state: { ...initialState(), mode },
      readVersion,
      messages: [answer(text)],
      now,
    });
  /** The state as a turn reads it (the engine runs `stateRead` alongside `identifyCustomer`). */
  const loadState = async (channel: string, chatId: string) => {
    const { text, params } = stateRead(channel, chatId);
    const [row] = await db.sql<Record<string, unknown>>(text, params);
    return loadedState(row);
  };
  const outboxTexts = async () =>
    (await db.prisma.outboxMessage.findMany({ orderBy: { seq: "asc" } })).map((row) => JSON.stringify(row.payload));

  it("is saved only over the version the turn read: a turn that lost the race writes nothing", async () => {
    db = await createTestDatabase(kind);
    const first = await loadState("telegram", "42");
    expect(first.version).toBeNull();
    await save(first.version, "faq", "first answer");

    const read = await loadState("telegram", "42");
    expect(read).toMatchObject({ version: 0, state: { mode: "faq" } });
    // Two turns that read version 0: the first saves, the second finds version 1 and rolls back whole.
    await save(read.version, "idle", "second answer");
    await expect(save(read.version, "faq", "lost answer")).rejects.toBeInstanceOf(ConversationConflict);
    // A turn that believed the chat new, when it is not, loses too.
    await expect(save(null, "faq", "also lost")).rejects.toBeInstanceOf(ConversationConflict);

    expect(await loadState("telegram", "42")).toMatchObject({ version: 1, state: { mode: "idle" } });
    const texts = await outboxTexts();
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain("first answer");
    expect(texts[1]).toContain("second answer");
  });

  it("writes a turn's answers in the order given, one after another in the destination's line", async () => {
    db = await createTestDatabase(kind);
    await saveTurn(db, {
      channel: "telegram",
      chatId: "42",
      customerId: "c1",
      state: initialState(),
      readVersion: null,
      messages: ["one", "two", "three"].map(answer),
      now,
    });
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => JSON.stringify(r.payload).match(/one|two|three/)?.[0])).toEqual(["one", "two", "three"]);
    expect(rows.every((r) => r.destination === "telegram:42" && r.status === "pending" && r.createdAt.getTime() === now.getTime())).toBe(
      true,
    );
  });
});
