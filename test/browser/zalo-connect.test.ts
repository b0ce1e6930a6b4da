import { createServer } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startZaloOaStandin, type ZaloOaStandin } from "../standins/zalo-oa-standin.js";
import { PASSWORD, type WebHarness, webHarness } from "../web/web-harness.js";
import { hasChromium, launchChromium, pageWatcher, warnIfSkipped } from "./browser-support.js";

warnIfSkipped();

/** A port free now: PUBLIC_URL must name the server's own address before the app is built (the callback URL). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.skipIf(!hasChromium)("in Chromium: a Customer care admin connects the Zalo OA from the console", () => {
  let h: WebHarness;
  let standin: ZaloOaStandin;
  let browser: Browser;
  let base: string;
  const { pageErrors, watch } = pageWatcher();

  beforeAll(async () => {
    standin = await startZaloOaStandin();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await webHarness({
      env: {
        PUBLIC_URL: base,
        ZALO_APP_ID: standin.appId,
        ZALO_APP_SECRET: standin.appSecret,
        ZALO_OA_SECRET_KEY: standin.oaSecretKey,
        ZALO_OAUTH_ROOT: standin.origin,
        ZALO_API_ROOT: standin.origin,
      },
    });
    await h.staff("an", ["customer_care"]);
    await h.app.server.listen({ port, host: "127.0.0.1" });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await standin?.close();
  });

  it("goes to Zalo's consent page and back: the Zalo tab then shows the OA connected", async () => {
    const page = watch(await browser.newPage());
    // Patience, not a measure: a busy 2-core machine runs other browsers beside this one.
    page.setDefaultTimeout(25_000);
    await page.goto(`${base}/console?lang=en`);
    await page.fill("#login", "an");
    await page.fill("#password", PASSWORD);
    await page.click("#sign-in button[type=submit]");
    // The queue is the first view: once it is drawn, a tab's view is not replaced by it arriving late.
    await page.waitForSelector("#claim-next");
    await page.click("#nav [data-view=zalo]");
    await page.waitForSelector("#zalo-connect");
    expect(await page.locator("#zalo").textContent()).toContain("Not connected");
    expect(await page.locator("#zalo").textContent()).toContain(`${base}/console/zalo/callback`);

    // The stand-in's consent page allows at once and sends the browser back to the callback.
    await Promise.all([page.waitForURL(/\/console\/zalo\/callback/), page.click("#zalo-connect")]);
    expect(await page.locator("h1").textContent()).toBe("Zalo OA connected");
    expect(standin.consents).toHaveLength(1);

    await page.click("a[href*='#zalo']");
    await page.waitForSelector("#zalo-connect");
    const shown = (await page.locator("#zalo").textContent()) ?? "";
    expect(shown).toContain("Connected");
    expect(shown).toContain(standin.oaId);
    expect(shown).toMatch(/Access token valid until\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await page.locator("#zalo-connect").textContent()).toBe("Connect again");
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
