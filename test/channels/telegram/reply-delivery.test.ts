import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fillForm, type TelegramHarness, telegramHarness } from "./harness.js";

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PDF = Buffer.from("%PDF-1.7 hướng dẫn cấu hình");

/** An open technical request #1, claimed by a staff member; returns the ids the reply use case needs. */
async function claimedRequest(harness: TelegramHarness) {
  await fillForm(harness, { category: "hosting_domain", description: ["SSL hết hạn"], name: "Võ Hà", contact: "0912345678" });
  await harness.press("in:confirm");
  const staff = await harness.db.prisma.staff.create({ data: { name: "kt1", login: "kt1", departments: ["technical"] } });
  const ticket = await harness.db.prisma.ticket.findUniqueOrThrow({ where: { number: 1 } });
  expect((await harness.app.tickets.claim(staff.id, ticket.id)).ok).toBe(true);
  await harness.settle();
  harness.since();
  return { staffId: staff.id, ticketId: ticket.id };
}

/** Stores a staff file under DATA_DIR/files/<key>, as the staff apps do. */
function storeFile(harness: TelegramHarness, key: string, bytes: Buffer) {
  const target = path.join(harness.dataDir, "files", key);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}

const attachments = [
  { key: "staff/anh-loi.jpg", name: "anh-loi.jpg", mimeType: "image/jpeg", size: JPEG.length },
  { key: "staff/huong-dan.pdf", name: "huong-dan.pdf", mimeType: "application/pdf", size: PDF.length },
];

const uploadedNames = (harness: TelegramHarness, method: string) =>
  harness.standin.callsTo(method).flatMap((call) => Object.values(call.files).map((file) => file.filename));

describe("staff reply attachments reach the customer as Telegram uploads", () => {
  it("sends the text, then the photo with sendPhoto and the document with sendDocument; no link lines", async () => {
    h = await telegramHarness();
    const { staffId, ticketId } = await claimedRequest(h);
    storeFile(h, "staff/anh-loi.jpg", JPEG);
    storeFile(h, "staff/huong-dan.pdf", PDF);
    expect((await h.app.tickets.reply(staffId, ticketId, "Quý khách xem ảnh và tài liệu đính kèm.", attachments)).ok).toBe(true);
    await h.settle();

    const sent = h.sent().slice(-3);
    expect(sent[0]?.text).toBe("Kính thưa quý khách,\nQuý khách xem ảnh và tài liệu đính kèm.");
    expect(sent[1]?.photo?.length).toBeGreaterThan(0);
    expect(sent[2]?.document?.file_name).toBe("huong-dan.pdf");
    expect(uploadedNames(h, "sendPhoto")).toEqual(["anh-loi.jpg"]);
    expect(uploadedNames(h, "sendDocument")).toEqual(["huong-dan.pdf"]);
    expect(h.texts().join("\n")).not.toContain("huong-dan.pdf:");

    // The uploaded bytes are the stored ones.
    const fileId = sent[2]?.document?.file_id ?? "";
    const info = (await (await fetch(`${h.standin.apiRoot}/bot${h.standin.token}/getFile?file_id=${fileId}`)).json()) as {
      result: { file_path: string };
    };
    const download = await fetch(`${h.standin.apiRoot}/file/bot${h.standin.token}/${info.result.file_path}`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, kind: "reply" } });
    expect(row.status).toBe("sent");
  });

  it("a 429 on the document is retried after retry_after without sending the text or the photo again", async () => {
    h = await telegramHarness();
    const { staffId, ticketId } = await claimedRequest(h);
    storeFile(h, "staff/anh-loi.jpg", JPEG);
    storeFile(h, "staff/huong-dan.pdf", PDF);
    h.standin.fail("sendDocument", { kind: "429", retryAfter: 5 });
    expect((await h.app.tickets.reply(staffId, ticketId, "Tài liệu đính kèm.", attachments)).ok).toBe(true);
    await h.settle();
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, kind: "reply" } });
    expect(row).toMatchObject({ status: "pending", payload: expect.objectContaining({ partsDelivered: 2 }) });
    expect(row.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(5000);

    h.clock.advance(5000);
    await h.settle();
    expect(h.standin.callsTo("sendMessage").filter((c) => String(c.params.text).includes("Tài liệu đính kèm."))).toHaveLength(1);
    expect(uploadedNames(h, "sendPhoto")).toEqual(["anh-loi.jpg"]);
    expect(uploadedNames(h, "sendDocument")).toEqual(["huong-dan.pdf", "huong-dan.pdf"]);
    expect((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("sent");
  });

  it("a 5xx on the photo is retried with backoff; a file no longer stored fails permanently on the timeline", async () => {
    h = await telegramHarness();
    const { staffId, ticketId } = await claimedRequest(h);
    storeFile(h, "staff/anh-loi.jpg", JPEG);
    h.standin.fail("sendPhoto", { kind: "500" });
    expect((await h.app.tickets.reply(staffId, ticketId, "Ảnh và tài liệu.", attachments)).ok).toBe(true);
    await h.settle();
    expect(await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, kind: "reply" } })).toMatchObject({
      status: "pending",
      lastError: "Internal Server Error",
    });
    h.clock.advance(2000);
    await h.settle();
    expect(uploadedNames(h, "sendPhoto")).toEqual(["anh-loi.jpg", "anh-loi.jpg"]);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, kind: "reply" } });
    expect(row).toMatchObject({ status: "failed", lastError: 'attachment "huong-dan.pdf" is no longer stored' });
    const events = await h.db.prisma.timelineEvent.findMany({ where: { ticketId, type: "delivery_failed" } });
    expect(events).toHaveLength(1);
    expect(h.standin.callsTo("sendMessage").filter((c) => String(c.params.text).includes("Ảnh và tài liệu."))).toHaveLength(1);
  });
});

describe("a text over 4096 characters", () => {
  const paragraph = (n: number) => `Bước ${n}: ${"kiểm tra cấu hình máy chủ và tên miền. ".repeat(20).trim()}`;
  const long = Array.from({ length: 12 }, (_, i) => paragraph(i + 1)).join("\n\n");

  it("is split; when part 2 fails the retry resumes at part 2, never sending part 1 again", async () => {
    expect(long.length).toBeGreaterThan(4096);
    h = await telegramHarness();
    const { staffId, ticketId } = await claimedRequest(h);
    h.standin.fail("sendMessage", { kind: "slow", ms: 0 }); // part 1 goes through
    h.standin.fail("sendMessage", { kind: "500" }); // part 2 fails
    expect((await h.app.tickets.reply(staffId, ticketId, long)).ok).toBe(true);
    await h.settle();
    expect(h.sent().slice(-1)[0]?.text?.startsWith("Kính thưa quý khách,\nBước 1:")).toBe(true);
    const pending = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, kind: "reply" } });
    expect(pending).toMatchObject({ status: "pending", payload: expect.objectContaining({ partsDelivered: 1 }) });

    h.clock.advance(2000);
    await h.settle();
    const parts = h.texts().filter((t) => t.includes("Bước "));
    expect(parts).toHaveLength(3); // each part once, in order
    expect(parts.every((t) => t.length <= 4096)).toBe(true);
    expect(parts.filter((t) => t.startsWith("Kính thưa quý khách,"))).toHaveLength(1);
    expect(parts.slice(1).every((t) => t.startsWith("Bước "))).toBe(true);
    const stored = await h.db.prisma.message.findFirstOrThrow({ where: { ticketId, direction: "out" } });
    expect(parts.join("\n\n")).toBe(stored.text);
    expect((await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("sent");
  });
});
