import { expect } from "vitest";
import type { Language } from "../../../src/kernel/language.js";
import type { ChatDriver } from "./drivers.js";

/**
 * The customer dialog every chat channel must carry, written once: each scenario drives a
 * ChatDriver (type, choose, give the contact, read) in Vietnamese or English, so the same steps
 * run with Zalo OA's buttons, Zalo OA typed answers and Zalo Bot's numbered choices.
 */
export interface DialogScenario {
  name: string;
  run(driver: ChatDriver, language: Language): Promise<void>;
}

/** What the customer reads, in both languages (the policy's default texts). */
const TEXT = {
  vi: {
    chooseCategory: "Quý khách cần hỗ trợ về vấn đề gì?",
    categoryChosen: "Loại yêu cầu: Cấu hình hosting, tên miền.",
    askName: "Quý khách vui lòng cho biết họ tên.",
    askWebsite: "Website hoặc tên miền",
    summaryContact: "• Liên hệ: 0903123456",
    created: (n: number) => `Yêu cầu #${n} đã được tiếp nhận và chuyển đến Phòng kỹ thuật.`,
    after: (n: number) => `sẽ được xử lý sau yêu cầu #${n} của quý khách`,
    faqQuestion: "gia han hosting the nao",
    faqFound: "Làm sao để gia hạn hosting?",
    faqThanks: "Cảm ơn quý khách đã góp ý.",
    hoursQuestion: "may gio lam viec",
    technicalOpen: "• Phòng kỹ thuật: đang làm việc",
    parkedLine: "#2 Báo giá sản phẩm dịch vụ: chờ yêu cầu trước",
    confirmWithdraw: "Quý khách chắc chắn muốn hủy yêu cầu #1?",
    withdrawn: "Yêu cầu #1 đã được hủy theo đề nghị của quý khách.",
    released: "Yêu cầu #2 của quý khách đã được đưa vào hàng chờ xử lý.",
    reply: "Chúng tôi đã gia hạn chứng chỉ SSL.",
    ratePrompt: "Yêu cầu #1 đã được xử lý xong. Quý khách vui lòng đánh giá",
    rated: "Cảm ơn quý khách đã đánh giá 5 sao cho yêu cầu #1.",
    reopened: "Yêu cầu #1 đã được mở lại và xếp ở đầu hàng chờ.",
  },
  en: {
    chooseCategory: "What do you need help with?",
    categoryChosen: "Type of request: Hosting and domain configuration.",
    askName: "Please tell us your full name.",
    askWebsite: "Which website or domain is it about?",
    summaryContact: "• Contact: 0903123456",
    created: (n: number) => `Request #${n} has been received and sent to Technical.`,
    after: (n: number) => `This request will be handled after your request #${n}`,
    faqQuestion: "how do I renew my hosting",
    faqFound: "How do I renew my hosting?",
    faqThanks: "Thank you for your feedback.",
    hoursQuestion: "when are you open?",
    technicalOpen: "• Technical: on duty",
    parkedLine: "#2 Price quote for products and services: waiting for your previous request",
    confirmWithdraw: "Do you really want to withdraw request #1?",
    withdrawn: "Your request #1 has been withdrawn as you asked.",
    released: "Your request #2 has now entered the queue.",
    reply: "We have renewed the SSL certificate.",
    ratePrompt: "Your request #1 has been resolved. Please rate the help you received",
    rated: "Thank you for rating request #1 with 5 stars.",
    reopened: "Your request #1 is open again, at the head of the queue.",
  },
} as const;

/** The language first: English is chosen with /lang, Vietnamese is the company's default. */
async function begin(d: ChatDriver, language: Language) {
  if (language === "en") await d.say("/lang en");
  await d.say("/start");
  d.since();
}

/** The whole form from the menu to the confirmation; returns what was answered to the confirmation. */
async function openRequest(d: ChatDriver, language: Language, category: string, description: string): Promise<string> {
  const t = TEXT[language];
  await d.say("/start");
  await d.choose("menu:new");
  expect(d.since()).toContain(t.chooseCategory);
  await d.choose(`cat:${category}`);
  await d.say(description);
  await d.choose("in:done");
  // Decree 13/2023: consent before contact details, asked once per customer and notice version.
  if ((await d.offered()).includes("in:consent_yes")) await d.choose("in:consent_yes");
  expect(d.since()).toContain(t.askName);
  await d.giveContact(language === "vi" ? "Nguyễn Văn An" : "Nguyen Van An", "0903123456");
  expect(d.since()).toContain(t.askWebsite);
  await d.choose("in:skip");
  expect(d.since()).toContain(t.summaryContact);
  await d.choose("in:confirm");
  return d.since();
}

