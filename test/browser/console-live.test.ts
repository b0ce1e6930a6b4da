import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedTicketId } from "../../src/web/ticket-links.js";
import { PASSWORD, type WebHarness, webHarness } from "../web/web-harness.js";
import { artifactPath, hasChromium, pageWatcher, serveInChromium, warnIfSkipped } from "./browser-support.js";

warnIfSkipped();

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

describe.skipIf(!hasChromium)("in Chromium: the console live, staff management, folded search, accessibility", () => {
  let h: WebHarness;
  let browser: Browser;
  let base: string;
  const { pageErrors, watch } = pageWatcher();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await webHarness();
    // The first account is the administrator.
    ids.an = await h.staff("an", ["customer_care"]);
    ids.lan = await h.staff("lan", ["sales"]);
    ids.minh = await h.staff("minh", ["sales"]);
    ({ base, browser } = await serveInChromium(h.app));
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** A page (bypassing CSP only so that the axe script can be injected) signed in as `login`. */
  async function signedIn(login: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = watch(await browser.newPage({ viewport, bypassCSP: true }));
    await page.goto(`${base}/console`);
    await page.fill("#login", login);
    await page.fill("#password", PASSWORD);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector("#claim-next");
    return page;
  }
  // Page code as strings: the tests are type-checked without the DOM library.
  const liveUpdates = async (page: Page) => Number((await page.locator("body").getAttribute("data-live-updates")) ?? 0);
  const focusedId = (page: Page) => page.evaluate("document.activeElement && document.activeElement.id") as Promise<string | null>;
  interface Violation {
    id: string;
    impact: string;
    nodes: { target: string[] }[];
  }

  async function axeViolations(page: Page) {
    await page.addScriptTag({ path: AXE });
    const results = (await page.evaluate(
      "axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })))",
    )) as Violation[];
    return results
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  it("a refused reply keeps its text, its error and its marked words through the next live update", async () => {
    const ticket = await h.openRequest("Website báo lỗi 500", { name: "Phạm Thu" });
    const page = await signedIn("lan");
    // Nothing held yet: the table of held tickets is hidden and says so, from the first view on.
    expect(await page.locator("#claimed-sales").isHidden()).toBe(true);
    expect(await page.locator("#claimed-sales + p.empty").textContent()).toContain("Chưa ai đang xử lý yêu cầu nào");
    await page.click("#claim-next");
    await page.waitForSelector("#reply-text");
    const refused = "Dạ, để em gọi điện cho anh hướng dẫn nhé.";
    await page.fill("#reply-text", refused);
    await page.click("#reply-send");
    await expect.poll(() => page.locator("#reply-error").textContent()).toContain("văn bản");
    const marked = await page.locator("#reply-refused mark").textContent();
    expect(marked?.toLowerCase()).toContain("gọi điện");
    expect(await page.getAttribute("#reply-text", "aria-invalid")).toBe("true");

    // The customer writes: the live update shows the new message, and nothing of the reply box changes.
    const before = await liveUpdates(page);
    const messages = await page.locator("#messages .msg").count();
    const added = await h.app.tickets.addCustomerMessage({
      customerId: ticket.customerId,
      channel: "webchat",
      text: "Tôi vẫn đang chờ ạ",
      ticketId: ticket.id,
    });
    expect(added.ok).toBe(true);
    await expect.poll(() => page.locator("#messages .msg").count()).toBe(messages + 1);
    expect(await liveUpdates(page)).toBeGreaterThan(before);
    expect(await page.locator("#messages .msg.in .text").last().textContent()).toBe("Tôi vẫn đang chờ ạ");
    expect(await page.inputValue("#reply-text")).toBe(refused);
    expect(await page.locator("#reply-error").textContent()).toContain("văn bản");
    expect(await page.locator("#reply-refused mark").textContent()).toBe(marked);
    await page.screenshot({ path: await artifactPath("console-refused-reply-after-update.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("the queue updates live, row by row, and text being typed on a ticket is never lost", async () => {
    const first = await h.openRequest("Cần báo giá tên miền", { name: "Lê Minh" });
    const queue = await signedIn("minh");
    const row = (n: number) => queue.locator(`tr.ticket-row[data-number="${n}"]`);
    await row(first.number).waitFor();
    // Mark the row element: an unchanged row must stay the very same element after an update.
    await queue.evaluate(`document.querySelector('tr.ticket-row[data-number="${first.number}"]').dataset.kept = "yes"`);
    expect(await queue.locator("table.queue thead th").allTextContents()).toEqual([
      "Số",
      "Khách hàng",
      "Loại yêu cầu",
      "Đã chờ",
      "Thời hạn",
      "Vị trí",
      "Số",
      "Khách hàng",
      "Loại yêu cầu",
      "Đã chờ",
      "Thời hạn",
      "Người xử lý",
    ]);

    // The waiting line keeps the policy's order: no header sorts it. Held tickets may be ordered by time left.
    expect(await queue.locator("table.queue[id^=waiting] thead button").count()).toBe(0);
    expect(await queue.locator("table.queue[id^=claimed] thead th[aria-sort]").getAttribute("aria-sort")).toBe("none");

    // Another staff member works a ticket with a note half typed, while the queue moves.
    const working = await signedIn("lan");
    await working.click(`tr.ticket-row[data-number="${first.number}"] a`);
    await working.waitForSelector("#note-text");
    await working.click("#note-text");
    await working.keyboard.type("Khách cần báo giá gấp, đang");

    const second = await h.openRequest("Tên miền hết hạn", { name: "Hoàng Yến" });
    await row(second.number).waitFor();
    expect(await row(second.number).locator(".position").textContent()).toBeTruthy();
    expect(await row(first.number).getAttribute("data-kept")).toBe("yes");

    // A change of the ticket being worked on (a note by someone else) patches it: the typed note stays, and the focus too.
    const before = await working.locator("#timeline li").count();
    expect(
      (await h.app.tickets.addNote(ids.minh ?? "", first.id, "Đã gọi lại cho khách qua email", { echoToStaffChannels: false })).ok,
    ).toBe(true);
    await expect.poll(() => working.locator("#timeline li").count()).toBeGreaterThan(before);
    expect(await working.inputValue("#note-text")).toBe("Khách cần báo giá gấp, đang");
    expect(await focusedId(working)).toBe("note-text");
    await queue.screenshot({ path: await artifactPath("console-queue-live.png"), fullPage: true });
    await queue.close();
    await working.close();
  });

  it("an administrator adds a person, resets a password and deactivates an account", async () => {
    const page = await signedIn("an");
    await page.click('#nav [data-view="people"]');
    await page.waitForSelector("#add-person");
    await page.fill("#new-name", "Trần Bảo");
    await page.fill("#new-login", "bao");
    await page.fill("#new-password", "mật khẩu đủ dài");
    await page.check("#new-technical");
    await page.click("#add-person-submit");
    const card = page.locator('form.person[data-login="bao"]');
    await card.waitFor();
    expect(await page.locator("#notice").textContent()).toContain("Trần Bảo");
    expect(await h.db.prisma.staff.findUniqueOrThrow({ where: { login: "bao" } })).toMatchObject({
      departments: ["technical"],
      active: true,
    });

    // Reset the password in a dialog.
    await card.locator(".reset-password").click();
    await page.fill("dialog #dialog-field", "một mật khẩu mới");
    await page.click("dialog #dialog-confirm");
    await expect.poll(() => page.locator("#notice").textContent()).toBe("Đã lưu.");
    const signIn = await h.app.server.inject({
      method: "POST",
      url: "/console/api/sign-in",
      payload: { login: "bao", password: "một mật khẩu mới" },
    });
    expect(signIn.statusCode).toBe(200);

    // Deactivation asks first.
    await page.locator('form.person[data-login="bao"] .toggle-active').click();
    await page.click("dialog #dialog-confirm");
    await expect.poll(() => page.locator('form.person[data-login="bao"]').getAttribute("class")).toContain("inactive");
    expect((await h.db.prisma.staff.findUniqueOrThrow({ where: { login: "bao" } })).active).toBe(false);
    expect(await h.db.prisma.consoleSession.count({ where: { staff: { login: "bao" } } })).toBe(0);
    await page.screenshot({ path: await artifactPath("console-staff.png"), fullPage: true });
    await page.close();
  });

  it("search folds diacritics: `nguyen van an` finds Nguyễn Văn An, with department, state and date", async () => {
    const ticket = await h.openRequest("Không vào được email", { name: "Nguyễn Văn An" });
    const page = await signedIn("an");
    await page.click('#nav [data-view="search"]');
    await page.fill("#search-q", "nguyen van an");
    await page.press("#search-q", "Enter");
    const result = page.locator("article.result").first();
    await result.waitFor();
    expect(await result.locator("h3").textContent()).toContain(`#${ticket.number}`);
    expect(await result.locator("h3").textContent()).toContain("Nguyễn Văn An");
    expect(await result.locator(".meta").textContent()).toContain("kinh doanh");
    expect(await result.locator(".meta").textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await page.close();
  });

  it("keyboard only: claim next, reply, resolve", async () => {
    await h.openRequest("Cần hỗ trợ cấu hình email", { name: "Đỗ Hà" });
    const page = await signedIn("minh");
    const tabTo = async (id: string) => {
      for (let i = 0; i < 80; i++) {
        if ((await focusedId(page)) === id) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`never reached #${id} with Tab`);
    };
    await tabTo("claim-next");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#reply-text");
    await tabTo("reply-text");
    await page.keyboard.type("Chúng tôi đã cấu hình lại hộp thư cho anh chị.");
    await tabTo("reply-send");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#messages .msg.out");
    const id = (await page.locator("#ticket-title").textContent()) ?? "";
    const number = Number(/#(\d+)/.exec(id)?.[1]);
    const { id: ticketId } = await h.db.prisma.ticket.findUniqueOrThrow({ where: { number } });
    await expect.poll(() => h.db.prisma.outboxMessage.count({ where: { ticketId, kind: "reply", status: "sent" } })).toBe(1);
    await tabTo("resolve");
    await page.keyboard.press("Enter");
    expect(await focusedId(page)).toBe("dialog-field");
    await page.keyboard.type("Yêu cầu đã xong, cảm ơn anh chị.");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#ticket-title").textContent()).toContain("Đã hoàn tất");
    await page.close();
  }, 60_000);

  it("at phone size (390×844) staff management and the dashboard fit: no sideways page, wide tables scroll in their box; axe clean", async () => {
    await h.openRequest("Cần tư vấn gói email doanh nghiệp", { name: "Đặng Thu Trang" });
    const page = await signedIn("an", { width: 390, height: 844 });
    /** Page-side: how far the page itself scrolls sideways, stray text, squeezed checkboxes, and whether each table scrolls in a box of its own. */
    const LAYOUT = `(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      strayNull: [...document.getElementById("app").childNodes].some((n) => n.nodeType === 3 && n.textContent.includes("null")),
      squeezedCheckboxes: [...document.querySelectorAll("label.check input")].filter((i) => i.getBoundingClientRect().width > 40).length,
      tables: [...document.querySelectorAll("main table")].map((t) => {
        const box = t.parentElement;
        const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
        return { table: t.id || t.className, scrollsInItsBox: scrolls && box.getBoundingClientRect().right <= window.innerWidth };
      }),
    }))()`;
    interface Layout {
      overflow: number;
      strayNull: boolean;
      squeezedCheckboxes: number;
      tables: { table: string; scrollsInItsBox: boolean }[];
    }
    const found: Record<string, { layout: Layout; axe: string[] }> = {};

    await page.click('#nav [data-view="people"]');
    await page.waitForSelector('form.person[data-login="lan"]');
    found.people = { layout: (await page.evaluate(LAYOUT)) as Layout, axe: await axeViolations(page) };
    await page.screenshot({ path: await artifactPath("console-staff-phone.png"), fullPage: true });

    await page.click('#nav [data-view="dashboard"]');
    await page.waitForSelector("#dashboard");
    found.dashboard = { layout: (await page.evaluate(LAYOUT)) as Layout, axe: await axeViolations(page) };
    expect(found.dashboard.layout.tables.length).toBeGreaterThan(0);
    await page.screenshot({ path: await artifactPath("console-dashboard-phone.png"), fullPage: true });

    for (const [view, { layout, axe }] of Object.entries(found)) {
      expect({ view, overflow: layout.overflow, axe, strayNull: layout.strayNull, squeezed: layout.squeezedCheckboxes }).toEqual({
        view,
        overflow: 0,
        axe: [],
        strayNull: false,
        squeezed: 0,
      });
      for (const table of layout.tables) expect({ view, ...table }).toEqual({ view, table: table.table, scrollsInItsBox: true });
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it("axe: no serious or critical violations on the queue, a ticket, the ticket page and the dashboard", async () => {
    const ticket = await h.openRequest("Cần kiểm tra hóa đơn", { name: "Vũ Lan" });
    const page = await signedIn("an");
    const found: Record<string, string[]> = {};
    found.queue = await axeViolations(page);
    await page.click('#nav [data-view="search"]');
    await page.fill("#search-q", `#${ticket.number}`);
    await page.press("#search-q", "Enter");
    await page.locator("article.result a.ticket-link").first().click();
    await page.waitForSelector("#ticket-title");
    found.ticket = await axeViolations(page);
    await page.click('#nav [data-view="dashboard"]');
    await page.waitForSelector("#dashboard");
    found.dashboard = await axeViolations(page);
    const customer = watch(await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true }));
    await customer.goto(`${base}/t/${signedTicketId("s".repeat(40), ticket)}`);
    found.ticketPage = await axeViolations(customer);
    expect(found).toEqual({ queue: [], ticket: [], dashboard: [], ticketPage: [] });
    await page.close();
    await customer.close();
  }, 120_000);
});
