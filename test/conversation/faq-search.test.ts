import { describe, expect, it } from "vitest";
import { createFaqSearch } from "../../src/conversation/faq-search.js";
import type { Language } from "../../src/kernel/language.js";
import { loadPolicyFile } from "../../src/policy/load-policy.js";
import type { FaqEntry } from "../../src/policy/policy.schema.js";

const docsUrl = "http://huongdansudungweb.com";

function entry(
  id: string,
  question: [vi: string, en: string],
  answer: [vi: string, en: string],
  keywords: string[],
  link?: string,
): FaqEntry {
  const base = { id, question: { vi: question[0], en: question[1] }, answer: { vi: answer[0], en: answer[1] }, keywords };
  return link ? { ...base, link } : base;
}

/** A hosting / domain / email company's FAQ, questions written with full diacritics (new tone placement). */
const faq: FaqEntry[] = [
  entry(
    "bao_gia_hosting",
    ["Báo giá hosting", "Hosting prices"],
    [
      "Bảng giá các gói hosting có trên trang chủ; phòng kinh doanh gửi báo giá chi tiết theo yêu cầu.",
      "Hosting plan prices are on our home page; Sales sends a detailed quote on request.",
    ],
    ["giá", "bảng giá", "chi phí", "price", "pricing", "cost", "quote"],
  ),
  entry(
    "doi_mat_khau_email",
    ["Đổi mật khẩu email", "Change an email password"],
    [
      "Đăng nhập webmail, mở Cài đặt › Tài khoản › Đổi mật khẩu, nhập mật khẩu cũ và mật khẩu mới.",
      "Log in to webmail, open Settings › Account › Change password, enter the old and the new password.",
    ],
    ["password", "webmail"],
  ),
  entry(
    "dang_ky_ten_mien",
    ["Đăng ký tên miền", "Register a domain name"],
    [
      "Chọn tên miền, kiểm tra còn trống, điền thông tin chủ thể và thanh toán; tên miền .vn cần bản khai CCCD.",
      "Pick a name, check that it is free, fill in the registrant's details and pay; .vn names need an ID card.",
    ],
    ["domain", ".vn", ".com"],
  ),
  entry(
    "gia_han_ten_mien",
    ["Gia hạn tên miền", "Renew a domain name"],
    [
      "Tên miền cần gia hạn trước ngày hết hạn; sau khi thanh toán, thời hạn được cộng thêm ngay.",
      "Renew a domain before it expires; once paid, the new term is added at once.",
    ],
    ["domain", "hết hạn", "renew", "expire", "expiry"],
  ),
  entry(
    "kiem_tra_ten_mien",
    ["Kiểm tra tên miền còn trống", "Check whether a domain name is available"],
    [
      "Nhập tên miền vào ô tìm kiếm trên trang chủ để xem còn đăng ký được không (tra cứu whois).",
      "Type the name into the search box on our home page to see whether it can be registered (whois lookup).",
    ],
    ["whois", "domain", "available"],
  ),
  entry(
    "tao_email",
    ["Tạo tài khoản email theo tên miền", "Create an email account on your domain"],
    [
      "Trong trang quản trị email, chọn Thêm tài khoản, nhập tên hộp thư và mật khẩu.",
      "In the email control panel choose Add account, then enter the mailbox name and a password.",
    ],
    ["mail", "email doanh nghiệp", "hộp thư", "mailbox", "đăng ký email"],
  ),
  entry(
    "cau_hinh_outlook",
    ["Hướng dẫn cấu hình email trên Outlook", "Set up email in Outlook"],
    [
      "Dùng IMAP cổng 993 (SSL) và SMTP cổng 465 (SSL), tên đăng nhập là địa chỉ email đầy đủ.",
      "Use IMAP port 993 (SSL) and SMTP port 465 (SSL); the user name is the full email address.",
    ],
    ["imap", "smtp", "pop3", "thunderbird"],
    "https://huongdansudungweb.com/email/outlook",
  ),
  entry(
    "hoa_don_vat",
    ["Xuất hóa đơn VAT", "VAT invoices"],
    [
      "Hóa đơn điện tử được gửi qua email trong vòng 3 ngày làm việc sau khi thanh toán.",
      "Electronic invoices are emailed within 3 working days after payment.",
    ],
    ["hóa đơn", "invoice", "thuế", "tax", "hóa đơn đỏ"],
  ),
  entry(
    "huy_dich_vu",
    ["Hủy dịch vụ", "Cancel a service"],
    [
      "Gửi yêu cầu hủy kèm mã hợp đồng; phòng khách hàng kiểm tra và thanh lý hợp đồng.",
      "Send a cancellation request with the contract number; Customer care checks it and closes the contract.",
    ],
    ["cancel", "ngừng", "thanh lý hợp đồng", "terminate"],
  ),
  entry(
    "sao_luu",
    ["Sao lưu dữ liệu website", "Back up website data"],
    [
      "Hosting được sao lưu tự động mỗi ngày và giữ 7 bản; quý khách có thể tự tạo bản sao lưu trong trang quản trị.",
      "Hosting is backed up daily and 7 copies are kept; you can also make a backup yourself in the control panel.",
    ],
    ["backup", "khôi phục", "restore"],
  ),
  entry(
    "ssl",
    ["Cài chứng chỉ SSL (https)", "Install an SSL certificate (HTTPS)"],
    [
      "Chứng chỉ SSL miễn phí được cài trong trang quản trị hosting, mục Bảo mật.",
      "A free SSL certificate is installed from the hosting control panel, Security section.",
    ],
    ["ssl", "https", "chứng chỉ", "bảo mật", "certificate"],
  ),
  entry(
    "tro_ten_mien",
    ["Trỏ tên miền về hosting (DNS)", "Point a domain name to hosting (DNS)"],
    [
      "Sửa bản ghi A hoặc đổi nameserver của tên miền về máy chủ hosting; thay đổi có hiệu lực sau tối đa 24 giờ.",
      "Change the A record or the domain's nameservers to the hosting server; changes take up to 24 hours.",
    ],
    ["dns", "nameserver", "bản ghi", "record"],
  ),
  entry(
    "thanh_toan",
    ["Các hình thức thanh toán", "Payment methods"],
    ["Quý khách có thể chuyển khoản ngân hàng, thanh toán thẻ hoặc ví điện tử.", "You can pay by bank transfer, card or e-wallet."],
    ["chuyển khoản", "ngân hàng", "payment", "pay", "bank transfer"],
  ),
  entry(
    "dang_nhap_quan_tri",
    ["Quên mật khẩu đăng nhập trang quản trị", "Forgot the control panel password"],
    [
      "Bấm Quên mật khẩu ở trang đăng nhập; liên kết đặt lại được gửi về email đăng ký.",
      "Click Forgot password on the login page; a reset link is sent to your registered email.",
    ],
    ["login", "tài khoản", "account", "đăng nhập"],
  ),
  entry(
    "nang_cap_hosting",
    ["Nâng cấp gói hosting", "Upgrade a hosting plan"],
    [
      "Chọn gói lớn hơn trong trang quản trị; phần chênh lệch được tính theo số ngày còn lại.",
      "Choose a bigger plan in the control panel; you pay the difference for the remaining days.",
    ],
    ["dung lượng", "băng thông", "upgrade", "plan"],
  ),
  entry(
    "thiet_ke_web",
    ["Thiết kế website theo yêu cầu", "Custom website design"],
    [
      "Phòng thiết kế nhận yêu cầu, gửi bản phác thảo giao diện và báo giá trước khi làm.",
      "The Design department takes your brief, sends a mock-up and a quote before starting.",
    ],
    ["giao diện", "design", "thiết kế"],
  ),
  entry(
    "ky_thuat_ngoai_gio",
    ["Hỗ trợ kỹ thuật ngoài giờ và ngày lễ", "Technical support after hours and on holidays"],
    [
      "Kỹ thuật hỗ trợ 24/24 các ngày làm việc; ngày lễ, Tết chỉ có nhân viên trực chung.",
      "Technical support works 24/7 on working days; on public holidays only general-duty staff are on call.",
    ],
    ["24/7", "lễ", "tết", "holiday"],
  ),
];

