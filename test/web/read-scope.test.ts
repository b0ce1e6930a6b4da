import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type WebHarness, webHarness } from "./web-harness.js";

/** R4.1: every staff read (search, history, ticket view, dashboard) follows the one rule of the tickets module. */
describe("what staff may read", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  type Hit = { number: number; departmentId?: string; earlier: { number: number }[] };
  const searchAs = (as: ReturnType<WebHarness["as"]>) => async (q: string) =>
    ((await as.get(`/console/api/search?q=${encodeURIComponent(q)}`)).json() as { results: Hit[] }).results;

  /** One customer with a Sales request and a Technical request. */
  const customerOfTwoDepartments = async () => {
    const sales = await h.openRequest("Báo giá gói web", { name: "Trần Văn Bảo", phone: "0987654321" });
    const technical = await h.app.tickets.open({
      customerId: sales.customerId,
      channel: "webchat",
      chatId: "v1",
      language: "vi",
      categoryId: "hosting_domain",
      description: "Tên miền không trỏ về hosting",
      contact: { name: "Trần Văn Bảo", phone: "0987654321" },
    });
    if (!technical.ok) throw new Error(technical.code);
    expect(sales.departmentId).toBe("sales");
    expect(technical.value.ticket.departmentId).toBe("technical");
    return { sales, technical: technical.value.ticket };
  };

  it("R4.1 a Technical member's search for a Sales customer's phone returns nothing of Sales; Customer care's returns it", async () => {
    await h.staff("care", ["customer_care"]);
    await h.staff("tuan", ["technical"]);
    const sales = await h.openRequest("Báo giá gói web", { name: "Trần Văn Bảo", phone: "0987654321" });
    const tuan = searchAs(h.as(await h.signIn("tuan")));
    const care = searchAs(h.as(await h.signIn("care")));
    expect(await tuan("0987654321")).toEqual([]);
    expect(await tuan("0987 654 321")).toEqual([]);
    expect(await tuan(`#${sales.number}`)).toEqual([]);
    expect((await care("0987654321")).map((hit) => hit.number)).toEqual([sales.number]);
  });

  it("R4.1 a customer's other tickets are listed only from departments the reader may see (search and ticket view)", async () => {
    await h.staff("care", ["customer_care"]);
    await h.staff("tuan", ["technical"]);
    const { sales, technical } = await customerOfTwoDepartments();
    const tuanSession = h.as(await h.signIn("tuan"));
    const tuan = searchAs(tuanSession);
    const care = searchAs(h.as(await h.signIn("care")));

    const tuanHits = await tuan("0987654321");
    expect(tuanHits.map((hit) => hit.number)).toEqual([technical.number]);
    expect(tuanHits[0]?.earlier).toEqual([]);
    const view = (await tuanSession.get(`/console/api/tickets/${technical.id}`)).json() as { earlier: { number: number }[] };
    expect(view.earlier).toEqual([]);
    expect(JSON.stringify(view)).not.toContain("Báo giá gói web");
    expect((await tuanSession.get(`/console/api/tickets/${sales.id}`)).statusCode).toBe(403);

    const careHits = await care("0987654321");
    expect(careHits.map((hit) => hit.number)).toEqual([technical.number, sales.number]);
    expect(careHits[0]?.earlier.map((e) => e.number)).toEqual([sales.number]);
  });

  it("R4.1 a ticket the reader holds stays visible to them after it moves to another department", async () => {
    await h.staff("care", ["customer_care"]);
    const lan = await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest("Chuyển phòng", { name: "Lê Thị Cúc", phone: "0911222333" });
    await h.db.prisma.ticket.update({ where: { id: ticket.id }, data: { departmentId: "technical", claimedById: lan, status: "claimed" } });
    const search = searchAs(h.as(await h.signIn("lan")));
    expect((await search("0911222333")).map((hit) => hit.number)).toEqual([ticket.number]);
  });

  it("search takes %, _ and backslash literally: q=%% and q=__ list nothing, an underscore in an address still matches", async () => {
    await h.staff("care", ["customer_care"]);
    const ticket = await h.openRequest("Một", { name: "Phạm An", phone: "0933 444 555", website: "an_shop.vn" });
    await h.openRequest("Hai", { name: "Đỗ Bình", phone: "0944 555 666" });
    const care = searchAs(h.as(await h.signIn("care")));
    expect(await care("%%")).toEqual([]);
    expect(await care("__")).toEqual([]);
    expect(await care("\\\\")).toEqual([]);
    expect(await care("%a%")).toEqual([]);
    expect((await care("an_shop")).map((hit) => hit.number)).toEqual([ticket.number]);
  });

  it("R4.1 the dashboard: a member sees figures for their departments only, Customer care for every department", async () => {
    await h.staff("care", ["customer_care"]);
    await h.staff("both", ["sales", "design"]);
    await customerOfTwoDepartments();
    const figures = async (login: string) =>
      ((await h.as(await h.signIn(login)).get("/console/api/dashboard")).json() as { perDepartment: { id: string; open: number }[] })
        .perDepartment;
    expect((await figures("both")).map((d) => d.id)).toEqual(["sales", "design"]);
    const all = await figures("care");
    expect(all.map((d) => d.id)).toEqual(h.policy.departments.map((d) => d.id));
    expect(all.find((d) => d.id === "technical")?.open).toBe(1);
  });
});
