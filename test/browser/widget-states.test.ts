import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebchatHarness, webchatHarness } from "../channels/webchat/harness.js";
import {
  andAnswer,
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

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
/** Page-side expressions (the test files are not compiled with the DOM's types). */
const FOCUSED_CHOICE = "document.activeElement?.dataset?.choice";
const STORED_VISITOR = `(() => {
  const key = Object.keys(localStorage).find((k) => k.startsWith("hotro.webchat:"));
  return key ? JSON.parse(localStorage.getItem(key) || "{}") : {};
})()`;
const SERIOUS_AXE_VIOLATIONS = `axe.run().then((result) => result.violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => v.id + " (" + v.nodes.length + ")"))`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** The visitor the page's widget is, read from its storage: the test then speaks as them through the API. */
async function visitorOf(page: Page) {
  const stored = await page.evaluate<{ visitorId?: string; token?: string }>(STORED_VISITOR);
  return { visitorId: String(stored.visitorId), token: String(stored.token) };
}

describe.skipIf(!hasChromium)("in Chromium: what a customer sees while the widget works", () => {
  let h: WebchatHarness;
  let browser: Browser;
  let base: string;
  const { dialogs, pageErrors, watch } = pageWatcher();

  beforeAll(async () => {
    h = await webchatHarness();
    ({ base, browser } = await serveInChromium(h.app));
  });
  afterAll(async () => {
    await browser?.close();
    await h?.app.stop();
  });

  for (const viewport of [
    { name: "desktop", width: 1280, height: 900 },
    { name: "phone", width: 375, height: 740 },
  ]) {
    it(`${viewport.name}: a file attached to a request, stale buttons disabled, withdraw confirmed, an unread badge, a failed send retried`, async () => {
      await h.db.prisma.$executeRawUnsafe(`TRUNCATE "OutboxMessage", "TimelineEvent", "Message", "Rating", "Ticket" CASCADE`);
      const page = watch(await browser.newPage({ viewport, bypassCSP: true }));
      await page.goto(`${base}/`);
      await page.click(".hotro-wc-launcher");
      await page.waitForSelector('[data-choice="menu:new"]');
      // Focus went to the new question's choices.
      await expect.poll(() => page.evaluate<string | undefined>(FOCUSED_CHOICE)).toBe("menu:new");

      await press(page, "menu:new");
      // The menu's buttons are answered: disabled; only the newest question's buttons work.
      expect(await page.locator('[data-choice="menu:new"]').first().isDisabled()).toBe(true);
      await press(page, "cat:product_usage");
      expect(await page.locator('[data-choice="cat:hosting_domain"]').first().isDisabled()).toBe(true);
      await typeInWidget(page, "Tôi không biết cấu hình email");

      // A file, from the attach button's input, goes in like a message.
      await andAnswer(page, () =>
        page.setInputFiles(".hotro-wc-form input[type=file]", { name: "loi.png", mimeType: "image/png", buffer: PNG }),
      );
      expect(await widgetLog(page)).toContain("📎 loi.png");
      await press(page, "in:done");
      // Decree 13/2023: consent before contact details.
      await press(page, "in:consent_yes");
      await typeInWidget(page, "Nguyễn Văn An");
      await typeInWidget(page, "an.nguyen@congty.vn");
      await press(page, "in:skip");
      await press(page, "in:confirm");
      await expect.poll(() => widgetLog(page), { timeout: 10_000 }).toContain("đã được tiếp nhận");
      // The ticket page is a button, not a raw address.
      expect(await page.locator(".hotro-wc-linkbutton[href*='/t/']").count()).toBe(1);
      const ticket = await h.db.prisma.ticket.findFirstOrThrow({ include: { messages: true } });
      expect(ticket.messages.flatMap((m) => m.attachments as { name: string }[]).map((a) => a.name)).toContain("loi.png");
      // What staff see (console and Slack cards are built from it) lists the file.
      const card = await h.app.tickets.cardData(ticket.id);
      expect(JSON.stringify(card)).toContain("loi.png");

      // Withdraw asks first; nothing happens until the customer confirms.
      await typeInWidget(page, "yêu cầu của tôi");
      await page.locator(`[data-choice="withdraw:${ticket.number}"]`).last().click();
      await page.waitForSelector(".hotro-wc-confirm");
      expect(await page.locator(".hotro-wc-confirm").textContent()).toContain("chắc chắn muốn hủy");
      expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).not.toBe("withdrawn");
      await andAnswer(page, () => page.locator(".hotro-wc-confirm .hotro-wc-danger").click());
      await expect.poll(async () => (await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe("withdrawn");
      await page.screenshot({ path: await artifactPath(`widget-states-${viewport.name}.png`) });

      // Closed: a reply shows a count on the launcher, a preview and the page title, until it is read.
      await page.click(".hotro-wc-close");
      const title = await page.title();
      const visitor = await visitorOf(page);
      await h.message(visitor, { text: "mấy giờ làm việc?" });
      await expect.poll(() => page.locator(".hotro-wc-badge").textContent(), { timeout: 10_000 }).toBe("1");
      expect(await page.locator(".hotro-wc-preview").isVisible()).toBe(true);
      expect(await page.locator(".hotro-wc-preview").textContent()).toContain("Giờ làm việc hằng tuần");
      expect(await page.title()).toBe(`(1) Tin nhắn mới · ${title}`);
      expect(await page.locator("[aria-live=polite].hotro-wc-sr").textContent()).toContain("1 tin nhắn mới");
      await page.screenshot({ path: await artifactPath(`widget-unread-${viewport.name}.png`) });
      await page.click(".hotro-wc-launcher");
      expect(await page.locator(".hotro-wc-badge").isHidden()).toBe(true);
      expect(await page.title()).toBe(title);

      // A send that fails stays, marked, and goes on a tap once the network is back.
      await page.route("**/webchat/messages", (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
      await page.fill("#hotro-wc-input", "giá hosting bao nhiêu?");
      await page.press("#hotro-wc-input", "Enter");
      const retry = page.locator(".hotro-wc-failed .hotro-wc-retry");
      await retry.waitFor({ timeout: 15_000 });
      expect(await retry.textContent()).toBe("Chưa gửi được, chạm để thử lại");
      expect(await page.locator(".hotro-wc-failed .hotro-wc-text").textContent()).toBe("giá hosting bao nhiêu?");
      await page.unroute("**/webchat/messages");
      await andAnswer(page, () => retry.click());
      expect(await page.locator(".hotro-wc-failed").count()).toBe(0);
      expect(await widgetLog(page)).toContain("gói hosting");

      // Accessibility: no serious or critical axe-core violation with the widget open.
      await page.addScriptTag({ path: axeSource });
      const violations = await page.evaluate<string[]>(SERIOUS_AXE_VIOLATIONS);
      expect(violations).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    }, 180_000);
  }

  it("keyboard only: the whole intake, from the launcher to the confirmation, Tab and Enter and typing", async () => {
    const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${base}/`);
    await page.evaluate("localStorage.clear()");
    await page.reload();
    /** Presses Tab (or Shift+Tab) until `reached` holds: no mouse and no focus() from the test. */
    const tabUntil = async (what: string, reached: () => Promise<boolean>, key = "Tab") => {
      for (let i = 0; i < 80; i++) {
        if (await reached()) return;
        await page.keyboard.press(key);
      }
      throw new Error(`never reached ${what} with ${key}`);
    };
    const focusedChoice = () => page.evaluate<string | undefined>(FOCUSED_CHOICE);
    const focusedId = () => page.evaluate<string | undefined>("document.activeElement?.id");
    const tabToChoice = (choice: string) => tabUntil(choice, async () => (await focusedChoice()) === choice, "Shift+Tab");
    const tabToInput = () => tabUntil("the message box", async () => (await focusedId()) === "hotro-wc-input");
    /** A new question's buttons take the focus: back to the message box first, then type and Enter. */
    const typeAndSend = async (text: string) => {
      await tabToInput();
      await andAnswer(page, () => page.keyboard.type(`${text}\n`));
    };

    await tabUntil("the launcher", () => page.evaluate<boolean>("document.activeElement?.classList.contains('hotro-wc-launcher')"));
    await page.keyboard.press("Enter");
    await expect.poll(focusedChoice, { timeout: 10_000 }).toBe("menu:new");
    await andAnswer(page, () => page.keyboard.press("Enter"));
    await expect.poll(focusedChoice).toMatch(/^cat:/);
    // Tab walks the category buttons; Enter picks one and the form asks for the description.
    await page.keyboard.press("Tab");
    expect(await focusedChoice()).toMatch(/^cat:/);
    await andAnswer(page, () => page.keyboard.press("Enter"));
    expect(await widgetLog(page)).toContain("Quý khách vui lòng mô tả vấn đề");

    await typeAndSend("Không đăng nhập được trang quản trị");
    await tabToChoice("in:done");
    await andAnswer(page, () => page.keyboard.press("Enter"));
    // Decree 13/2023: consent before contact details, answered from the keyboard too.
    await tabToChoice("in:consent_yes");
    await andAnswer(page, () => page.keyboard.press("Enter"));
    await typeAndSend("Nguyễn Văn An");
    await typeAndSend("0903 123 456");
    await tabToChoice("in:skip");
    await andAnswer(page, () => page.keyboard.press("Enter"));
    expect(await widgetLog(page)).toContain("Nguyễn Văn An");
    await tabToChoice("in:confirm");
    await andAnswer(page, () => page.keyboard.press("Enter"));
    await expect.poll(() => widgetLog(page), { timeout: 10_000 }).toContain("đã được tiếp nhận");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow({ orderBy: { number: "desc" } }); // the clock stands still: the newest by number
    expect(ticket.description).toBe("Không đăng nhập được trang quản trị");
    await page.screenshot({ path: await artifactPath("widget-keyboard-only.png") });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