/** A technical staff member claims request #number, answers in writing and resolves it. */
async function resolveByStaff(d: ChatDriver, language: Language, number: number) {
  const staff = await d.db.prisma.staff.create({ data: { name: "kt1", login: "kt1", departments: ["technical"] } });
  const ticket = await d.db.prisma.ticket.findUniqueOrThrow({ where: { number } });
  expect((await d.app.tickets.claim(staff.id, ticket.id)).ok).toBe(true);
  expect((await d.app.tickets.reply(staff.id, ticket.id, TEXT[language].reply)).ok).toBe(true);
  await d.settle();
  expect((await d.app.tickets.resolve(staff.id, ticket.id, "Done.")).ok).toBe(true);
  await d.settle();
}

export const dialogScenarios: DialogScenario[] = [
  {
    name: "R1.1 opens a request with contact details: number, department, the ticket in the customer's language",
    async run(d, language) {
      const t = TEXT[language];
      await begin(d, language);
      await d.choose("menu:new");
      expect(d.since()).toContain(t.chooseCategory);
      expect(await d.offered()).toContain("cat:hosting_domain");
      await d.choose("cat:hosting_domain");
      expect(d.since()).toContain(t.categoryChosen);
      await d.say("Website congty.vn báo lỗi 500 từ sáng nay");
      await d.choose("in:done");
      expect(await d.offered()).toEqual(["in:consent_yes", "in:consent_no", "in:cancel"]);
      await d.choose("in:consent_yes");
      expect(d.since()).toContain(t.askName);
      await d.giveContact("Nguyễn Văn An", "0903123456");
      expect(d.since()).toContain(t.askWebsite);
      await d.choose("in:skip");
      expect(d.since()).toContain(t.summaryContact);
      await d.choose("in:confirm");
      expect(d.since()).toContain(t.created(1));
      const ticket = await d.db.prisma.ticket.findFirstOrThrow();
      expect(ticket).toMatchObject({ number: 1, departmentId: "technical", categoryId: "hosting_domain", language });
      expect(ticket.contact).toEqual({ name: "Nguyễn Văn An", phone: "0903123456" });
    },
  },
  {
    name: "answers an FAQ question typed without diacritics, thanks for a yes, and tells the hours",
    async run(d, language) {
      const t = TEXT[language];
      await begin(d, language);
      await d.say(t.faqQuestion);
      expect(d.since()).toContain(t.faqFound);
      expect(await d.offered()).toEqual(["faq:yes", "faq:new"]);
      await d.choose("faq:yes");
      expect(d.since()).toContain(t.faqThanks);
      await d.say(t.hoursQuestion);
      expect(d.since()).toContain(t.technicalOpen);
    },
  },
  {
    name: "R2.5 parks a second request, lists both, withdraws the first and the second enters the queue",
    async run(d, language) {
      const t = TEXT[language];
      await begin(d, language);
      expect(await openRequest(d, language, "hosting_domain", "Trỏ tên miền không được")).toContain(t.created(1));
      expect(await openRequest(d, language, "price_quote", "Báo giá VPS")).toContain(t.after(1));
      await d.say("/status");
      expect(d.since()).toContain(t.parkedLine);
      expect(await d.offered()).toEqual(["withdraw:2", "withdraw:1"]);
      await d.choose("withdraw:1");
      // A destructive step is asked first; nothing changes until the customer says yes.
      expect(d.since()).toContain(t.confirmWithdraw);
      expect(await d.offered()).toEqual(["withdraw:1:yes", "withdraw:1:no"]);
      await d.choose("withdraw:1:yes");
      const told = d.since();
      expect(told).toContain(t.withdrawn);
      expect(told).toContain(t.released);
      const statuses = await d.db.prisma.ticket.findMany({ orderBy: { number: "asc" }, select: { status: true } });
      expect(statuses.map((s) => s.status)).toEqual(["withdrawn", "ready"]);
    },
  },
  {
    name: "R3.3 asks for a rating after the written reply and resolve, stores it, then reopens from the status list",
    async run(d, language) {
      const t = TEXT[language];
      await begin(d, language);
      await openRequest(d, language, "hosting_domain", "SSL hết hạn");
      await resolveByStaff(d, language, 1);
      const after = d.since();
      expect(after).toContain(t.reply);
      expect(after).toContain(t.ratePrompt);
      expect(await d.offered()).toEqual(["rate:1:1", "rate:1:2", "rate:1:3", "rate:1:4", "rate:1:5"]);
      await d.choose("rate:1:5");
      expect(d.since()).toContain(t.rated);
      expect((await d.db.prisma.rating.findFirstOrThrow()).stars).toBe(5);
      await d.say("/status");
      expect(await d.offered()).toEqual(["reopen:1"]);
      await d.choose("reopen:1");
      expect(d.since()).toContain(t.reopened);
    },
  },
];
