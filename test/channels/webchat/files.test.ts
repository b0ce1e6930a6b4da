import { existsSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { filesInDrafts } from "../../../src/conversation/index.js";
import { type Visitor, type WebchatHarness, webchatHarness } from "./harness.js";

let h: WebchatHarness | undefined;
afterEach(async () => {
  await h?.app.stop();
  h = undefined;
});

/** An 8-byte PNG signature and a little more: what the widget posts is the file itself. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function upload(harness: WebchatHarness, v: Visitor, options: { id: string; name?: string; type?: string; body?: Buffer }) {
  const query = new URLSearchParams({ ...v, clientMessageId: options.id, name: options.name ?? "loi-500.png", language: "vi" });
  return harness.app.server.inject({
    method: "POST",
    url: `/webchat/files?${query}`,
    headers: { "content-type": options.type ?? "image/png" },
    payload: options.body ?? PNG,
  });
}

describe("a file attached in the web chat", () => {
  it("is kept, goes into the request being written and reaches the ticket like a Telegram file", async () => {
    h = await webchatHarness();
    const v = await h.session();
    await h.press(v, "cat:hosting_domain");
    await h.say(v, "Website congty.vn báo lỗi 500");
    const response = await upload(h, v, { id: "f1" });
    expect(response.statusCode).toBe(200);
    await h.settle();
    await h.freshText(v);
    await h.press(v, "in:done");
    // Decree 13/2023: consent before contact details.
    await h.press(v, "in:consent_yes");
    await h.say(v, "Nguyễn Văn An");
    await h.say(v, "an.nguyen@congty.vn");
    await h.press(v, "in:skip");
    expect(await h.freshText(v)).toContain("loi-500.png");
    await h.press(v, "in:confirm");

    const message = await h.db.prisma.message.findFirstOrThrow({ where: { direction: "in" } });
    const [attachment] = message.attachments as { key: string; name: string; mimeType: string; size: number }[];
    expect(attachment).toMatchObject({ name: "loi-500.png", mimeType: "image/png", size: PNG.length });
    const stored = path.join(h.dataDir, "files", attachment?.key ?? "missing");
    expect(existsSync(stored)).toBe(true);
    expect(readFileSync(stored).equals(PNG)).toBe(true);
  }, 120_000);

  it("refuses what is not a file it takes: an unknown type (415), a bad name or token (400, 401), an empty body", async () => {
    h = await webchatHarness();
    const v = await h.session();
    const unknownType = await upload(h, v, { id: "x1", type: "application/x-msdownload" });
    expect(unknownType.statusCode).toBe(415);
    expect(unknownType.json()).toEqual({ ok: false, error: "unsupported_media_type" });
    expect((await upload(h, v, { id: "x2", name: "../../etc/passwd" })).statusCode).toBe(400);
    expect((await upload(h, { ...v, token: "forged" }, { id: "x3" })).statusCode).toBe(401);
    expect((await upload(h, v, { id: "x4", body: Buffer.alloc(0) })).statusCode).toBe(400);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
  });

  it("a stranger's upload is refused before its body is read: a wrong token with an oversized body is a 401, not a 413", async () => {
    h = await webchatHarness();
    const v = await h.session();
    const huge = Buffer.alloc(21 * 1024 * 1024, 1);
    expect((await upload(h, { ...v, token: "forged" }, { id: "big", body: huge })).statusCode).toBe(401);
    const tooLarge = await upload(h, v, { id: "big", body: huge });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toEqual({ ok: false, error: "too_large" });
  });

  it("an upload repeated with the same client id keeps one file: the repeats' files are dropped at once", async () => {
    h = await webchatHarness();
    const v = await h.session();
    for (let i = 0; i < 3; i++) expect((await upload(h, v, { id: "same" })).statusCode).toBe(200);
    expect(readdirSync(path.join(h.dataDir, "files", "webchat"))).toHaveLength(1);
    expect(await h.db.prisma.inboundEvent.count()).toBe(1);
  });

  it("a file that no message carries a day later is removed by the retention job; one on a ticket stays", async () => {
    h = await webchatHarness();
    const harness = h;
    const v = await h.session();
    // No request open: the file is answered with "open a request first" and carried by nothing.
    expect((await upload(h, v, { id: "stray" })).statusCode).toBe(200);
    await h.settle();
    const w = await h.session();
    await h.press(w, "cat:hosting_domain");
    await h.say(w, "Website congty.vn báo lỗi 500");
    await upload(h, w, { id: "kept" });
    await h.settle();
    await h.finishRequest(w, { name: "Nguyễn Văn An", contact: "an.nguyen@congty.vn" });
    // A request still being written holds its file until it is sent.
    const x = await h.session();
    await h.press(x, "cat:hosting_domain");
    await h.say(x, "Email không gửi được");
    await upload(h, x, { id: "draft" });
    await h.settle();
    // An upload whose event is not handled yet (the server was down, say) is held by that event.
    const y = await h.session();
    await upload(h, y, { id: "pending" });
    const folder = path.join(h.dataDir, "files", "webchat");
    const files = () => readdirSync(folder).sort();
    expect(files()).toHaveLength(4);
    const [carried] = (await h.db.prisma.message.findFirstOrThrow({ where: { direction: "in" } })).attachments as { key: string }[];

    const ageAll = (ms: number) => {
      const when = new Date(harness.clock.now().getTime() - ms);
      for (const name of files()) utimesSync(path.join(folder, name), when, when);
    };
    const drafted = (await h.db.prisma.conversation.findFirstOrThrow({ where: { chatId: x.visitorId } })).state as {
      intake: { attachments: { key: string }[] };
    };
    const held = async (keys: string[]) =>
      new Set([...(await filesInDrafts(harness.db, keys)), ...(await harness.app.inbound.filesInUnhandled(keys))]);
    const sweep = () => harness.app.tickets.removeUnattachedFiles(held);
    ageAll(23 * 60 * 60 * 1000);
    expect(await sweep()).toEqual({ files: 0 });
    ageAll(25 * 60 * 60 * 1000);
    expect(await sweep()).toEqual({ files: 1 });
    const pending = (await h.db.prisma.inboundEvent.findFirstOrThrow({ where: { processedAt: null } })).payload as {
      attachments: { key: string }[];
    };
    const keep = [carried?.key, drafted.intake.attachments[0]?.key, pending.attachments[0]?.key].map((key) =>
      path.basename(key ?? "missing"),
    );
    expect(files()).toEqual(keep.sort());
    // Past its first week a file is no longer looked at.
    await upload(h, v, { id: "stray-2" });
    await h.settle();
    ageAll(9 * 24 * 60 * 60 * 1000);
    expect(await sweep()).toEqual({ files: 0 });
  }, 120_000);
});
