import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/load-policy.js";
import { checkReplyText, composeReply } from "../../../src/tickets/domain/reply-rules.js";
import { fold, foldMapped, words } from "../../../src/tickets/domain/text.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";

const policy = await loadDefaultPolicy();
const closingVi = "Cám ơn quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi";
const closingEn = "Thank you for your interest in our products and services";

describe("text folding", () => {
  it("folds Vietnamese to ASCII lower case, đ and Ð included, NFC or NFD alike", () => {
    expect(fold("Đổi mật khẩu email")).toBe("doi mat khau email");
    expect(fold("Đổi mật khẩu email".normalize("NFD"))).toBe("doi mat khau email");
    expect(fold("Ðà Nẵng")).toBe("da nang");
    expect(fold("hoà") === fold("hòa")).toBe(true);
    expect(words("  Tên miền: example.vn!! ")).toEqual(["ten", "mien", "example", "vn"]);
  });

  it("maps folded positions back to the original text", () => {
    const mapped = foldMapped("Gọi điện");
    expect(mapped.folded).toBe("goi dien");
    expect(mapped.text.slice(mapped.source[4], mapped.source[8])).toBe("điện");
  });
});

describe("R3.3 checkReplyText: a written answer is required", () => {
  it.each([
    [""],
    ["   \n "],
    ["Kính thưa quý khách,"],
    ["kinh thua quy khach"],
    [`Kính thưa quý khách,\n${closingVi}.`],
    ["Dear valued customer!"],
  ])("refuses %j as empty", (text) => {
    expect(checkReplyText(policy, text)).toEqual({ ok: false, code: "empty" });
  });

  it("accepts an ordinary written answer", () => {
    expect(checkReplyText(policy, "Em đã trỏ tên miền về hosting mới, quý khách vui lòng kiểm tra lại sau 30 phút.")).toEqual({
      ok: true,
      value: undefined,
    });
  });
});

describe("R3.4 checkReplyText refuses proposals of a phone call or a verbal exchange", () => {
  it.each([
    ["Em sẽ gọi điện cho anh để hướng dẫn", "gọi điện"],
    ["Em se goi dien cho anh de huong dan", "goi dien"],
    ["EM SẼ GỌI ĐIỆN", "GỌI ĐIỆN"],
    ["Em gọi lại cho anh sau nhé", "gọi lại"],
    ["Anh gọi cho em nhé", "Anh gọi cho em"],
    ["Gọi cho em khi anh rảnh", "Gọi cho em"],
    ["Chị vui lòng gọi cho bên em", "vui lòng gọi cho bên em"],
    ["Em sẽ gọi quý khách lúc 3 giờ", "sẽ gọi quý khách"],
    ["Quý khách vui lòng liên hệ qua điện thoại", "liên hệ qua điện thoại"],
    ["Mình nói chuyện qua điện thoại cho nhanh", "nói chuyện qua điện thoại"],
    ["Chị nghe máy giúp em", "nghe máy"],
    ["Hai bên trao đổi trực tiếp sẽ nhanh hơn", "trao đổi trực tiếp"],
    ["Hẹn anh gặp trực tiếp tại văn phòng", "gặp trực tiếp"],
    ["Alo anh ơi", "Alo"],
    ["Em gọi Zalo cho anh", "Em gọi Zalo"],
    ["zalo call nhé", "zalo call"],
    ["Anh gọi số 0903 123 456 giúp em", "Anh gọi số"],
    ["Số của em: gọi 0903 123 456", "gọi 0903 123 456"],
    ["Tel: +84 903 123 456", "Tel: +84 903 123 456"],
    ["Quý khách liên hệ 0903.123.456", "liên hệ 0903.123.456"],
    ["Hotline hỗ trợ: 1900 1234", "Hotline"],
    ["I will call you tomorrow", "call you"],
    ["Let's have a quick phone call", "phone call"],
    ["I'll give you a call this afternoon", "give you a call"],
    ["We can talk on the phone", "talk on the phone"],
    ["We could meet in person next week", "meet in person"],
    ["Please call 0903123456", "call 0903123456"],
  ])("%j (matched %j)", (text, fragment) => {
    const checked = checkReplyText(policy, text);
    expect(checked).toMatchObject({ ok: false, code: "verbal_exchange", details: { fragment } });
  });

  it("matches across line breaks and repeated spaces", () => {
    expect(checkReplyText(policy, "Em sẽ gọi\n  điện cho anh")).toMatchObject({ ok: false, code: "verbal_exchange" });
  });

  it.each([
    "Mỗi cuộc gọi API sẽ trả về dữ liệu JSON",
    "Plugin gọi hàm init() khi khởi động",
    "Hàm gọi lại (callback) chạy sau khi tải xong",
    "Hệ thống sẽ gọi lại hàm xử lý khi có lỗi",
    "Chúng tôi sẽ gọi API của nhà đăng ký tên miền",
    "Gói hosting của anh đã được gia hạn đến 2027",
    "Em đã nâng cấp gói cho anh",
    "Gói anh đang dùng có 5 GB dung lượng",
    "Anh có thể chọn gói cao hơn",
    "Quý khách vui lòng cung cấp số điện thoại 0903123456 để xác minh tài khoản",
    "Anh có thể đăng nhập bằng điện thoại",
    "Ngôn ngữ website đã chuyển sang tiếng Anh",
    "Please set the callback URL in the settings",
    "We will recall the old invoice and issue a new one",
    "The API call returns status 200",
    "Make an API call to /v1/domains",
  ])("accepts the ordinary written answer %j", (text) => {
    expect(checkReplyText(policy, text)).toEqual({ ok: true, value: undefined });
  });
});

