import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebchatHarness, webchatHarness } from "../channels/webchat/harness.js";
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

const HOSTILE_IMG = "<img src=x onerror=alert(1)>";

describe.skipIf(!hasChromium)("in Chromium: the web chat widget on the demo page", () => {
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

  const type = typeInWidget;
  const log = widgetLog;

  it("R1.1 opens a request with buttons and the keyboard, shows the ticket number; hostile text stays text; the chat survives a reload", async () => {
    const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${base}/`);
    expect(await page.locator("h1").textContent()).toContain("hotro");

    // Open the widget: focus goes to the message box; the welcome and the menu arrive.
    await page.click(".hotro-wc-launcher");
    expect(await page.getAttribute(".hotro-wc-launcher", "aria-expanded")).toBe("true");
    expect(await page.evaluate("document.activeElement?.id")).toBe("hotro-wc-input");
    await page.waitForSelector('[data-choice="menu:new"]');
    expect(await log(page)).toContain("Xin chào");

    await press(page, "menu:new");
    await press(page, "cat:hosting_domain");
    expect(await log(page)).toContain("Loại yêu cầu: Cấu hình hosting, tên miền.");
    await type(page, `${HOSTILE_IMG} Website congty.vn báo lỗi 500`);
    await press(page, "in:done");
    await press(page, "in:consent_yes");
    await type(page, "Nguyễn Văn An");
    await type(page, "0903 123 456");
    await press(page, "in:skip");
    await press(page, "in:confirm");
    await expect.poll(() => log(page), { timeout: 10_000 }).toContain("Yêu cầu #1 đã được tiếp nhận");

    // The customer's hostile text is shown as text, in their message and in the bot's summary; nothing ran.
    const mine = await page.locator(".hotro-wc-me .hotro-wc-text").allTextContents();
    expect(mine).toContain(`${HOSTILE_IMG} Website congty.vn báo lỗi 500`);
    expect(await log(page)).toContain(`• Nội dung: ${HOSTILE_IMG}`);
    expect(await page.locator(".hotro-wc-log img, .hotro-wc-log script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: await artifactPath("webchat.png") });

    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket).toMatchObject({ number: 1, channel: "webchat", departmentId: "technical" });
    expect(ticket.description).toContain(HOSTILE_IMG);

    // Escape closes the panel and gives the focus back to the launcher.
    await page.press("#hotro-wc-input", "Escape");
    expect(await page.locator("#hotro-wc-panel").isHidden()).toBe(true);
    expect(await page.evaluate("document.activeElement?.className")).toBe("hotro-wc-launcher");

    // A reload resumes from the last seen message: the conversation is there once, and new answers still arrive.
    await page.reload();
    await page.click(".hotro-wc-launcher");
    await expect.poll(() => log(page)).toContain("Yêu cầu #1 đã được tiếp nhận");
    const confirmations = (await log(page)).split("Yêu cầu #1 đã được tiếp nhận").length - 1;
    expect(confirmations).toBe(1);
    await type(page, "mấy giờ làm việc?");
    expect(await log(page)).toContain("Tình trạng các bộ phận lúc này");
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("fills a phone screen and speaks English when the page asks for it", async () => {
    const page = watch(await browser.newPage({ viewport: { width: 375, height: 700 } }));
    await page.goto(`${base}/?lang=en`);
    expect(await page.locator(".hotro-wc-launcher").textContent()).toBe("Chat with us");
    await page.click(".hotro-wc-launcher");
    const box = await page.locator("#hotro-wc-panel").boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 375, height: 700 });
    expect(await page.getAttribute("#hotro-wc-panel", "aria-label")).toBe("Customer support");
    expect(await page.locator("label[for=hotro-wc-input]").textContent()).toBe("Your message");
    await page.waitForSelector('[data-choice="menu:new"]');
    expect(await page.locator('[data-choice="menu:new"]').last().textContent()).toBe("Open a request");
    await page.screenshot({ path: await artifactPath("webchat-phone.png") });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
