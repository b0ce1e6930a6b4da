import { describe, expect, it } from "vitest";
import { defaultPolicyFile, loadPolicyFile } from "../../src/policy/load-policy.js";
import { weekdays } from "../../src/policy/policy.schema.js";
import { loadDefaultPolicy } from "../support/default-policy.js";

const policy = await loadDefaultPolicy();
const category = (id: string) => {
  const found = policy.categories.find((c) => c.id === id);
  if (!found) throw new Error(`no category ${id}`);
  return found;
};
const splitShift = [
  { start: "08:00", end: "12:00" },
  { start: "13:30", end: "16:30" },
];

describe("the bundled default policy", () => {
  it("loads and validates from policy/default.policy.yaml", async () => {
    expect(defaultPolicyFile.endsWith("policy/default.policy.yaml")).toBe(true);
    const loaded = await loadPolicyFile();
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it("is Vietnamese first, also English, in Asia/Ho_Chi_Minh", () => {
    expect(policy.company.languages).toEqual(["vi", "en"]);
    expect(policy.company.defaultLanguage).toBe("vi");
    expect(policy.company.timeZone).toBe("Asia/Ho_Chi_Minh");
    expect(policy.company.name.vi).not.toBe("");
  });

  it("R2.1 links the online documentation", () => {
    expect(policy.documentationUrl).toBe("http://huongdansudungweb.com");
  });
});

describe("R1.2–R1.5 departments", () => {
  it("has the four departments of the seed, named in both languages", () => {
    expect(policy.departments.map((d) => [d.id, d.name.vi, d.name.en])).toEqual([
      ["sales", "Phòng kinh doanh", "Sales"],
      ["technical", "Phòng kỹ thuật", "Technical"],
      ["design", "Phòng thiết kế", "Design"],
      ["customer_care", "Phòng Chăm sóc khách hàng", "Customer care"],
    ]);
  });

  it("R1.5 Customer care is the approving department", () => {
    expect(policy.customerCare.department).toBe("customer_care");
  });
});

describe("R1.2–R1.6 categories map to departments", () => {
  it.each([
    ["R1.2", "product_usage", "sales"],
    ["R1.2", "price_quote", "sales"],
    ["R1.2", "email_accounts", "sales"],
    ["R1.2", "login_accounts", "sales"],
    ["R1.2", "invoices_debt", "sales"],
    ["R1.2", "contract_liquidation", "sales"],
    ["R1.3", "hosting_domain", "technical"],
    ["R1.3", "service_installation", "technical"],
    ["R1.4", "custom_design", "design"],
    ["R1.5", "disputes_satisfaction", "customer_care"],
    ["R1.5", "contract_transfer", "customer_care"],
    ["R1.5", "contract_documents", "customer_care"],
    ["R1.6", "other", "customer_care"],
  ])("%s %s → %s", (_rule, id, department) => {
    expect(category(id).department).toBe(department);
    expect(category(id).name.vi).not.toBe(category(id).name.en);
  });

  it("lists every category of the seed and nothing else", () => {
    expect(policy.categories).toHaveLength(14);
  });

  it("R1.4 'Viết giao diện' has no department: one question decides Design or Technical", () => {
    const webInterface = category("web_interface");
    expect(webInterface.name.vi).toBe("Viết giao diện");
    expect(webInterface.department).toBeUndefined();
    expect(webInterface.question?.answers.map((a) => [a.id, a.department])).toEqual([
      ["new_design", "design"],
      ["existing_site", "technical"],
    ]);
    expect(webInterface.question?.text.vi).toMatch(/thiết kế/);
    expect(webInterface.question?.text.en).toMatch(/new design/);
  });

  it("R1.5 installing services under a contract, contract liquidation and transfer need approval", () => {
    const approved = policy.categories.filter((c) => c.requiresApproval).map((c) => c.id);
    expect(approved.sort()).toEqual(["contract_liquidation", "contract_transfer", "service_installation"]);
  });

  it("gives every category keywords in Vietnamese (with diacritics) and English", () => {
    for (const c of policy.categories) {
      expect(c.keywords.length, c.id).toBeGreaterThan(2);
    }
    expect(category("hosting_domain").keywords).toEqual(expect.arrayContaining(["hosting", "tên miền", "domain", "dns", "ssl"]));
    expect(category("email_accounts").keywords).toEqual(expect.arrayContaining(["outlook", "iphone", "email"]));
    expect(category("login_accounts").keywords).toContain("mật khẩu");
    expect(category("invoices_debt").keywords).toContain("hóa đơn");
    expect(category("price_quote").keywords).toContain("báo giá");
  });
});

describe("R2.2 / R2.6 calendars", () => {
  it("R2.2 guidance staff: Mon–Fri 8:00–12:00 and 13:30–16:30, closed at the weekend", () => {
    const office = policy.calendars.office;
    if (!office) throw new Error("no office calendar");
    for (const day of ["monday", "tuesday", "wednesday", "thursday", "friday"] as const) expect(office[day]).toEqual(splitShift);
    expect(office.saturday).toEqual([]);
    expect(office.sunday).toEqual([]);
  });

  it("R2.6 Technical works 24/24 on working days", () => {
    const technical = policy.departments.find((d) => d.id === "technical");
    expect(technical?.calendar).toBe("round_the_clock");
    const calendar = policy.calendars.round_the_clock;
    for (const day of weekdays.slice(0, 5)) expect(calendar?.[day]).toEqual([{ start: "00:00", end: "24:00" }]);
    expect(calendar?.saturday).toEqual([]);
    expect(calendar?.sunday).toEqual([]);
  });

  it("R2.2 Sales, Design and Customer care keep office hours", () => {
    expect(policy.departments.filter((d) => d.calendar === "office").map((d) => d.id)).toEqual(["sales", "design", "customer_care"]);
  });

  it("R2.6 general-duty staff keep office hours on holidays", () => {
    expect(policy.generalDuty.hours).toEqual(splitShift);
  });
});

describe("R2.6 holidays (Labour Code Art. 112)", () => {
  it("has the solar holidays, with 1/9 as the day next to National Day", () => {
    expect(policy.holidays.solar.map((h) => [h.date, h.days])).toEqual([
      ["01-01", 1],
      ["04-30", 1],
      ["05-01", 1],
      ["09-01", 1],
      ["09-02", 1],
    ]);
  });

  it("has Tết (last day of month 12 through 4/1, 5 days) and Hùng Kings' day (10/3) as lunar rules", () => {
    expect(policy.holidays.lunar.map((h) => [h.month, h.day, h.days])).toEqual([
      [12, "last", 1],
      [1, 1, 4],
      [3, 10, 1],
    ]);
    const days = policy.holidays.solar.reduce((n, h) => n + h.days, 0) + policy.holidays.lunar.reduce((n, h) => n + h.days, 0);
    expect(days).toBe(11);
  });

  it("rests on Saturday and Sunday, with the 2026 bridge and make-up days as data", () => {
    expect(policy.holidays.restDays).toEqual(["saturday", "sunday"]);
    expect(policy.holidays.years["2026"]).toEqual({
      daysOff: ["2026-01-02", "2026-08-31"],
      workingDays: ["2026-01-10", "2026-08-22"],
      notDaysOff: [],
    });
  });
});

describe("R2.4 / R2.5 deadlines", () => {
  it("R2.4 resolves one issue within 7 days (168 wall-clock hours)", () => {
    expect(policy.sla.resolution).toEqual({ hours: 168, basis: "wall_clock" });
    expect(policy.sla.warnings).toEqual([0.5, 0.9]);
  });

  it("R2.5 starts a customer's next issue within 24 h", () => {
    expect(policy.sla.chainStart).toEqual({ hours: 24, basis: "wall_clock" });
  });
});

describe("R3.5 / R3.6 reply texts", () => {
  it("R3.5 greets with 'Kính thưa quý khách'", () => {
    expect(policy.replies.greeting).toEqual({ vi: "Kính thưa quý khách", en: "Dear valued customer" });
  });

  it("R3.6 closes emails with the seed's sentence, spelled 'Cám ơn'", () => {
    expect(policy.replies.emailClosing.vi).toBe("Cám ơn quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi");
    expect(policy.replies.emailClosing.en).toBe("Thank you for your interest in our products and services");
    expect(policy.replies.closingOnChat).toBe(false);
  });

  it("R3.4 / R4.2 lists verbal-exchange patterns and abusive words", () => {
    expect(policy.replies.verbalPatterns.length).toBeGreaterThan(10);
    expect(policy.replies.abusiveWords).toEqual(expect.arrayContaining(["ngu", "đồ ngu", "idiot", "stupid", "shut up"]));
  });

  it("has canned replies in both languages without the greeting or closing", () => {
    expect(policy.replies.canned.length).toBeGreaterThanOrEqual(4);
    for (const canned of policy.replies.canned) {
      expect(canned.text.vi).not.toMatch(/Kính thưa|Cám ơn quý khách đã quan tâm/);
      expect(canned.text.en).not.toMatch(/Dear valued customer/);
    }
  });
});

describe("R1.7 help texts", () => {
  it("answers the support terms, how to send and how to respond, in both languages", () => {
    expect(policy.help.terms.vi).toMatch(/văn bản/);
    expect(policy.help.terms.vi).toMatch(/7 ngày/);
    expect(policy.help.terms.vi).toMatch(/24 giờ/);
    expect(policy.help.terms.vi).toMatch(/8:00–12:00.*13:30–16:30/);
    expect(policy.help.terms.en).toMatch(/in writing/);
    expect(policy.help.howToSend.vi).toMatch(/mô tả/);
    expect(policy.help.howToSend.en).toMatch(/one issue per request/);
    expect(policy.help.howToRespond.vi).toMatch(/trang theo dõi/);
    expect(policy.help.howToRespond.en).toMatch(/tracking page/);
  });
});

describe("intake and FAQ", () => {
  it("asks for a name and a phone or email, the website optionally, and limits floods", () => {
    expect(policy.intake).toEqual({
      contact: { name: true, phoneOrEmail: true, website: "optional" },
      rateLimit: { messages: 20, perSeconds: 60 },
    });
  });

  it("has about 20 FAQ entries, each with both languages and keywords", () => {
    expect(policy.faq.length).toBeGreaterThanOrEqual(20);
    for (const entry of policy.faq) {
      expect(entry.question.vi, entry.id).not.toBe(entry.question.en);
      expect(entry.answer.vi.length, entry.id).toBeGreaterThan(80);
      expect(entry.answer.en.length, entry.id).toBeGreaterThan(80);
      expect(entry.keywords.length, entry.id).toBeGreaterThan(3);
    }
    expect(policy.faq.map((f) => f.id)).toEqual(
      expect.arrayContaining([
        "hosting_plans",
        "domain_dns",
        "ssl_https",
        "email_iphone",
        "email_outlook",
        "vat_invoice",
        "cancel_service",
      ]),
    );
  });

  it("R2.1 FAQ answers point to the documentation", () => {
    const linking = policy.faq.filter((f) => f.answer.vi.includes("http://huongdansudungweb.com"));
    expect(linking.length).toBeGreaterThanOrEqual(5);
    for (const linked of policy.faq.filter((f) => f.link)) expect(linked.link).toBe(policy.documentationUrl);
  });
});
