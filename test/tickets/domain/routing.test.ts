import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/load-policy.js";
import { routeCategory, suggestCategories } from "../../../src/tickets/domain/routing.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";

const policy = await loadDefaultPolicy();
const top = (text: string) => suggestCategories(policy, text)[0]?.categoryId;

describe("routeCategory", () => {
  it.each([
    ["R1.2", "price_quote", "sales", false],
    ["R1.2", "email_accounts", "sales", false],
    ["R1.2", "invoices_debt", "sales", false],
    ["R1.2", "contract_liquidation", "sales", true],
    ["R1.3", "hosting_domain", "technical", false],
    ["R1.3", "service_installation", "technical", true],
    ["R1.4", "custom_design", "design", false],
    ["R1.5", "disputes_satisfaction", "customer_care", false],
    ["R1.5", "contract_transfer", "customer_care", true],
    ["R1.5", "contract_documents", "customer_care", false],
    ["R1.6", "other", "customer_care", false],
  ])("%s routes %s to %s (approval first: %s)", (_rule, categoryId, departmentId, requiresApproval) => {
    expect(routeCategory(policy, categoryId)).toEqual({ ok: true, value: { departmentId, requiresApproval } });
  });

  it("R1.4 routes 'Viết giao diện' by the customer's answer: a new design → Design, an existing site → Technical", () => {
    expect(routeCategory(policy, "web_interface", "new_design")).toEqual({
      ok: true,
      value: { departmentId: "design", requiresApproval: false },
    });
    expect(routeCategory(policy, "web_interface", "existing_site")).toEqual({
      ok: true,
      value: { departmentId: "technical", requiresApproval: false },
    });
  });

  it("R1.4 refuses to route 'Viết giao diện' before the question is answered", () => {
    expect(routeCategory(policy, "web_interface")).toEqual({
      ok: false,
      code: "answer_required",
      details: { categoryId: "web_interface", answers: ["new_design", "existing_site"] },
    });
  });

  it("refuses an unknown answer and an unknown category", () => {
    expect(routeCategory(policy, "web_interface", "both")).toMatchObject({
      ok: false,
      code: "unknown_answer",
      details: { answerId: "both" },
    });
    expect(routeCategory(policy, "marketing")).toEqual({ ok: false, code: "unknown_category", details: { categoryId: "marketing" } });
  });

  it("ignores an answer given for a category without a question", () => {
    expect(routeCategory(policy, "price_quote", "new_design")).toEqual({
      ok: true,
      value: { departmentId: "sales", requiresApproval: false },
    });
  });
});

describe("R1.1 suggestCategories from a free-text description", () => {
  it.each([
    ["Tôi muốn trỏ tên miền về hosting mới", "hosting_domain"],
    ["tro ten mien ve hosting moi", "hosting_domain"],
    ["Website bị chậm quá", "hosting_domain"],
    ["My domain DNS is broken", "hosting_domain"],
    ["Cho tôi xin báo giá hosting", "price_quote"],
    ["I need a price quote", "price_quote"],
    ["Đổi mật khẩu email thế nào?", "email_accounts"],
    ["cau hinh outlook tren iphone", "email_accounts"],
    ["Quên mật khẩu đăng nhập trang quản trị", "login_accounts"],
    ["Xin xuất hóa đơn VAT tháng này", "invoices_debt"],
    ["xin hoá đơn", "invoices_debt"],
    ["Cần đóng dấu hóa đơn", "contract_documents"],
    ["Tôi muốn hủy dịch vụ", "contract_liquidation"],
    ["Cài đặt wordpress theo hợp đồng", "service_installation"],
    ["Thiết kế logo mới cho công ty", "custom_design"],
    ["Cần sửa giao diện website", "web_interface"],
    ["Tôi muốn khiếu nại về thái độ nhân viên", "disputes_satisfaction"],
    ["Chuyển hợp đồng sang tên công ty khác", "contract_transfer"],
  ])("%s → %s", (text, categoryId) => {
    expect(top(text)).toBe(categoryId);
  });

  it("gives the same ranking with and without diacritics, upper case included", () => {
    expect(suggestCategories(policy, "ĐĂNG KÝ TÊN MIỀN")).toEqual(suggestCategories(policy, "dang ky ten mien"));
    expect(suggestCategories(policy, "báo giá hosting")).toEqual([
      { categoryId: "price_quote", score: 3 },
      { categoryId: "hosting_domain", score: 1 },
    ]);
  });

  it("matches a multi-word keyword only as a phrase, scored by its length", () => {
    // "tên miền" (2 words) counts; "tên" and "miền" apart do not.
    expect(suggestCategories(policy, "miền tên")).toEqual([]);
    expect(suggestCategories(policy, "tên miền")).toEqual([{ categoryId: "hosting_domain", score: 2 }]);
    // "đóng dấu hóa đơn" (4) outweighs "hóa đơn" (2).
    expect(suggestCategories(policy, "đóng dấu hóa đơn")).toEqual([
      { categoryId: "contract_documents", score: 6 },
      { categoryId: "invoices_debt", score: 2 },
    ]);
  });

  it("does not match parts of words", () => {
    // "hosting" is a keyword; "hostingvn" is another word.
    expect(suggestCategories(policy, "hostingvn")).toEqual([]);
  });

  it("returns an empty list when nothing matches, and honours the limit", () => {
    expect(suggestCategories(policy, "xin chào")).toEqual([]);
    expect(suggestCategories(policy, "")).toEqual([]);
    expect(suggestCategories(policy, "   !!! ")).toEqual([]);
    const text = "báo giá hosting email hóa đơn thiết kế";
    expect(suggestCategories(policy, text)).toHaveLength(3);
    expect(suggestCategories(policy, text, 1)).toHaveLength(1);
    expect(suggestCategories(policy, text, 10).length).toBeGreaterThan(3);
  });

  it("counts category names as phrases and keeps the policy order on ties", () => {
    const parsed = parsePolicy({
      ...structuredClone(policy),
      categories: [
        { id: "first", name: { vi: "Một", en: "One" }, department: "sales", keywords: ["web"] },
        { id: "second", name: { vi: "Hai", en: "Two" }, department: "sales", keywords: ["web"] },
        { id: "named", name: { vi: "Bảo trì website", en: "Website maintenance" }, department: "technical" },
      ],
      // The default policy's verified categories are not among these.
      privacy: { ...policy.privacy, verifiedCategories: [] },
    });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(suggestCategories(parsed.policy, "web")).toEqual([
      { categoryId: "first", score: 1 },
      { categoryId: "second", score: 1 },
    ]);
    expect(suggestCategories(parsed.policy, "bao tri website")).toEqual([{ categoryId: "named", score: 3 }]);
  });
});
