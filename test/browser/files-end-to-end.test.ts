import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels, SIGNING_SECRET, slackPolicy, startTestWorkspace } from "../slack/harness.js";
import type { SlackStandin } from "../standins/slack-standin.js";
import { PASSWORD, type WebHarness, webHarness } from "../web/web-harness.js";
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

/** A real 1×1 PNG: the console must be able to draw it. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
/** Page-side: is the console's inline image drawn (loaded, with its pixels)? */
const INLINE_IMAGE_DRAWN = `(() => {
  const img = document.querySelector("#messages .msg.in img.inline-file");
  return Boolean(img && img.complete && img.naturalWidth > 0);
})()`;

/**
 * A file a customer attaches in the widget, followed to where staff read it: inline in the console's
 * ticket view, and linked on the department's Slack card (the stand-in), the link serving the bytes.
 */
describe.skipIf(!hasChromium)("in Chromium: a file from the widget reaches the console and Slack", () => {
  let h: WebHarness;
  let slack: SlackStandin;
  let browser: Browser;
  let base: string;
  const { dialogs, pageErrors, watch } = pageWatcher();

  beforeAll(async () => {
    slack = await startTestWorkspace();
    h = await webHarness({
      policy: await slackPolicy(),
      env: {
        SLACK_BOT_TOKEN: slack.identity.token,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        OUTBOUND_PACE: "off",
      },
    });
    ({ base, browser } = await serveInChromium(h.app));
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await slack?.close();
  });

  it("attached during the intake: inline in the console's ticket view, linked on the Slack card", async () => {
    await h.staff("tuan", ["technical"]);
    const chat = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await chat.goto(`${base}/`);
    await chat.click(".hotro-wc-launcher");
    await chat.waitForSelector('[data-choice="menu:new"]');
    await press(chat, "menu:new");
    await press(chat, "cat:hosting_domain");
    await typeInWidget(chat, "Trang quản trị báo lỗi, ảnh chụp màn hình kèm theo");
    await andAnswer(chat, () =>
      chat.setInputFiles(".hotro-wc-form input[type=file]", { name: "loi-500.png", mimeType: "image/png", buffer: PNG }),
    );
    expect(await widgetLog(chat)).toContain("📎 loi-500.png");
    await press(chat, "in:done");
    await press(chat, "in:consent_yes");
    await typeInWidget(chat, "Nguyễn Văn An");
    await typeInWidget(chat, "0903 123 456");
    await press(chat, "in:skip");
    await press(chat, "in:confirm");
    await expect.poll(() => widgetLog(chat), { timeout: 10_000 }).toContain("đã được tiếp nhận");
    const ticket = await h.db.prisma.ticket.findFirstOrThrow();
    expect(ticket.departmentId).toBe("technical");

    // Slack: the Technical channel's card (or its thread) links the file; the link serves its bytes to staff.
    const linkOnSlack = async () => {
      const text = JSON.stringify(slack.messages(channels.technical));
      return /<(https?:\/\/[^|>]+)\|loi-500\.png>/.exec(text)?.[1];
    };
    await expect.poll(linkOnSlack, { timeout: 15_000 }).toBeTruthy();
    const url = new URL((await linkOnSlack()) ?? "");
    const served = await fetch(`${base}${url.pathname}${url.search}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toContain("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // Console: the staff member claims it; the image is drawn inline in the conversation.
    const staff = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await staff.goto(`${base}/console`);
    await staff.fill("#login", "tuan");
    await staff.fill("#password", PASSWORD);
    await staff.click("#sign-in button[type=submit]");
    await staff.click("#claim-next");
    await staff.waitForSelector("#messages .msg.in img.inline-file");
    expect(await staff.locator("#messages .msg.in img.inline-file").getAttribute("alt")).toBe("loi-500.png");
    await expect.poll(() => staff.evaluate<boolean>(INLINE_IMAGE_DRAWN)).toBe(true);
    await staff.screenshot({ path: await artifactPath("file-in-console.png"), fullPage: true });

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
