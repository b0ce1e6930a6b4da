import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signedTicketId, ticketLink } from "../../src/web/ticket-links.js";
import { type WebHarness, webHarness } from "./web-harness.js";

const SECRET = "s".repeat(40);
const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

describe("customer ticket page /t/<signed id>", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function resolvedTicket() {
    await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest();
    const lan = h.as(await h.signIn("lan"));
    await lan.post("/console/api/claim-next");
    await lan.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Chúng tôi đã sửa bản ghi DNS." });
    await h.db.prisma.outboxMessage.updateMany({ where: { status: "pending" }, data: { status: "sent" } });
    await lan.post(`/console/api/tickets/${ticket.id}/resolve`, { text: "Yêu cầu đã xong." });
    return ticket;
  }

  it("shows number, state, position and estimate for a waiting request; ticketLink builds the same URL", async () => {
    const ticket = await h.openRequest();
    const path = `/t/${signedTicketId(SECRET, ticket)}`;
    expect(ticketLink(h.env, ticket)).toBe(`http://localhost:3000${path}`);
    const page = await h.app.server.inject({ method: "GET", url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect(page.body).toContain(`Yêu cầu #${ticket.number}`);
    expect(page.body).toContain("Trong hàng đợi");
    expect(page.body).toContain("vị trí 1 trong hàng đợi");
    expect(page.body).toContain("Hạn xử lý:");
    const english = await h.app.server.inject({ method: "GET", url: `${path}?lang=en` });
    expect(english.body).toContain("number 1 in the queue");
  });

  it("answers 404 to a tampered link, a malformed one and another ticket's mac", async () => {
    const ticket = await h.openRequest();
    const other = await h.openRequest();
    const signed = signedTicketId(SECRET, ticket);
    const last = signed.slice(-1);
    const tampered = `${signed.slice(0, -1)}${last === "A" ? "B" : "A"}`;
    const swapped = `${other.number}-${signed.split("-").slice(1).join("-")}`;
    for (const id of [tampered, swapped, `${ticket.number}`, ticket.accessToken, "../console"]) {
      const response = await h.app.server.inject({ method: "GET", url: `/t/${encodeURIComponent(id)}` });
      expect(response.statusCode, id).toBe(404);
      expect(response.body).not.toContain("#");
    }
    const post = await h.app.server.inject({ method: "POST", url: `/t/${tampered}/answer`, ...form({ text: "hi" }) });
    expect(post.statusCode).toBe(404);
  });

  it("answers 404 once the link is revoked (Customer care rotates the access token); the new link works", async () => {
    await h.staff("care", ["customer_care"]);
    const ticket = await h.openRequest();
    const before = `/t/${signedTicketId(SECRET, ticket)}`;
    expect((await h.app.server.inject({ method: "GET", url: before })).statusCode).toBe(200);
    const care = h.as(await h.signIn("care"));
    expect((await care.post(`/console/api/tickets/${ticket.id}/revoke-link`)).statusCode).toBe(200);
    expect((await h.app.server.inject({ method: "GET", url: before })).statusCode).toBe(404);
    const rotated = await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect((await h.app.server.inject({ method: "GET", url: `/t/${signedTicketId(SECRET, rotated)}` })).statusCode).toBe(200);
  });

  it("R3.3 shows every written reply with its greeting; the customer rates once (R4.2) and may reopen within the window", async () => {
    const ticket = await resolvedTicket();
    const path = `/t/${signedTicketId(SECRET, ticket)}`;
    const page = await h.app.server.inject({ method: "GET", url: path });
    expect(page.body).toContain("Kính thưa quý khách,\nChúng tôi đã sửa bản ghi DNS.");
    expect(page.body).toContain("Kính thưa quý khách,\nYêu cầu đã xong.");
    expect(page.body).toContain("Đã hoàn tất");
    expect(page.body).toContain('name="stars" value="5"');
    const rated = await h.app.server.inject({ method: "POST", url: `${path}/rate`, ...form({ stars: "5" }) });
    expect(rated.statusCode).toBe(303);
    expect(rated.headers.location).toBe(`${path}?flash=rated`);
    expect((await h.db.prisma.rating.findUniqueOrThrow({ where: { ticketId: ticket.id } })).stars).toBe(5);
    const again = await h.app.server.inject({ method: "POST", url: `${path}/rate`, ...form({ stars: "1" }) });
    expect(again.headers.location).toBe(`${path}?flash=already_rated`);
    const after = await h.app.server.inject({ method: "GET", url: `${path}?flash=rated` });
    expect(after.body).toContain("Cảm ơn quý khách đã đánh giá.");
    expect(after.body).not.toContain('name="stars"');
    const reopened = await h.app.server.inject({ method: "POST", url: `${path}/reopen`, ...form({}) });
    expect(reopened.headers.location).toBe(`${path}?flash=reopened`);
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe("ready");
  });

  it("refuses to reopen after the policy's window", async () => {
    const ticket = await resolvedTicket();
    h.clock.advance((h.policy.sla.reopenWindowHours + 1) * 3_600_000);
    const path = `/t/${signedTicketId(SECRET, ticket)}`;
    expect((await h.app.server.inject({ method: "GET", url: path })).body).not.toContain("/reopen");
    const refused = await h.app.server.inject({ method: "POST", url: `${path}/reopen`, ...form({}) });
    expect(refused.headers.location).toBe(`${path}?flash=reopen_window_passed`);
  });

  it("the customer's answer reaches the ticket; hostile text is escaped, and a flash never echoes the URL", async () => {
    const ticket = await h.openRequest("<script>alert(1)</script>");
    const path = `/t/${signedTicketId(SECRET, ticket)}`;
    const answered = await h.app.server.inject({
      method: "POST",
      url: `${path}/answer`,
      ...form({ text: '<img src=x onerror=alert(1)> "quoted"' }),
    });
    expect(answered.headers.location).toBe(`${path}?flash=answered`);
    const messages = await h.db.prisma.message.findMany({ where: { ticketId: ticket.id, direction: "in" }, orderBy: { seq: "asc" } });
    expect(messages.map((m) => m.text)).toEqual(["<script>alert(1)</script>", '<img src=x onerror=alert(1)> "quoted"']);
    const page = await h.app.server.inject({ method: "GET", url: `${path}?flash=<b>x</b>` });
    expect(page.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.body).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;");
    expect(page.body).not.toContain("<script>alert");
    expect(page.body).not.toContain("<img src=x");
    expect(page.body).not.toContain("<b>x</b>");
    const empty = await h.app.server.inject({ method: "POST", url: `${path}/answer`, ...form({ text: "  " }) });
    expect(empty.headers.location).toBe(`${path}?flash=empty`);
  });
});
