import { describe, expect, it } from "vitest";
import { readMail } from "../../../src/channels/email/mail-payload.js";
import {
  automaticReason,
  baseSubject,
  guessLanguage,
  noAcknowledgement,
  replySubject,
  ticketNumberIn,
  ticketToken,
  withoutQuote,
} from "../../../src/channels/email/mail-rules.js";
import { triageCategory } from "../../../src/tickets/index.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";

const SECRET = "k".repeat(40);

describe("mail rules", () => {
  it("keeps a mailing list's List-Id and List-Unsubscribe from a real mail (the parser folds them into one entry)", async () => {
    const raw = Buffer.from(
      [
        "From: =?UTF-8?Q?B=E1=BA=A3n_tin?= <news@lists.example.org>",
        "To: hotro@congty.vn",
        "Subject: Tin tháng 11",
        "List-Id: News of the month <news.lists.example.org>",
        "List-Unsubscribe: <mailto:leave@lists.example.org>",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Tin tức.",
      ].join("\r\n"),
    );
    const mail = await readMail(raw, { folder: "INBOX", uidValidity: "1", uid: 1 }, { dataDir: "/nonexistent", maxBytes: 1024 });
    expect(mail.headers).toMatchObject({
      "list-id": "News of the month <news.lists.example.org>",
      "list-unsubscribe": "<mailto:leave@lists.example.org>",
    });
    expect(noAcknowledgement(mail.headers, mail.from.address)).toBe(true);
  });

  it("recognizes auto-replies, bulk mail and bounces; lists and no-reply senders get no acknowledgement", () => {
    expect(automaticReason({ "auto-submitted": "auto-replied" }, "a@b.vn")).toBeDefined();
    expect(automaticReason({ "auto-submitted": "no" }, "a@b.vn")).toBeUndefined();
    expect(automaticReason({ precedence: "bulk" }, "a@b.vn")).toBeDefined();
    expect(automaticReason({ "x-autorespond": "1" }, "a@b.vn")).toBeDefined();
    expect(automaticReason({ "return-path": "<>" }, "a@b.vn")).toBeDefined();
    expect(automaticReason({}, "MAILER-DAEMON@mx.b.vn")).toBeDefined();
    expect(automaticReason({}, "an@b.vn")).toBeUndefined();
    expect(noAcknowledgement({ "list-id": "<x>" }, "a@b.vn")).toBe(true);
    expect(noAcknowledgement({}, "no-reply@b.vn")).toBe(true);
    expect(noAcknowledgement({}, "an@b.vn")).toBe(false);
  });

  it("signs the ticket token: only our own token names a ticket", () => {
    const token = ticketToken(SECRET, 42);
    expect(token).toMatch(/^\[#42-[0-9a-f]{8}\]$/);
    expect(ticketNumberIn(SECRET, `Re: Tên miền ${token}`)).toBe(42);
    expect(ticketNumberIn(SECRET, "Re: Tên miền [#42-00000000]")).toBeUndefined();
    expect(ticketNumberIn("another secret of forty characters......", `Re: ${token}`)).toBeUndefined();
  });

  it("keeps one Re: and one token in a thread's subject", () => {
    const token = ticketToken(SECRET, 7);
    expect(baseSubject(`RE: Trả lời: Fwd: Hóa đơn ${token}`)).toBe("Hóa đơn");
    expect(replySubject(`Re: Hóa đơn ${token}`, token)).toBe(`Re: Hóa đơn ${token}`);
    expect(replySubject("", token)).toBe(token);
  });

  it("cuts the quoted earlier mail, but never leaves a reply empty", () => {
    expect(withoutQuote("Đã xong.\n\nOn Wed, 25 Nov 2026 at 09:00, Hỗ trợ wrote:\n> Kính thưa quý khách")).toBe("Đã xong.");
    expect(withoutQuote("Ok\n> quoted")).toBe("Ok");
    expect(withoutQuote("> only a quote")).toBe("> only a quote");
  });

  it("guesses a new customer's language from the mail", () => {
    expect(guessLanguage("Tên miền không chạy", "en")).toBe("vi");
    expect(guessLanguage("Hello, my domain is down", "vi")).toBe("en");
    expect(guessLanguage("ten mien loi", "vi")).toBe("vi");
  });

  it("R1.1 R1.4 R1.6 a whole request is routed by its subject and text; unclear ones go to Customer care", async () => {
    const policy = await loadDefaultPolicy();
    expect(triageCategory(policy, "Tên miền congty.vn không truy cập được")).toEqual({ categoryId: "hosting_domain", clear: true });
    expect(triageCategory(policy, "Hỏi chút việc")).toEqual({ categoryId: "other", clear: false });
    const shared = policy.categories.find((c) => c.question);
    expect(triageCategory(policy, shared?.name.vi ?? "").categoryId).toBe("other");
  });
});
