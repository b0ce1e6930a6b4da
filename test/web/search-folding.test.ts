import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fold } from "../../src/kernel/text.js";
import { type WebHarness, webHarness } from "./web-harness.js";

interface Hit {
  number: number;
  department: string;
  status: string;
  createdAt: string;
}

/** Console search with diacritics folded on both sides, on PGlite and (with TEST_DATABASE_URL) PostgreSQL. */
describe("console search, diacritics folded", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const searchAs = async (login: string) => {
    const as = h.as(await h.signIn(login));
    return async (q: string) => ((await as.get(`/console/api/search?q=${encodeURIComponent(q)}`)).json() as { results: Hit[] }).results;
  };
  const numbers = (hits: Hit[]) => hits.map((hit) => hit.number);

  it("the database's hotro_fold() folds exactly as the query's fold(), precomposed or decomposed", async () => {
    const samples = [
      "Nguyễn Văn An",
      "ĐẶNG THỊ HỒNG NHUNG",
      "Trần Quốc Tuấn",
      "Lê Hoàng Phúc – Công ty TNHH Hòa Bình",
      "Hoà Bình, Thuỷ, Khoẻ",
      "Nguyễn Văn An".normalize("NFD"),
      "Ưng Hoàng Phúc, Ơn giời, Đà Lạt",
      "shop-abc.vn 100%_done",
    ];
    for (const sample of samples) {
      const [row] = await h.db.prisma.$queryRaw<{ folded: string }[]>`SELECT hotro_fold(${sample}) AS folded`;
      expect(row?.folded, sample).toBe(fold(sample));
    }
  });

  it("`nguyen van an` finds “Nguyễn Văn An”, and so do other spellings; results show department, state and date", async () => {
    await h.staff("care", ["customer_care"]);
    const ticket = await h.openRequest("Tên miền không truy cập được", { name: "Nguyễn Văn An", phone: "0903 111 222" });
    await h.openRequest("Khác", { name: "Trần Thị Bình" });
    const search = await searchAs("care");
    for (const q of ["nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn An", "nguyễn van an", "van an"]) {
      expect(numbers(await search(q)), q).toEqual([ticket.number]);
    }
    const [hit] = await search("nguyen van an");
    expect(hit).toMatchObject({ department: "Sales", status: "ready", createdAt: expect.any(String) });
  });

  it("finds by folded message text, domain and email; keeps a reader's % and _ literal", async () => {
    await h.staff("care", ["customer_care"]);
    const withDomain = await h.openRequest("Website chậm", { name: "Khách", website: "cửa-hàng-hoa.vn" });
    const withMessage = await h.openRequest("Yêu cầu", { name: "Khách hai" });
    await h.app.tickets.addCustomerMessage({
      customerId: withMessage.customerId,
      channel: "webchat",
      text: "Hóa đơn tháng 11 bị sai số tiền 100%",
      ticketId: withMessage.id,
    });
    const search = await searchAs("care");
    expect(numbers(await search("cua-hang-hoa"))).toEqual([withDomain.number]);
    expect(numbers(await search("hoa don thang 11"))).toEqual([withMessage.number]);
    expect(numbers(await search("website cham"))).toEqual([withDomain.number]);
    expect(numbers(await search("tien 100%"))).toEqual([withMessage.number]);
    // "%" and "_" are searched for as themselves: "1_0" would match "100" as a wildcard.
    expect(numbers(await search("1_0"))).toEqual([]);
    expect(numbers(await search("%"))).toEqual([]);
  });

  it("R4.1 a folded search returns only tickets the reader may read", async () => {
    await h.staff("care", ["customer_care"]);
    await h.staff("tuan", ["technical"]);
    const sales = await h.openRequest("Báo giá", { name: "Nguyễn Văn An" });
    expect(numbers(await (await searchAs("tuan"))("nguyen van an"))).toEqual([]);
    expect(numbers(await (await searchAs("care"))("nguyen van an"))).toEqual([sales.number]);
  });
});