type Golden = [query: string, language: Language, accepted: string | string[], why: string];

/** Research vn-and-libs.md §3.2's kinds of query: an acceptable entry must rank first. */
const golden: Golden[] = [
  ["gia hosting", "vi", "bao_gia_hosting", "without accents"],
  ["doi mat khau email", "vi", "doi_mat_khau_email", "without accents"],
  ["ten mien", "vi", ["dang_ky_ten_mien", "gia_han_ten_mien", "kiem_tra_ten_mien", "tro_ten_mien"], "without accents, broad"],
  ["gia han ten mien", "vi", "gia_han_ten_mien", "without accents"],
  ["huy dich vu", "vi", "huy_dich_vu", "without accents"],
  ["sao luu du lieu", "vi", "sao_luu", "without accents"],
  ["mat kh", "vi", ["doi_mat_khau_email", "dang_nhap_quan_tri"], "prefix of the word being typed"],
  ["kiem tra ten mi", "vi", "kiem_tra_ten_mien", "prefix"],
  ["doi mat khua email", "vi", "doi_mat_khau_email", "typo (khua)"],
  ["thanh toan chuyen khan", "vi", "thanh_toan", "typo (khan)"],
  ["đổi mật khẩu", "vi", "doi_mat_khau_email", "accented"],
  ["hỗ trợ ngoài giờ", "vi", "ky_thuat_ngoai_gio", "accented"],
  ["hoá đơn vat", "vi", "hoa_don_vat", "old tone placement (hoá)"],
  ["huỷ dịch vụ", "vi", "huy_dich_vu", "old tone placement (huỷ)"],
  ["DANG KY EMAIL", "vi", "tao_email", "upper case"],
  ["GIA HẠN TÊN MIỀN", "vi", "gia_han_ten_mien", "upper case with accents"],
  ["dang ki ten mien", "vi", "dang_ky_ten_mien", "i/y variant (ki)"],
  ["hỗ trợ kĩ thuật ngày lễ", "vi", "ky_thuat_ngoai_gio", "i/y variant (kĩ)"],
  ["doi", "vi", "doi_mat_khau_email", "one word that needs đ-folding"],
  ["Đăng ký tên miền .vn", "vi", "dang_ky_ten_mien", "accented, with a dot word"],
  ["Cho em hỏi cách gia hạn tên miền với ạ", "vi", "gia_han_ten_mien", "a polite full sentence"],
  ["toi muon xuat hoa don do", "vi", "hoa_don_vat", "sentence without accents"],
  ["cai ssl", "vi", "ssl", "short, mixed English"],
  ["chung chi https", "vi", "ssl", "keyword"],
  ["tro ten mien ve hosting", "vi", "tro_ten_mien", "without accents"],
  ["cau hinh outlook", "vi", "cau_hinh_outlook", "without accents"],
  ["đăng nhập quản trị", "vi", "dang_nhap_quan_tri", "accented"],
  ["doi password email", "vi", "doi_mat_khau_email", "Vietnamese and English mixed"],
  ["cổng 993", "vi", "cau_hinh_outlook", "only in the answer"],
  ["change email password", "en", "doi_mat_khau_email", "English"],
  ["renew domain", "en", "gia_han_ten_mien", "English"],
  ["renw domain", "en", "gia_han_ten_mien", "English typo"],
  ["hosting price", "en", "bao_gia_hosting", "English"],
  ["how much is hosting", "en", "bao_gia_hosting", "English question"],
  ["VAT invoice", "en", "hoa_don_vat", "English"],
  ["backup my website", "en", "sao_luu", "English"],
  ["backp", "en", "sao_luu", "English typo"],
  ["how do I cancel my service", "en", "huy_dich_vu", "English question"],
  ["upgrade hosting plans", "en", "nang_cap_hosting", "English plural"],
  ["Outlook setup", "en", "cau_hinh_outlook", "English"],
  ["is my domain available", "en", "kiem_tra_ten_mien", "English question"],
];

