import { afterEach, describe, expect, it } from "vitest";
import { signedTicketId } from "../../src/web/ticket-links.js";
import { type WebHarness, webHarness } from "./web-harness.js";

/**
 * Decree 13/2023 from the customer's ticket page: a copy or a deletion asked there, confirmed by a
 * one-time code sent over the ticket's chat or to the email on file and typed on the page, carried
 * out by the same use cases as the bot's /dulieu.
 */

const SECRET = "s".repeat(40);
const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

let h: WebHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The code the outbox holds for a destination: what the customer reads in their chat or mailbox. */
async function codeSentTo(harness: WebHarness, destination: string): Promise<string> {
  const row = await harness.db.prisma.outboxMessage.findFirstOrThrow({ where: { destination }, orderBy: { seq: "desc" } });
  return /"code":"(\d{6})"/.exec(JSON.stringify(row.payload))?.[1] ?? "";
}

const flashOf = (response: { headers: Record<string, unknown> }) => /flash=([a-z_]+)/.exec(String(response.headers.location))?.[1];

describe("personal data from the ticket page", () => {
  it("sends a code to the ticket's chat, takes it on the page and gives the copy as links", async () => {
    h = await webHarness();
    const ticket = await h.openRequest("Website congty-an.vn báo lỗi 500", { name: "Trần Văn An" });
    const other = await h.openRequest("Tên miền cua-hang-binh.vn hết hạn", { name: "Bình" });
    const page = `/t/${signedTicketId(SECRET, ticket)}`;
    const get = async (url = page) => h?.app.server.inject({ method: "GET", url });
    const before = await get();
    expect(before?.body).toContain("Dữ liệu cá nhân của quý khách");
    expect(before?.body).toContain(`action="${page}/privacy"`);
    // No email on file: no choice offered, and asking for one is refused on the page.
    expect(before?.body).not.toContain('value="email"');
    const noEmail = await h.app.server.inject({ method: "POST", url: `${page}/privacy`, ...form({ kind: "export", via: "email" }) });
    expect(flashOf(noEmail)).toBe("privacy_no_email");

    const asked = await h.app.server.inject({ method: "POST", url: `${page}/privacy`, ...form({ kind: "export" }) });
    expect(asked.statusCode).toBe(303);
    expect(flashOf(asked)).toBe("privacy_sent_channel");
    const code = await codeSentTo(h, "webchat:v1");
    expect(code).toMatch(/^\d{6}$/);
    const waiting = await get(String(asked.headers.location));
    expect(waiting?.body).toContain("vào cuộc trò chuyện quý khách đã dùng");
    expect(waiting?.body).toContain(`action="${page}/privacy/code"`);

    const wrong = code === "000000" ? "111111" : "000000";
    const refused = await h.app.server.inject({ method: "POST", url: `${page}/privacy/code`, ...form({ code: wrong }) });
    expect(flashOf(refused)).toBe("privacy_wrong");
    const confirmed = await h.app.server.inject({ method: "POST", url: `${page}/privacy/code`, ...form({ code }) });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.headers["cache-control"]).toBe("no-store");

    const request = await h.db.prisma.privacyRequest.findFirstOrThrow({ where: { kind: "export", state: "done" } });
    expect(request).toMatchObject({ customerId: ticket.customerId, ticketId: ticket.id, requestedBy: `customer:${ticket.customerId}` });
    const ready = confirmed;
    expect(ready.body).toContain("Bản sao dữ liệu của quý khách đã sẵn sàng");
    expect(ready.body).toContain("được giữ đến 02/12/2026 09:00");
    const links = [...ready.body.matchAll(/href="(\/files\/privacy\/[^"]+)"/g)].map((m) => (m[1] ?? "").replaceAll("&amp;", "&"));
    expect(links).toHaveLength(2);
    const json = await get(links[0]);
    expect(json?.statusCode).toBe(200);
    expect(json?.body).toContain("congty-an.vn báo lỗi 500");
    expect(json?.body).not.toContain("cua-hang-binh");
    expect((await get(links[1]))?.body).toContain("Trần Văn An");
    // The links are given once, in that answer: the page itself (anyone holding its link) never lists them.
    expect((await get())?.body).not.toContain("/files/privacy/");
    const theirs = await get(`/t/${signedTicketId(SECRET, other)}`);
    expect(theirs?.body).not.toContain("/files/privacy/");
  });

  it("deletes the data after a code sent to the email on file; the old link then leads nowhere", async () => {
    h = await webHarness({
      env: { EMAIL_IMAP_URL: "imap://u:p@127.0.0.1:9", EMAIL_SMTP_URL: "smtp://127.0.0.1:9", EMAIL_FROM: "hotro@congty.vn" },
    });
    const ticket = await h.openRequest("Website congty-an.vn báo lỗi 500", { name: "Trần Văn An", email: "an@congty-an.vn" });
    const page = `/t/${signedTicketId(SECRET, ticket)}?lang=en`;
    const path = page.split("?")[0];
    expect((await h.app.server.inject({ method: "GET", url: page })).body).toContain('value="email"');
    const asked = await h.app.server.inject({ method: "POST", url: `${path}/privacy?lang=en`, ...form({ kind: "erase", via: "email" }) });
    expect(flashOf(asked)).toBe("privacy_sent_email");
    expect(String(asked.headers.location)).toContain("lang=en");
    const code = await codeSentTo(h, "email:an@congty-an.vn");
    expect(code).toMatch(/^\d{6}$/);
    // Nothing went to the chat: the code is for the mailbox's owner.
    const toChat = await h.db.prisma.outboxMessage.findMany({ where: { destination: "webchat:v1" } });
    expect(JSON.stringify(toChat.map((row) => row.payload))).not.toContain(code);

    const done = await h.app.server.inject({
      method: "POST",
      url: `${path}/privacy/code?lang=en`,
      ...form({ code: `${code.slice(0, 3)} ${code.slice(3)}` }),
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Your personal data has been deleted (1 requests anonymised)");
    expect((await h.app.server.inject({ method: "GET", url: page })).statusCode).toBe(404);
    const customer = await h.db.prisma.customer.findUniqueOrThrow({ where: { id: ticket.customerId } });
    expect(customer).toMatchObject({ name: null, email: null, phone: null });
    expect(customer.erasedAt).toEqual(h.clock.now());
    const wiped = await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(wiped.description).toBe("—");
    expect(await h.db.prisma.privacyRequest.findFirstOrThrow({ where: { kind: "erase" } })).toMatchObject({
      state: "done",
      channel: "email",
    });
  });
  it("sends at most three codes an hour from one ticket's page: the link alone cannot flood the customer's chat", async () => {
    h = await webHarness();
    const ticket = await h.openRequest("Website congty-an.vn báo lỗi 500", { name: "Trần Văn An" });
    const page = `/t/${signedTicketId(SECRET, ticket)}`;
    const ask = () => h?.app.server.inject({ method: "POST", url: `${page}/privacy`, ...form({ kind: "export" }) });
    const flashes = [];
    for (let i = 0; i < 4; i++) flashes.push(flashOf((await ask()) ?? { headers: {} }));
    expect(flashes).toEqual(["privacy_sent_channel", "privacy_sent_channel", "privacy_sent_channel", "privacy_too_often"]);
    const codes = await h.db.prisma.outboxMessage.findMany({ where: { destination: "webchat:v1" } });
    expect(codes.filter((row) => /"code":"\d{6}"/.test(JSON.stringify(row.payload)))).toHaveLength(3);
    const told = await h.app.server.inject({ method: "GET", url: `${page}?flash=privacy_too_often` });
    expect(told.body).toContain("Quý khách đã yêu cầu mã xác nhận nhiều lần.");
  });
});
