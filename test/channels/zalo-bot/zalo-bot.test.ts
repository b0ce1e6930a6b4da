import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { until } from "../telegram/harness.js";
import { CHAT, type ZaloBotHarness, zaloBotHarness } from "./harness.js";

let harness: ZaloBotHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function botHarness(env: Record<string, string> = {}) {
  harness = await zaloBotHarness(env);
  return harness;
}

describe("Zalo Bot through its webhook", () => {
  it("opens a request with numbered choices and typed answers, the typing indicator on while it works", async () => {
    const h = await botHarness();
    await h.say("/new");
    const categories = h.last();
    expect(categories).toContain("Quý khách cần hỗ trợ về vấn đề gì?");
    // No buttons on this platform: the choices are numbered lines.
    expect(categories).toMatch(/^1\. .+$/m);
    await h.say("1");
    expect(h.last()).toContain("Loại yêu cầu:");
    await h.say("Website công ty không vào được");
    await h.say("xong");
    // Decree 13/2023: consent before contact details, a numbered choice like the others.
    expect(h.last()).toMatch(/^1\. Đồng ý$/m);
    await h.say("1"); // consent
    expect(h.last()).toContain("họ tên");
    await h.say("Nguyễn Văn A");
    await h.say("0903123456");
    await h.say("1"); // skip the website
    await h.say("1"); // confirm
    expect(h.texts().join("\n")).toContain("Yêu cầu #1 đã được tiếp nhận");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({ channel: "zalo-bot", chatId: CHAT });
    expect(h.standin.callsTo("sendChatAction").length).toBeGreaterThan(0);

    // Withdrawing asks first, as numbered lines too; a typed "có" confirms.
    await h.say("/status");
    await h.say("1");
    expect(h.last()).toContain("Quý khách chắc chắn muốn hủy yêu cầu #1?");
    expect(h.last()).toMatch(/^1\. Có, hủy #1$/m);
    expect((await h.db.prisma.ticket.findFirstOrThrow()).status).toBe("ready");
    await h.say("có");
    expect(h.texts().join("\n")).toContain("Yêu cầu #1 đã được hủy theo đề nghị của quý khách.");
    expect((await h.db.prisma.ticket.findFirstOrThrow()).status).toBe("withdrawn");
  });

  it("answers the hours and the status list in English after /lang en", async () => {
    const h = await botHarness();
    await h.say("/lang en");
    await h.say("when are you open?");
    expect(h.last()).toContain("• Technical: on duty.");
    await h.say("/status");
    expect(h.last()).toContain("You have no requests yet.");
  });

  it("refuses a wrong or missing secret with 401 and stores nothing; reads bare and wrapped bodies; a duplicate once", async () => {
    const h = await botHarness();
    expect((await h.post(h.standin.textUpdate("hi"), { "x-bot-api-secret-token": "wrong-secret" })).statusCode).toBe(401);
    expect((await h.post(h.standin.textUpdate("hi"), {})).statusCode).toBe(401);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
    const update = h.standin.textUpdate("giờ làm việc", { messageId: "same-1" });
    expect((await h.post(update)).statusCode).toBe(200);
    const after = h.texts().length;
    expect((await h.post({ ok: true, result: update })).statusCode).toBe(200);
    expect(h.texts().length).toBe(after);
    expect((await h.post({ ok: true, result: h.standin.textUpdate("gio lam viec") })).statusCode).toBe(200);
    expect(h.texts().length).toBeGreaterThan(after);
    expect((await h.post({ event_name: "message.text.received" })).statusCode).toBe(400);
  });
});

describe("Zalo Bot photos from customers", () => {
  const PNG = Buffer.from("89504e470d0a1a0a-standin-png", "utf8");

  it("downloads a photo by its URL and keeps it with the request, as Telegram's; the typing indicator comes first", async () => {
    const h = await botHarness();
    await h.say("/new");
    await h.say("1");
    await h.say("Website công ty không vào được");
    const url = h.standin.addCdnFile("loi.png", PNG, "image/png");
    const typingBefore = h.standin.callsTo("sendChatAction").length;
    await h.post(h.standin.photoUpdate(url, { caption: "Ảnh chụp màn hình" }));
    const answer = h.last();
    expect(answer).toMatch(/Đã nhận tệp photo-u\d+\.png\./);
    // The indicator goes to the chat before the photo is fetched and the answer sent.
    const methods = h.standin.calls.map((c) => c.method);
    expect(h.standin.callsTo("sendChatAction").slice(typingBefore)).toEqual([
      { method: "sendChatAction", params: { chat_id: CHAT, action: "typing" } },
    ]);
    expect(methods.lastIndexOf("sendChatAction")).toBeLessThan(methods.lastIndexOf("sendMessage"));

    // The other shape sources show: a list of sizes, the largest last.
    const second = h.standin.addCdnFile("loi-2.jpg", Buffer.from("JPEGDATA"), "image/jpeg");
    await h.post(h.standin.photoUpdate(second, { field: "photo_sizes" }));
    expect(h.last()).toMatch(/Đã nhận tệp photo-u\d+\.jpg\./);
    // A photo whose link is gone: said so, the request goes on.
    await h.post(h.standin.photoUpdate(`${h.standin.apiRoot}/cdn/gone.jpg`, { field: "photo" }));
    expect(h.texts().join("\n")).toMatch(/Chúng tôi chưa tải được tệp photo-u\d+\.jpg\. Quý khách vui lòng gửi lại\./);

    await h.say("xong");
    await h.say("1"); // consent
    await h.say("Nguyễn Văn A");
    await h.say("0903123456");
    await h.say("1"); // skip the website
    await h.say("1"); // confirm
    expect(h.texts().join("\n")).toContain("Yêu cầu #1 đã được tiếp nhận");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow({ include: { messages: true } });
    expect(ticket.description).toContain("Ảnh chụp màn hình");
    const files = ticket.messages.flatMap((m) => (m.attachments as { key: string; name: string; mimeType: string }[] | null) ?? []);
    expect(files.map((f) => f.mimeType)).toEqual(["image/png", "image/jpeg"]);
    expect(readFileSync(path.join(h.dataDir, "files", files[0]?.key ?? "missing"))).toEqual(PNG);
    expect(files[0]?.key).toMatch(/^zalo-bot\//);
  });
});

describe("Zalo Bot long polling", () => {
  it("polls again after a 408 and records the update that comes", async () => {
    const h = await botHarness({ ZALO_BOT_MODE: "polling" });
    await h.app.start();
    await until(() => h.standin.callsTo("getUpdates").length >= 2, "a second getUpdates after the first timed out", 10_000);
    h.standin.pushUpdate({ ok: true, result: h.standin.textUpdate("Mấy giờ bên bạn làm việc?") });
    // A first contact is also told, in a message of its own, how personal data is kept: wait for the answer itself.
    await until(() => h.texts().some((text) => text.includes("Phòng kỹ thuật")), "the answer to the polled update", 10_000);
    await until(() => h.texts().some((text) => text.includes("Thông báo xử lý dữ liệu cá nhân")), "the personal-data notice", 10_000);
    expect(h.standin.callsTo("deleteWebhook")).toHaveLength(1);
  });
});
