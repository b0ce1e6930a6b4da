import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type WebHarness, webHarness } from "./web-harness.js";

const DAY = 86_400_000;

describe("dashboard over a period, and its CSV export", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("counts each day in the company's time zone: opened per department, response and resolution times, ratings", async () => {
    const lanId = await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest("Cần báo giá");
    h.clock.advance(DAY); // the next day, 09:00 in Hanoi
    await h.openRequest("Thêm một yêu cầu");
    await h.app.tickets.claimNext(lanId);
    h.clock.advance(30 * 60_000);
    expect((await h.app.tickets.reply(lanId, ticket.id, "Báo giá đã gửi.")).ok).toBe(true);
    await h.db.prisma.outboxMessage.updateMany({ where: { status: "pending" }, data: { status: "sent" } });
    expect((await h.app.tickets.resolve(lanId, ticket.id, "Xong.")).ok).toBe(true);
    expect((await h.app.tickets.rate(ticket.customerId, ticket.id, 5)).ok).toBe(true);
    const lan = h.as(await h.signIn("lan"));

    const week = (await lan.get("/console/api/dashboard?days=7")).json() as {
      days: number;
      daily: {
        date: string;
        opened: Record<string, number>;
        resolved: Record<string, number>;
        firstResponseMinutes: number | null;
        resolutionMinutes: number | null;
        rating: { average: number | null; count: number };
      }[];
    };
    expect(week.days).toBe(7);
    expect(week.daily.map((d) => d.date).slice(-2)).toEqual(["2026-11-25", "2026-11-26"]);
    const [yesterday, today] = week.daily.slice(-2);
    expect(yesterday).toMatchObject({ opened: { sales: 1 }, resolved: { sales: 0 }, firstResponseMinutes: null });
    // First reply 24.5 h after the request was ready; resolved at the same moment, rated that day.
    expect(today).toMatchObject({ opened: { sales: 1 }, resolved: { sales: 1 }, firstResponseMinutes: 1470, resolutionMinutes: 1470 });
    expect(today?.rating).toEqual({ average: 5, count: 1 });
    expect(new Set(week.daily.map((d) => d.date)).size).toBe(week.daily.length);
  });

  it("exports the period as CSV: a header in the reader's language, a row per day and department, names quoted when needed", async () => {
    await h.staff("care", ["customer_care"]);
    await h.openRequest("Một");
    const care = h.as(await h.signIn("care"));
    const response = await care.get("/console/api/dashboard.csv?days=7");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="hotro-dashboard-7d-2026-11-25.csv"');
    expect(response.headers["cache-control"]).toBe("no-store");
    const lines = response.body
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      'Date,Department,Opened,Resolved,Breached,"First response (min, average)","Resolution (min, average)",Ratings,Average rating',
    );
    const departments = h.policy.departments.length;
    expect(lines.length - 1).toBe(8 * departments);
    const sales = lines.find((line) => line.startsWith("2026-11-25,") && line.includes("Sales"));
    expect(sales?.split(",").slice(2, 5)).toEqual(["1", "0", "0"]);
  });

  it("refuses a period that is not 7, 30 or 90 days with 422, and answers 401 without a session", async () => {
    await h.staff("lan", ["sales"]);
    const lan = h.as(await h.signIn("lan"));
    const bad = await lan.get("/console/api/dashboard.csv?days=365");
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: "bad_request", details: { fields: ["days"] } });
    expect((await lan.get("/console/api/dashboard?days=abc")).statusCode).toBe(422);
    expect((await h.app.server.inject({ method: "GET", url: "/console/api/dashboard.csv" })).statusCode).toBe(401);
  });
});