describe("R4.2 checkReplyText refuses abusive words", () => {
  it.each([
    ["Anh ngu quá", "ngu"],
    ["Đồ ngu", "ngu"],
    ["do ngu", "ngu"],
    ["ĐM", "đm"],
    ["You idiot", "idiot"],
    ["Please SHUT UP", "shut up"],
    ["Thật là mất dạy", "mất dạy"],
    ["that la mat day", "mất dạy"],
  ])("%j (word %j)", (text, word) => {
    expect(checkReplyText(policy, text)).toEqual({ ok: false, code: "abusive", details: { word } });
  });

  it.each([
    "Ngôn ngữ của website là tiếng Việt",
    "Em đi ngủ đây",
    "Anh Đỗ đã gửi hồ sơ",
    "Chị Ngụ đã xác nhận",
    "The idiomatic fix is a stupendously simple theme",
  ])("accepts %j (a different word that folds alike, or a longer word)", (text) => {
    expect(checkReplyText(policy, text)).toEqual({ ok: true, value: undefined });
  });

  it("checks for a verbal proposal before abusive words", () => {
    expect(checkReplyText(policy, "Đồ ngu, gọi điện cho tôi")).toMatchObject({ code: "verbal_exchange" });
  });
});

describe("R3.5 / R3.6 composeReply", () => {
  it("R3.5 begins every reply with the greeting of the customer's language, then a line break", () => {
    expect(composeReply(policy, { text: "Em đã xử lý xong.", language: "vi", channel: "telegram" })).toBe(
      "Kính thưa quý khách,\nEm đã xử lý xong.",
    );
    expect(composeReply(policy, { text: "Done.", language: "en", channel: "webchat" })).toBe("Dear valued customer,\nDone.");
  });

  it.each([
    "Kính thưa quý khách, Em đã xử lý xong.",
    "Kính thưa quý khách,\nEm đã xử lý xong.",
    "  kính thưa QUÝ KHÁCH:\n\nEm đã xử lý xong.",
    "kinh thua quy khach. Em đã xử lý xong.",
    "Kính thưa quý khách\nEm đã xử lý xong.",
    "Dear valued customer, Em đã xử lý xong.",
  ])("R3.5 adds the greeting exactly once when the staff member typed one: %j", (text) => {
    expect(composeReply(policy, { text, language: "vi", channel: "zalo" })).toBe("Kính thưa quý khách,\nEm đã xử lý xong.");
  });

  it("R3.5 keeps a typed greeting that goes on with more words, in the policy's spelling", () => {
    expect(composeReply(policy, { text: "kinh thua quy khach hàng Nguyễn Văn A,\nEm đã xử lý.", language: "vi", channel: "zalo" })).toBe(
      "Kính thưa quý khách hàng Nguyễn Văn A,\nEm đã xử lý.",
    );
  });

  it("R3.6 ends an email reply with the closing after an empty line", () => {
    expect(composeReply(policy, { text: "Em đã xử lý xong.", language: "vi", channel: "email" })).toBe(
      `Kính thưa quý khách,\nEm đã xử lý xong.\n\n${closingVi}`,
    );
    expect(composeReply(policy, { text: "Done.", language: "en", channel: "email" })).toBe(`Dear valued customer,\nDone.\n\n${closingEn}`);
  });

  it("R3.6 does not double a closing the staff member typed (spelling 'Cảm ơn' or 'Cám ơn', with a full stop)", () => {
    const text = "Kính thưa quý khách,\nEm đã xử lý xong.\nCảm ơn quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi.";
    const composed = composeReply(policy, { text, language: "vi", channel: "email" });
    expect(composed).toBe(`Kính thưa quý khách,\nEm đã xử lý xong.\n\n${closingVi}`);
    expect(composed.match(/Kính thưa quý khách/g)).toHaveLength(1);
    expect(fold(composed).match(/cam on quy khach/g)).toHaveLength(1);
  });

  it("R3.6 adds no closing on chat channels unless the policy says so", () => {
    for (const channel of ["telegram", "zalo", "webchat"]) {
      expect(composeReply(policy, { text: "Em đã xử lý xong.", language: "vi", channel })).not.toContain(closingVi);
    }
    const parsed = parsePolicy({ ...structuredClone(policy), replies: { ...policy.replies, closingOnChat: true } });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(composeReply(parsed.policy, { text: "Em đã xử lý xong.", language: "vi", channel: "telegram" })).toBe(
      `Kính thưa quý khách,\nEm đã xử lý xong.\n\n${closingVi}`,
    );
  });

  it("keeps the staff member's line breaks and lists", () => {
    const text = "Các bước:\n- Bước 1: đăng nhập\n- Bước 2: chọn Email";
    expect(composeReply(policy, { text, language: "vi", channel: "telegram" })).toBe(`Kính thưa quý khách,\n${text}`);
  });
});