/** Nothing to do with the FAQ: greetings, thanks, filler, keyboard mash, other topics. */
const unrelated: [string, Language][] = [
  ["xin chào", "vi"],
  ["Xin chào shop ạ", "vi"],
  ["chào", "vi"],
  ["hello", "en"],
  ["hi", "en"],
  ["good morning", "en"],
  ["asdfgh", "vi"],
  ["qwerty zxcv", "en"],
  ["cảm ơn", "vi"],
  ["cám ơn nhiều nhé", "vi"],
  ["thank you", "en"],
  ["ok", "vi"],
  ["test", "vi"],
  ["", "vi"],
  ["   ", "vi"],
  ["???", "vi"],
  ["123456", "vi"],
  ["thời tiết hôm nay thế nào", "vi"],
  ["what is the weather like", "en"],
  ["tôi muốn mua xe máy", "vi"],
  ["con mèo của tôi bị ốm", "vi"],
  ["chúc mừng năm mới", "vi"],
  ["bạn là ai", "vi"],
  ["tell me a joke", "en"],
  ["where is the nearest restaurant", "en"],
  ["quán cà phê gần nhất ở đâu", "vi"],
];

const accepted = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

describe("R2.1 FAQ search: golden queries on a fixture FAQ", () => {
  const search = createFaqSearch(faq, docsUrl);

  it.each(golden)("%s (%s) → %s [%s]", (query, language, expected) => {
    const hits = search.search(query, language);
    expect(hits.length).toBeGreaterThan(0);
    expect(accepted(expected)).toContain(hits[0]?.id);
  });

  it("has at least 20 golden queries", () => {
    expect(golden.length).toBeGreaterThanOrEqual(20);
  });

  it("ranks the related entries behind the best one (top 3)", () => {
    expect(search.search("ten mien", "vi").map((h) => h.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/ten_mien$/), expect.stringMatching(/ten_mien$/), expect.stringMatching(/ten_mien$/)]),
    );
    expect(search.search("đổi mật khẩu", "vi").map((h) => h.id)).toEqual(["doi_mat_khau_email", "dang_nhap_quan_tri"]);
  });
});

