import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, type WebHarness, webHarness } from "../web/web-harness.js";
import {
  artifactPath,
  hasChromium,
  pageWatcher,
  press,
  serveInChromium,
  typeInWidget,
  warnIfSkipped,
  widgetLog,
} from "./browser-support.js";

warnIfSkipped();

const GREETING = "Kính thưa quý khách";
const LINK_LABEL = "Theo dõi yêu cầu và đọc mọi phản hồi bằng văn bản tại:";

/**
 * Issue 6's main scenario, end to end in Chromium, with nothing injected behind the browser's back:
 * the widget opens the request, the console works it, the widget and the ticket page show the reply.
 */
describe.skipIf(!hasChromium)("in Chromium: the whole product, widget → console → ticket page → dashboard", () => {
  let h: WebHarness;
  let browser: Browser;
  let base: string;
  const { dialogs, pageErrors, watch } = pageWatcher();

  beforeAll(async () => {
    h = await webHarness();
    ({ base, browser } = await serveInChromium(h.app));
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const type = typeInWidget;
  const chatLog = widgetLog;
  const countOf = (text: string, part: string) => text.split(part).length - 1;

  it("R1.1 R3.1 R3.3 R3.5 a customer opens a request in the widget; staff claims, replies, resolves in the console; the widget shows the reply once with the greeting; the customer rates on the ticket page; the dashboard counts it", async () => {
    await h.staff("lan", ["technical"]);

    // 1. The customer opens a request in the widget on the demo page.
    const chat = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await chat.goto(`${base}/`);
    await chat.click(".hotro-wc-launcher");
    await chat.waitForSelector('[data-choice="menu:new"]');
    await press(chat, "menu:new");
    await press(chat, "cat:hosting_domain");
    await type(chat, "Website congty.vn báo lỗi 500 từ sáng nay");
    await press(chat, "in:done");
    await press(chat, "in:consent_yes");
    await type(chat, "Nguyễn Văn An");
    await type(chat, "0903 123 456");
    await press(chat, "in:skip");
    await press(chat, "in:confirm");
    await expect.poll(() => chatLog(chat), { timeout: 10_000 }).toContain("Yêu cầu #1 đã được tiếp nhận");
    expect(await chatLog(chat)).toContain(LINK_LABEL);
    const ticketHref = await chat.locator(".hotro-wc-bot a[href*='/t/']").last().getAttribute("href");
    expect(ticketHref).toMatch(/^https?:\/\/[^/]+\/t\/[^/?#\s]+$/);
    await chat.screenshot({ path: await artifactPath("whole-chat-opened.png") });

    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({ number: 1, channel: "webchat", departmentId: "technical" });

    // 2. The staff member signs in to the console and claims next.
    const staff = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await staff.goto(`${base}/console`);
    await staff.fill("#login", "lan");
    await staff.fill("#password", PASSWORD);
    await staff.click("#sign-in button[type=submit]");
    await staff.waitForSelector("#claim-next");
    await expect.poll(() => staff.locator('tr.ticket-row[data-number="1"] .excerpt').textContent()).toContain("báo lỗi 500");
    await staff.screenshot({ path: await artifactPath("whole-console-queue.png"), fullPage: true });
    await staff.click("#claim-next");
    await staff.waitForSelector("#reply-text");
    expect(await staff.locator("#ticket-title").textContent()).toContain("#1");

    // 3. Reply: the console shows it with the greeting (R3.5) …
    await staff.fill("#reply-text", "Chúng tôi đã khởi động lại máy chủ web, website đã hoạt động.");
    await staff.click("#reply-send");
    await staff.waitForSelector("#messages .msg.out");
    const reply = `${GREETING},\nChúng tôi đã khởi động lại máy chủ web, website đã hoạt động.`;
    expect(await staff.locator("#messages .msg.out .text").first().textContent()).toBe(reply);

    // … and the widget receives it through the delivery worker: one staff message, the greeting once.
    await expect.poll(() => chat.locator(".hotro-wc-staff").count(), { timeout: 15_000 }).toBe(1);
    const shown = (await chat.locator(".hotro-wc-staff .hotro-wc-text").first().textContent()) ?? "";
    expect(shown.startsWith(GREETING)).toBe(true);
    expect(shown).toContain("website đã hoạt động");
    expect(countOf(await chatLog(chat), GREETING)).toBe(1);
    await chat.screenshot({ path: await artifactPath("whole-chat-reply.png") });

    // 4. Resolve with a closing reply (the first was delivered, so R3.3 allows it); it reaches the widget too.
    await staff.fill("#reply-text", "Yêu cầu đã được xử lý xong.");
    await staff.click("#resolve");
    await expect.poll(() => staff.locator("#ticket-title").textContent()).toContain("Đã hoàn tất");
    const closing = `${GREETING},\nYêu cầu đã được xử lý xong.`;
    await expect.poll(() => chat.locator(".hotro-wc-staff").count(), { timeout: 15_000 }).toBe(2);
    expect(await chat.locator(".hotro-wc-staff .hotro-wc-text").allTextContents()).toEqual([reply, closing]);
    await staff.screenshot({ path: await artifactPath("whole-console-ticket.png"), fullPage: true });
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe("resolved");

    // 5. The customer follows the link from the widget (its path, on this test server) and rates.
    const customer = watch(await browser.newPage({ viewport: { width: 390, height: 844 } }));
    await customer.goto(`${base}${new URL(ticketHref ?? "").pathname}`);
    expect(await customer.locator(".msg.out .text").allTextContents()).toEqual([reply, closing]);
    await customer.screenshot({ path: await artifactPath("whole-ticket-page.png"), fullPage: true });
    await customer.click('button[name="stars"][value="5"]');
    await customer.waitForSelector(".flash");
    expect(await customer.locator(".flash").textContent()).toBe("Cảm ơn quý khách đã đánh giá.");
    expect(await customer.locator('button[name="stars"]').count()).toBe(0);
    await customer.screenshot({ path: await artifactPath("whole-ticket-rated.png"), fullPage: true });

    // 6. The dashboard counts it: one resolved in Technical, average rating 5.
    await staff.click('#nav [data-view="dashboard"]');
    await staff.waitForSelector("#dashboard");
    expect(await staff.locator('tr[data-department="technical"] .resolved').textContent()).toBe("1");
    expect(await staff.locator("#stat-rating strong").textContent()).toContain("5.0");
    await staff.screenshot({ path: await artifactPath("whole-console-dashboard.png"), fullPage: true });

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
