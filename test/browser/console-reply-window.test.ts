import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, type WebHarness, webHarness } from "../web/web-harness.js";
import { hasChromium, pageWatcher, serveInChromium, warnIfSkipped } from "./browser-support.js";

warnIfSkipped();

const HOUR = 3600 * 1000;
const ZALO_USER = "6150000000000000001";

describe.skipIf(!hasChromium)("in Chromium: the console and Zalo's reply window", () => {
  let h: WebHarness;
  let browser: Browser;
  let base: string;
  const { pageErrors, watch } = pageWatcher();

  beforeAll(async () => {
    // The Zalo OA module on (it declares the window); nothing here reaches Zalo.
    h = await webHarness({ env: { ZALO_APP_ID: "1234567890123456789", ZALO_APP_SECRET: "app-secret", ZALO_OA_SECRET_KEY: "oa-secret" } });
    ({ base, browser } = await serveInChromium(h.app));
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("at 72 h the reply box warns of a paid message; the reply is refused until the box is ticked", async () => {
    const staffId = await h.staff("kt", ["technical"]);
    const customer = await h.app.tickets.identifyCustomer({
      channel: "zalo",
      externalId: ZALO_USER,
      language: "vi",
      interactedAt: h.clock.now(),
    });
    const opened = await h.app.tickets.open({
      customerId: customer.id,
      channel: "zalo",
      chatId: ZALO_USER,
      language: "vi",
      categoryId: "hosting_domain",
      description: "SSL hết hạn",
      contact: { name: "Võ Hà", phone: "0903123456" },
    });
    if (!opened.ok) throw new Error(opened.code);
    const ticket = opened.value.ticket;
    expect((await h.app.tickets.claim(staffId, ticket.id)).ok).toBe(true);
    h.clock.advance(72 * HOUR);

    const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${base}/console`);
    await page.fill("#login", "kt");
    await page.fill("#password", PASSWORD);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector("#claim-next");
    await page.click(`tr.ticket-row[data-number="${ticket.number}"] a.ticket-link`);
    await page.waitForSelector("#window-paid").catch((error: Error) => {
      throw new Error(`${error.message}\npage errors: ${pageErrors.join("; ")}`);
    });
    expect(await page.locator("#window-paid").textContent()).toContain("Zalo");

    await page.fill("#reply-text", "Đã gia hạn SSL.");
    await page.click("#reply-send");
    await expect.poll(() => page.locator("#reply-error").textContent()).toContain("tính phí");
    expect(await h.db.prisma.outboxMessage.count({ where: { ticketId: ticket.id, kind: "reply" } })).toBe(0);

    await page.check("#paid-confirm");
    await page.click("#reply-send");
    await page.waitForSelector("#messages .msg.out");
    expect(await h.db.prisma.outboxMessage.count({ where: { ticketId: ticket.id, channel: "zalo", kind: "reply" } })).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
