import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { USER, type ZaloHarness, zaloHarness } from "./harness.js";

let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PDF = Buffer.from("%PDF-1.7 hướng dẫn cấu hình");
const DAY = 24 * 3600 * 1000;

/** An open technical request #1 opened with typed answers (an email as contact), claimed by a staff member. */
async function claimedRequest(harness: ZaloHarness) {
  await harness.press("menu:new");
  await harness.press("cat:hosting_domain");
  await harness.say("SSL hết hạn");
  await harness.say("xong");
  await harness.press("in:consent_yes"); // Decree 13/2023: consent before contact details
  await harness.say("Võ Hà");
  await harness.say("vo.ha@congty.vn");
  await harness.press("in:skip");
  await harness.press("in:confirm");
  const staff = await harness.db.prisma.staff.create({ data: { name: "kt1", login: "kt1", departments: ["technical"] } });
  const ticket = await harness.db.prisma.ticket.findUniqueOrThrow({ where: { number: 1 } });
  expect((await harness.app.tickets.claim(staff.id, ticket.id)).ok).toBe(true);
  await harness.settle();
  harness.since();
  return { staffId: staff.id, ticketId: ticket.id };
}

function storeFile(harness: ZaloHarness, key: string, bytes: Buffer) {
  const target = path.join(harness.dataDir, "files", key);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}

describe("files between staff and a Zalo customer", () => {
  it("a staff reply with a photo and a PDF reaches the customer as an image and a file (uploaded, then sent)", async () => {
    h = await zaloHarness();
    const { staffId, ticketId } = await claimedRequest(h);
    storeFile(h, "staff/anh-loi.jpg", JPEG);
    storeFile(h, "staff/huong-dan.pdf", PDF);
    const attachments = [
      { key: "staff/anh-loi.jpg", name: "anh-loi.jpg", mimeType: "image/jpeg", size: JPEG.length },
      { key: "staff/huong-dan.pdf", name: "huong-dan.pdf", mimeType: "application/pdf", size: PDF.length },
    ];
    expect((await h.app.tickets.reply(staffId, ticketId, "Quý khách xem ảnh và tài liệu đính kèm.", attachments)).ok).toBe(true);
    await h.settle();
    const [text, image, file] = h.standin.sent(USER).slice(-3);
    expect(text?.text).toContain("Quý khách xem ảnh và tài liệu đính kèm.");
    expect(image?.image).toMatchObject({ name: "anh-loi.jpg", bytes: JPEG });
    expect(file?.file).toMatchObject({ name: "huong-dan.pdf", bytes: PDF });
    expect(h.standin.callsTo("/v2.0/oa/upload/image")).toHaveLength(1);
    expect(h.standin.callsTo("/v2.0/oa/upload/file")).toHaveLength(1);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, kind: "reply" } });
    expect(row.status).toBe("sent");
  });

  it("a customer's photo is downloaded from Zalo's CDN and kept with the request", async () => {
    h = await zaloHarness();
    await h.press("menu:new");
    await h.press("cat:hosting_domain");
    const url = h.standin.addCdnFile("img.jpg", JPEG, "image/jpeg");
    await h.post({
      ...h.textEvent("ảnh lỗi"),
      event_name: "user_send_image",
      message: { msg_id: "img-1", text: "ảnh lỗi", attachments: [{ type: "image", payload: { url, thumbnail: url } }] },
    });
    expect(h.last()).toContain("Đã nhận tệp");
    const state = await h.db.prisma.conversation.findFirstOrThrow();
    const stored = (state.state as { intake?: { attachments?: { key: string; mimeType: string }[] } }).intake?.attachments ?? [];
    expect(stored).toHaveLength(1);
    expect(stored[0]?.mimeType).toBe("image/jpeg");
    expect(readFileSync(path.join(h.dataDir, "files", stored[0]?.key ?? "missing"))).toEqual(JPEG);
  });
});

describe("Zalo refusing a reply past its window", () => {
  it("when hotro cannot tell the customer's last interaction, Zalo's -230 after 8 days sends the reply by email instead", async () => {
    h = await zaloHarness({
      env: { EMAIL_IMAP_URL: "imap://u:p@127.0.0.1:9", EMAIL_SMTP_URL: "smtp://127.0.0.1:9", EMAIL_FROM: "hotro@congty.vn" },
    });
    const { staffId, ticketId } = await claimedRequest(h);
    // An identity known before interactions were kept: the reply is tried on Zalo, whose answer decides.
    await h.db.prisma.customerIdentity.updateMany({ where: { channel: "zalo" }, data: { lastInteractionAt: null } });
    h.clock.advance(8 * DAY);
    expect((await h.app.tickets.reply(staffId, ticketId, "Đã gia hạn SSL.")).ok).toBe(true);
    await h.settle();
    expect(h.texts().join("\n")).not.toContain("Đã gia hạn SSL.");
    const failed = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, kind: "reply", channel: "zalo" } });
    expect(failed.status).toBe("failed");
    const email = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { ticketId, channel: "email" } });
    expect(email.destination).toBe("email:vo.ha@congty.vn");
    expect(JSON.stringify(email.payload)).toContain("Đã gia hạn SSL.");
    const events = await h.db.prisma.timelineEvent.findMany({ where: { ticketId, type: "delivery_failed" } });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.data)).toContain("sent by email instead");
  });
});
