import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedTicketId } from "../../src/web/ticket-links.js";
import { PASSWORD, type WebHarness, webHarness } from "../web/web-harness.js";
import { artifactPath, hasChromium, pageWatcher, serveInChromium, warnIfSkipped } from "./browser-support.js";

warnIfSkipped();

const HOSTILE_SCRIPT = "<script>alert(1)</script>";
const HOSTILE_IMG = "<img src=x onerror=alert(1)>";

describe.skipIf(!hasChromium)("in Chromium: staff console and customer ticket page", () => {
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

  it("R3.1 R3.3 R3.5 R4.2 a staff member claims next, replies, resolves; the customer reads the reply and rates; the dashboard counts it; hostile text stays text", async () => {
    await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest(`${HOSTILE_SCRIPT} Tên miền không vào được ${HOSTILE_IMG}`, { name: HOSTILE_IMG });
    const staffPage = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));

    // Sign in.
    await staffPage.goto(`${base}/console`);
    await staffPage.fill("#login", "lan");
    await staffPage.fill("#password", PASSWORD);
    await staffPage.click("#sign-in button[type=submit]");
    await staffPage.waitForSelector("#claim-next");

    // The queue shows the customer's hostile text as text.
    const row = staffPage.locator(`tr.ticket-row[data-number="${ticket.number}"]`);
    await expect.poll(() => row.locator(".excerpt").textContent()).toContain(HOSTILE_SCRIPT);
    expect(await row.locator(".customer").textContent()).toBe(HOSTILE_IMG);
    expect(await row.locator("img, script").count()).toBe(0);
    await staffPage.screenshot({ path: await artifactPath("console-queue.png"), fullPage: true });

    // Claim next → the ticket view.
    await staffPage.click("#claim-next");
    await staffPage.waitForSelector("#reply-text").catch((error: Error) => {
      throw new Error(`${error.message}\npage errors: ${pageErrors.join("; ")}`);
    });
    expect(await staffPage.locator("#ticket-title").textContent()).toContain(`#${ticket.number}`);
    expect(await staffPage.locator("#messages .msg.in .text").first().textContent()).toContain(HOSTILE_IMG);
    expect(await staffPage.locator("#messages img, #messages script").count()).toBe(0);

    // A validation error shows inline.
    await staffPage.fill("#reply-text", "Em gọi điện cho anh nhé");
    await staffPage.click("#reply-send");
    await expect.poll(() => staffPage.locator("#reply-error").textContent()).toContain("văn bản");

    // Reply: the greeting is added (R3.5).
    await staffPage.fill("#reply-text", "Chúng tôi đã sửa bản ghi DNS.");
    await staffPage.click("#reply-send");
    await staffPage.waitForSelector("#messages .msg.out");
    expect(await staffPage.locator("#messages .msg.out .text").first().textContent()).toBe(
      "Kính thưa quý khách,\nChúng tôi đã sửa bản ghi DNS.",
    );

    // The web chat sender delivers with no platform; then Resolve is allowed (R3.3).
    await expect.poll(() => h.db.prisma.outboxMessage.count({ where: { ticketId: ticket.id, kind: "reply", status: "sent" } })).toBe(1);
    // Resolve asks for its closing text in a dialog.
    await staffPage.click("#resolve");
    await staffPage.fill("dialog #dialog-field", "Yêu cầu đã được xử lý xong.");
    await staffPage.click("dialog #dialog-confirm");
    await expect.poll(() => staffPage.locator("#ticket-title").textContent()).toContain("Đã hoàn tất");
    await staffPage.screenshot({ path: await artifactPath("console-ticket.png"), fullPage: true });

    // The customer's page: both replies, with the greeting, and the hostile text as text.
    const customerPage = watch(await browser.newPage({ viewport: { width: 390, height: 844 } }));
    await customerPage.goto(`${base}/t/${signedTicketId("s".repeat(40), ticket)}`);
    const replies = await customerPage.locator(".msg.out .text").allTextContents();
    expect(replies).toEqual(["Kính thưa quý khách,\nChúng tôi đã sửa bản ghi DNS.", "Kính thưa quý khách,\nYêu cầu đã được xử lý xong."]);
    expect(await customerPage.locator(".msg.in .text").first().textContent()).toContain(HOSTILE_SCRIPT);
    await expect.poll(() => customerPage.getByText(HOSTILE_IMG, { exact: false }).first().isVisible()).toBe(true);
    await customerPage.screenshot({ path: await artifactPath("ticket-page.png"), fullPage: true });

    // Rate 4 stars, once.
    await customerPage.click('button[name="stars"][value="4"]');
    await customerPage.waitForSelector(".flash");
    expect(await customerPage.locator(".flash").textContent()).toBe("Cảm ơn quý khách đã đánh giá.");
    expect(await customerPage.locator('button[name="stars"]').count()).toBe(0);
    await customerPage.screenshot({ path: await artifactPath("ticket-page-rated.png"), fullPage: true });

    // The dashboard counts it.
    await staffPage.click('#nav [data-view="dashboard"]');
    await staffPage.waitForSelector("#dashboard");
    expect(await staffPage.locator('tr[data-department="sales"] .resolved').textContent()).toBe("1");
    expect(await staffPage.locator("#stat-rating strong").textContent()).toContain("4.0");
    expect(await staffPage.locator("#dashboard svg rect.resolved").count()).toBeGreaterThan(0);
    await staffPage.screenshot({ path: await artifactPath("console-dashboard.png"), fullPage: true });

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("a wrong password shows an error in the page and the console stays signed out", async () => {
    await h.staff("minh", ["technical"]);
    const page = watch(await browser.newPage());
    await page.goto(`${base}/console?lang=en`);
    await page.fill("#login", "minh");
    await page.fill("#password", "not the password");
    await page.click("#sign-in button[type=submit]");
    await expect.poll(() => page.locator("#error").textContent()).toBe("Wrong login or password.");
    expect(await page.locator("#claim-next").count()).toBe(0);
  }, 60_000);
});