describe("R2.1 FAQ search: no hit for unrelated messages", () => {
  const search = createFaqSearch(faq, docsUrl);

  it.each(unrelated)("%j (%s) finds nothing", (query, language) => {
    expect(search.search(query, language)).toEqual([]);
  });
});

describe("R2.1 FAQ search: what a hit carries", () => {
  const search = createFaqSearch(faq, docsUrl);

  it("gives the question and answer in the requested language", () => {
    const [vi] = search.search("gia han ten mien", "vi");
    const [en] = search.search("gia han ten mien", "en");
    expect(vi).toMatchObject({ id: "gia_han_ten_mien", question: "Gia hạn tên miền", link: docsUrl });
    expect(vi?.answer).toContain("Tên miền cần gia hạn");
    expect(en).toMatchObject({ id: "gia_han_ten_mien", question: "Renew a domain name", link: docsUrl });
    expect(en?.answer).toContain("Renew a domain before it expires");
  });

  it("links to the entry's own page when it has one, otherwise to the online documentation", () => {
    expect(search.search("outlook", "vi")[0]).toMatchObject({
      id: "cau_hinh_outlook",
      link: "https://huongdansudungweb.com/email/outlook",
    });
    expect(search.search("ssl", "en")[0]).toMatchObject({ id: "ssl", link: docsUrl });
  });

  it("returns at most `limit` hits (3 by default), best first", () => {
    const hits = search.search("hosting", "vi");
    expect(hits).toHaveLength(3);
    expect(search.search("hosting", "vi", 1)).toHaveLength(1);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0)).toBe(true);
  });

  it("finds nothing in an empty FAQ", () => {
    expect(createFaqSearch([], docsUrl).search("ten mien", "vi")).toEqual([]);
  });
});

describe("R2.1 FAQ search: golden queries on the bundled policy (policy/default.policy.yaml)", async () => {
  const loaded = await loadPolicyFile();
  if (!loaded.ok) throw new Error(`the bundled policy does not validate: ${loaded.problems.join("; ")}`);
  const { policy } = loaded;
  const search = createFaqSearch(policy.faq, policy.documentationUrl);

  const policyGolden: Golden[] = [
    ["bang gia hosting", "vi", "hosting_plans", "without accents"],
    ["gia han hosting", "vi", "hosting_renewal", "without accents"],
    ["gia han ten mien", "vi", "domain_renewal", "without accents"],
    ["DANG KY TEN MIEN", "vi", "domain_registration", "upper case"],
    ["dang ki ten mien", "vi", "domain_registration", "i/y variant"],
    ["kiem tra ten mien con trong", "vi", "domain_availability", "without accents"],
    ["trỏ tên miền", "vi", "domain_dns", "accented"],
    ["cai ssl", "vi", "ssl_https", "short"],
    ["cai email tren iphone", "vi", "email_iphone", "without accents"],
    ["cài mail android", "vi", "email_android", "accented"],
    ["cau hinh outlook", "vi", "email_outlook", "without accents"],
    ["doi mat khua email", "vi", "email_password", "typo"],
    ["mat kh", "vi", ["email_password", "panel_password"], "prefix"],
    ["quen mat khau quan tri", "vi", "panel_password", "without accents"],
    ["tao email moi", "vi", "new_mailbox", "without accents"],
    ["hoá đơn vat", "vi", "vat_invoice", "old tone placement"],
    ["HÓA ĐƠN ĐỎ", "vi", "vat_invoice", "upper case"],
    ["thanh toan chuyen khoan", "vi", "payment_methods", "without accents"],
    ["sua noi dung website", "vi", "edit_content", "without accents"],
    ["khôi phục dữ liệu", "vi", "backup_restore", "accented"],
    ["website bị chậm quá", "vi", "site_slow_down", "a complaint"],
    ["tai file len hosting", "vi", "ftp_upload", "without accents"],
    ["huy dich vu", "vi", "cancel_service", "without accents"],
    ["change email password", "en", "email_password", "English"],
    ["renew domain", "en", "domain_renewal", "English"],
    ["my website is down", "en", "site_slow_down", "English"],
    ["setup email on iphone", "en", "email_iphone", "English"],
    ["forgot password", "en", "panel_password", "English"],
    ["upload files", "en", "ftp_upload", "English"],
  ];

  it.each(policyGolden)("%s (%s) → %s [%s]", (query, language, expected) => {
    const hits = search.search(query, language);
    expect(hits.length).toBeGreaterThan(0);
    expect(accepted(expected)).toContain(hits[0]?.id);
  });

  it.each(unrelated)("%j (%s) finds nothing", (query, language) => {
    expect(search.search(query, language)).toEqual([]);
  });

  it("links every hit to a page (the entry's link or the policy's documentation URL)", () => {
    for (const hit of search.search("email", "vi", 10)) expect(hit.link).toMatch(/^https?:\/\//);
  });
});
