import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../src/web/session-cookie.js";
import { PASSWORD, type WebHarness, webHarness } from "./web-harness.js";

describe("console API", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("answers 401 to every API route without a session", async () => {
    for (const url of ["/console/api/me", "/console/api/queue", "/console/api/dashboard", "/console/api/search?q=1", "/console/api/care"]) {
      const response = await h.app.server.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(401);
    }
    const post = await h.app.server.inject({ method: "POST", url: "/console/api/claim-next", payload: {} });
    expect(post.statusCode).toBe(401);
    // A malformed cookie (bad percent-encoding) is no session: 401, not a server error.
    const malformed = await h.app.server.inject({
      method: "GET",
      url: "/console/api/me",
      headers: { cookie: `${SESSION_COOKIE}=%E0%A4%A` },
    });
    expect(malformed.statusCode).toBe(401);
  });

  it("refuses a state change without the session's CSRF token (403), and with another session's token", async () => {
    await h.staff("lan", ["sales"]);
    await h.staff("minh", ["sales"]);
    const lan = await h.signIn("lan");
    const minh = await h.signIn("minh");
    const missing = await h.app.server.inject({
      method: "POST",
      url: "/console/api/claim-next",
      payload: {},
      headers: { cookie: lan.cookie },
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: "csrf" });
    const crossed = await h.app.server.inject({
      method: "POST",
      url: "/console/api/claim-next",
      payload: {},
      headers: { cookie: lan.cookie, "x-csrf-token": minh.csrf },
    });
    expect(crossed.statusCode).toBe(403);
    expect(await h.db.prisma.ticket.count({ where: { status: "claimed" } })).toBe(0);
  });

  it("sets an HttpOnly, SameSite=Strict session cookie scoped to /console, Secure behind https", async () => {
    await h.staff("lan", ["sales"]);
    const response = await h.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: "lan", password: "correct horse battery" },
    });
    const cookie = String(response.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await (await import("./web-harness.js")).webHarness({ env: { PUBLIC_URL: "https://support.example.vn" } });
    try {
      await https.staff("lan", ["sales"]);
      const secure = await https.app.server.inject({
        method: "POST",
        url: "/console/api/sign-in",
        payload: { login: "lan", password: "correct horse battery" },
      });
      expect(String(secure.headers["set-cookie"])).toMatch(/; Secure/);
    } finally {
      await https.close();
    }
  });

  it("slows sign-in down after five wrong passwords for a login: 429 with Retry-After, even with the right password", async () => {
    await h.staff("lan", ["sales"]);
    const attempt = (password: string) =>
      h.app.server.inject({ method: "POST", url: "/console/api/sign-in", payload: { login: "lan", password } });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).statusCode).toBe(401);
    const slowed = await attempt("correct horse battery");
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    h.clock.advance(61_000);
    expect((await attempt("correct horse battery")).statusCode).toBe(200);
  });

  it("slows down one client spraying many logins: 429 after twenty failures, whatever the login", async () => {
    const attempt = (login: string) =>
      h.app.server.inject({ method: "POST", url: "/console/api/sign-in", payload: { login, password: "x" }, remoteAddress: "203.0.113.9" });
    for (let i = 0; i < 20; i++) expect((await attempt(`nobody${i}`)).statusCode).toBe(401);
    expect((await attempt("someone-else")).statusCode).toBe(429);
  });

  it("guesses from elsewhere never lock the real user out; the guesser is slowed, more with every failure", async () => {
    await h.staff("lan", ["sales"]);
    const from = (remoteAddress: string, password: string) =>
      h.app.server.inject({ method: "POST", url: "/console/api/sign-in", payload: { login: "lan", password }, remoteAddress });
    for (let i = 0; i < 5; i++) expect((await from("198.51.100.7", `guess-${i}`)).statusCode).toBe(401);
    const slowed = await from("198.51.100.7", "guess-5");
    expect(slowed.statusCode).toBe(429);
    expect(slowed.headers["retry-after"]).toBe("60");
    expect((await from("192.0.2.10", PASSWORD)).statusCode).toBe(200);
    h.clock.advance(61_000);
    expect((await from("198.51.100.7", "guess-6")).statusCode).toBe(401);
    expect((await from("198.51.100.7", "guess-7")).headers["retry-after"]).toBe("120");
  });

  it("attempts sent side by side get no more password checks than one after another: five, then 429", async () => {
    await h.staff("lan", ["sales"]);
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.app.server.inject({
          method: "POST",
          url: "/console/api/sign-in",
          payload: { login: "lan", password: i === 29 ? PASSWORD : `guess-${i}` },
          remoteAddress: "198.51.100.20",
        }),
      ),
    );
    const codes = burst.map((response) => response.statusCode);
    expect(codes.filter((code) => code !== 429)).toHaveLength(5);
    expect(codes.filter((code) => code === 200).length + codes.filter((code) => code === 401).length).toBe(5);
  });

  it("the addresses of one IPv6 /64 count as one client; good sign-ins do not count against an office's address", async () => {
    const attempt = (login: string, remoteAddress: string) =>
      h.app.server.inject({ method: "POST", url: "/console/api/sign-in", payload: { login, password: "x" }, remoteAddress });
    for (let i = 0; i < 20; i++) expect((await attempt(`nobody${i}`, `2001:db8:1:2::${(i + 1).toString(16)}`)).statusCode).toBe(401);
    expect((await attempt("someone-else", "2001:db8:1:2:ffff::9")).statusCode).toBe(429);
    expect((await attempt("someone-else", "2001:db8:1:3::1")).statusCode).toBe(401);

    await h.staff("lan", ["sales"]);
    const office = "192.0.2.50";
    // An office past its free failures: once its wait is over, good sign-ins never make it wait again.
    for (let i = 0; i < 20; i++) expect((await attempt(`nobody${i}`, office)).statusCode).toBe(401);
    h.clock.advance(61_000);
    for (let i = 0; i < 30; i++) {
      const signedIn = await h.app.server.inject({
        method: "POST",
        url: "/console/api/sign-in",
        payload: { login: "lan", password: PASSWORD },
        remoteAddress: office,
      });
      expect(signedIn.statusCode).toBe(200);
    }
    h.clock.advance(30_000);
    expect((await attempt("nobody", office)).statusCode).toBe(401);
  });

  it("R4.1 lists a department's members to Customer care and to that department's own staff, to nobody else", async () => {
    await h.staff("lan", ["sales"]);
    await h.staff("hoa", ["customer_care"]);
    await h.staff("minh", ["technical"]);
    const lan = h.as(await h.signIn("lan"));
    const hoa = h.as(await h.signIn("hoa"));
    const names = async (response: { statusCode: number; json(): unknown }) =>
      (response.json() as { staff: { name: string }[] }).staff.map((s) => s.name);
    expect(await names(await hoa.get("/console/api/staff?department=technical"))).toEqual(["MINH"]);
    expect(await names(await lan.get("/console/api/staff?department=sales"))).toEqual(["LAN"]);
    const refused = await lan.get("/console/api/staff?department=technical");
    expect(refused.statusCode).toBe(403);
    expect(JSON.stringify(refused.json())).not.toContain("MINH");
  });

  it("R3.1 Claim next takes the head; a claim elsewhere in the line is refused with its position and the head's number", async () => {
    await h.staff("lan", ["sales"]);
    const first = await h.openRequest("Thứ nhất");
    const second = await h.openRequest("Thứ hai");
    const lan = h.as(await h.signIn("lan"));
    const queue = (await lan.get("/console/api/queue")).json() as {
      departments: { id: string; waiting: { number: number; position: number; sla: string }[] }[];
    };
    const sales = queue.departments.find((d) => d.id === "sales");
    expect(sales?.waiting.map((w) => [w.number, w.position, w.sla])).toEqual([
      [first.number, 1, "on_track"],
      [second.number, 2, "on_track"],
    ]);
    const refused = await lan.post(`/console/api/tickets/${second.id}/claim`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: "not_head", details: { position: 2, headNumber: first.number } });
    expect(refused.json().message).toContain(`#${first.number}`);
    const next = await lan.post("/console/api/claim-next");
    expect(next.json()).toMatchObject({ ok: true, ticket: { number: first.number } });
  });

  it("R3.4 R4.2 shows reply validation errors: empty, a phone call, abusive words", async () => {
    await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest();
    const lan = h.as(await h.signIn("lan"));
    await lan.post("/console/api/claim-next");
    const reply = (text: string) => lan.post(`/console/api/tickets/${ticket.id}/reply`, { text });
    const empty = await reply("   ");
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({ error: "empty", message: "Write something first." });
    const call = await reply("Anh để lại số, em gọi điện cho anh nhé");
    expect(call.statusCode).toBe(422);
    expect(call.json()).toMatchObject({ error: "verbal_exchange" });
    const abusive = await reply("Đồ ngu");
    expect(abusive.statusCode).toBe(422);
    expect(abusive.json()).toMatchObject({ error: "abusive" });
    expect(await h.db.prisma.message.count({ where: { ticketId: ticket.id, direction: "out" } })).toBe(0);
  });

  it("R4.1 a staff member of another department can neither view nor claim the ticket", async () => {
    await h.staff("tuan", ["technical"]);
    const ticket = await h.openRequest();
    const tuan = h.as(await h.signIn("tuan"));
    expect((await tuan.get(`/console/api/tickets/${ticket.id}`)).statusCode).toBe(403);
    const claim = await tuan.post(`/console/api/tickets/${ticket.id}/claim`);
    expect(claim.statusCode).toBe(403);
    expect(claim.json()).toMatchObject({ error: "not_your_department" });
    expect((await tuan.get("/console/api/care")).statusCode).toBe(403);
    await h.staff("lan", ["sales"]);
    await h.staff("minh", ["sales"]);
    const lan = h.as(await h.signIn("lan"));
    await lan.post("/console/api/claim-next");
    const minh = h.as(await h.signIn("minh"));
    const other = await minh.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Xin chào" });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: "claimed_by_other", message: "Another staff member is handling this ticket." });
  });

  it("R3.3 a webchat reply is delivered without any platform, then resolve works; the ticket view has notes and the timeline", async () => {
    await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest();
    const lan = h.as(await h.signIn("lan"));
    await lan.post("/console/api/claim-next");
    expect((await lan.post(`/console/api/tickets/${ticket.id}/resolve`, { text: "Xong" })).json()).toMatchObject({
      error: "no_delivered_reply",
    });
    expect((await lan.post(`/console/api/tickets/${ticket.id}/note`, { text: "Kiểm tra DNS" })).statusCode).toBe(200);
    expect((await lan.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Chúng tôi đã sửa bản ghi DNS." })).statusCode).toBe(200);
    await h.app.start();
    await expect.poll(() => h.db.prisma.outboxMessage.count({ where: { ticketId: ticket.id, kind: "reply", status: "sent" } })).toBe(1);
    const resolved = await lan.post(`/console/api/tickets/${ticket.id}/resolve`, { text: "Yêu cầu đã được xử lý xong." });
    expect(resolved.json()).toMatchObject({ ok: true });
    const view = (await lan.get(`/console/api/tickets/${ticket.id}`)).json() as {
      ticket: { status: string };
      messages: { direction: string; text: string }[];
      timeline: { type: string }[];
      link: string;
    };
    expect(view.ticket.status).toBe("resolved");
    expect(view.messages.map((m) => m.direction)).toEqual(["in", "note", "out", "out"]);
    expect(view.messages[2]?.text).toBe("Kính thưa quý khách,\nChúng tôi đã sửa bản ghi DNS.");
    expect(view.timeline.map((e) => e.type)).toEqual(["created", "claimed", "note", "replied", "replied", "resolved"]);
    expect(view.link).toMatch(new RegExp(`/t/${ticket.number}-[A-Za-z0-9_-]{32}$`));
  });

  it("searches by ticket number, customer name, phone and domain, with the customer's other tickets", async () => {
    await h.staff("care", ["customer_care"]);
    const first = await h.openRequest("Một", { name: "Nguyễn Thị Hoa", phone: "0912 345 678", website: "hoa-shop.vn" });
    const care = h.as(await h.signIn("care"));
    const search = async (q: string) =>
      ((await care.get(`/console/api/search?q=${encodeURIComponent(q)}`)).json() as { results: { number: number }[] }).results.map(
        (r) => r.number,
      );
    expect(await search(`#${first.number}`)).toContain(first.number);
    expect(await search("Thị Hoa")).toEqual([first.number]);
    expect(await search("0912")).toEqual([first.number]);
    expect(await search("hoa-shop.vn")).toEqual([first.number]);
    expect(await search("nobody-here")).toEqual([]);
  });

  it("counts the dashboard: open, resolved and breached per department, average rating, response and resolution times", async () => {
    await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest();
    await h.openRequest("Còn mở");
    const lan = h.as(await h.signIn("lan"));
    await lan.post("/console/api/claim-next");
    h.clock.advance(10 * 60_000);
    await lan.post(`/console/api/tickets/${ticket.id}/reply`, { text: "Đã xử lý." });
    await h.db.prisma.outboxMessage.updateMany({ where: { status: "pending" }, data: { status: "sent" } });
    h.clock.advance(20 * 60_000);
    await lan.post(`/console/api/tickets/${ticket.id}/resolve`, { text: "Hoàn tất." });
    const customer = await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect((await h.app.tickets.rate(customer.customerId, ticket.id, 4)).ok).toBe(true);
    const dashboard = (await lan.get("/console/api/dashboard")).json() as {
      perDepartment: { id: string; open: number; resolved: number; breached: number }[];
      rating: { average: number; count: number };
      firstResponseMinutes: { average: number };
      resolutionMinutes: { average: number };
    };
    expect(dashboard.perDepartment.find((d) => d.id === "sales")).toMatchObject({ open: 1, resolved: 1, breached: 0 });
    expect(dashboard.rating).toEqual({ average: 4, count: 1 });
    expect(dashboard.firstResponseMinutes.average).toBe(10);
    expect(dashboard.resolutionMinutes.average).toBe(30);
  });

  it("R4.1 search and the dashboard cover only the departments a staff member may read; Customer care's cover all", async () => {
    await h.staff("care", ["customer_care"]);
    await h.staff("tuan", ["technical"]);
    const ticket = await h.openRequest("Một", { name: "Nguyễn Thị Hoa", phone: "0912 345 678" });
    expect(ticket.departmentId).toBe("sales");
    const care = h.as(await h.signIn("care"));
    const tuan = h.as(await h.signIn("tuan"));
    const search = async (as: typeof care) =>
      ((await as.get(`/console/api/search?q=${encodeURIComponent("Thị Hoa")}`)).json() as { results: { number: number }[] }).results.map(
        (r) => r.number,
      );
    expect(await search(care)).toEqual([ticket.number]);
    expect(await search(tuan)).toEqual([]);
    const departments = async (as: typeof care) =>
      ((await as.get("/console/api/dashboard")).json() as { perDepartment: { id: string }[] }).perDepartment.map((d) => d.id);
    expect(await departments(care)).toEqual(h.policy.departments.map((d) => d.id));
    expect(await departments(tuan)).toEqual(["technical"]);
  });

  it("the ticket view never carries the ticket's access token, only the signed link", async () => {
    await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest();
    const lan = h.as(await h.signIn("lan"));
    const view = (await lan.get(`/console/api/tickets/${ticket.id}`)).json() as { ticket: Record<string, unknown>; link: string };
    expect(view.ticket).not.toHaveProperty("accessToken");
    expect(JSON.stringify(view)).not.toContain(ticket.accessToken);
    expect(view.link).toMatch(new RegExp(`/t/${ticket.number}-[A-Za-z0-9_-]{32}$`));
  });
});
