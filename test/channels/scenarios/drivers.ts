import type { App } from "../../../src/app.js";
import { choicePayload } from "../../../src/channels/zalo/choices.js";
import type { Database } from "../../../src/db/database.js";
import type { OutboundMessage } from "../../../src/kernel/outbound.js";
import { USER, zaloHarness } from "../zalo/harness.js";
import { CHAT, zaloBotHarness } from "../zalo-bot/harness.js";

/**
 * One customer on one chat channel, as the dialog scenarios drive them: type, choose one of the
 * offered choices (a tap where the platform has buttons, its number where the customer types), give
 * the contact, and read what came back. Every step goes through the channel's real webhook and
 * sender against its stand-in.
 */
export interface ChatDriver {
  readonly name: string;
  readonly app: App;
  readonly db: Database;
  say(text: string): Promise<void>;
  /** Picks the choice with this id among those offered under the last message that had choices. */
  choose(id: string): Promise<void>;
  /** The name and phone asked by the form: Zalo's contact form when the customer taps, typed otherwise. */
  giveContact(name: string, phone: string): Promise<void>;
  /** The choice ids under the last message that had choices, in the order the customer sees them. */
  offered(): Promise<string[]>;
  /** Everything the customer read since the last call, messages separated by "---". */
  since(): string;
  /** Processes what is waiting and delivers the outbox (after staff act). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The choices of the newest message to this chat that had any, read from the outbox (channel-neutral ids). */
async function lastChoices(db: Database, destination: string): Promise<string[]> {
  const rows = await db.prisma.outboxMessage.findMany({ where: { destination }, orderBy: { seq: "desc" }, take: 30 });
  for (const row of rows) {
    const buttons = (row.payload as { message?: OutboundMessage }).message?.buttons?.flat() ?? [];
    if (buttons.length > 0) return buttons.map((b) => b.id);
  }
  return [];
}

/** The number a customer types for a choice: its place among the offered ones (numbered from 1, as rendered). */
async function numberOf(driver: Pick<ChatDriver, "offered">, id: string): Promise<string> {
  const offered = await driver.offered();
  const index = offered.indexOf(id);
  if (index < 0) throw new Error(`"${id}" is not offered; offered: ${offered.join(", ")}`);
  return String(index + 1);
}

function reader(texts: () => string[]) {
  let mark = 0;
  return () => {
    const all = texts();
    const fresh = all.slice(mark).join("\n---\n");
    mark = all.length;
    return fresh;
  };
}

/** The Zalo Official Account: with `taps`, choices are the buttons' payloads and the contact Zalo's form; else typed. */
export async function zaloOaDriver(mode: "taps" | "typed"): Promise<ChatDriver> {
  const h = await zaloHarness();
  const driver: ChatDriver = {
    name: `Zalo OA (${mode})`,
    app: h.app,
    db: h.db,
    say: async (text) => void (await h.say(text)),
    async choose(id) {
      if (mode === "typed") return void (await h.say(await numberOf(driver, id)));
      // The tap sends back the payload of a button the sender really put under the message.
      const button = h.standin
        .sent(USER)
        .flatMap((m) => m.buttons ?? [])
        .findLast((b) => b.payload === choicePayload(id));
      if (!button || !h.buttonsOfLast().includes(id)) throw new Error(`no "${id}" button under the last message: ${h.buttonsOfLast()}`);
      await h.post(h.textEvent(String(button.payload)));
    },
    async giveContact(name, phone) {
      if (mode === "taps") return void (await h.submitInfo({ name, phone }));
      await h.say(name);
      await h.say(phone);
    },
    offered: () => lastChoices(h.db, `zalo:${USER}`),
    since: reader(() => h.texts()),
    settle: h.settle,
    async close() {
      await h.standin.close();
      await h.app.stop();
    },
  };
  return driver;
}

/** The Zalo Bot: no buttons, the customer types the number of a choice. */
export async function zaloBotDriver(): Promise<ChatDriver> {
  const h = await zaloBotHarness();
  const driver: ChatDriver = {
    name: "Zalo Bot (numbers)",
    app: h.app,
    db: h.db,
    say: async (text) => void (await h.say(text)),
    async choose(id) {
      const number = await numberOf(driver, id);
      // The last list the customer read has that number in front of a choice.
      const list = h.texts().findLast((text) => /^1\. /m.test(text)) ?? "";
      if (!new RegExp(`^${number}\\. `, "m").test(list)) throw new Error(`no choice numbered ${number} in: ${list}`);
      await h.say(number);
    },
    async giveContact(name, phone) {
      await h.say(name);
      await h.say(phone);
    },
    offered: () => lastChoices(h.db, `zalo-bot:${CHAT}`),
    since: reader(() => h.texts()),
    settle: h.settle,
    close: h.close,
  };
  return driver;
}
