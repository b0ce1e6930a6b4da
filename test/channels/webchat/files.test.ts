import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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
    expect((await upload(h, v, { id: "x1", type: "application/x-msdownload" })).statusCode).toBe(415);
    expect((await upload(h, v, { id: "x2", name: "../../etc/passwd" })).statusCode).toBe(400);
    expect((await upload(h, { ...v, token: "forged" }, { id: "x3" })).statusCode).toBe(401);
    expect((await upload(h, v, { id: "x4", body: Buffer.alloc(0) })).statusCode).toBe(400);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
  });
});
