import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

import { CHROMIUM, hasChromium } from "../support/environment.js";

export { hasChromium } from "../support/environment.js";

let warned = false;
/** Says once, clearly, why the browser tests did not run. */
export function warnIfSkipped(): void {
  if (hasChromium || warned) return;
  warned = true;
  console.warn(`[browser tests] SKIPPED: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
}

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** Screenshots land in test-artifacts/ (gitignored), kept by CI as artifacts. */
export async function artifactPath(name: string): Promise<string> {
  const dir = path.resolve("test-artifacts");
  await mkdir(dir, { recursive: true });
  return path.join(dir, name);
}

/** Serves an app on a free port with its workers running, and opens Chromium on it. */
export async function serveInChromium(app: {
  server: { listen(o: { port: number; host: string }): Promise<unknown>; server: { address(): unknown } };
  start(): Promise<void>;
}) {
  await app.server.listen({ port: 0, host: "127.0.0.1" });
  await app.start(); // the inbound log and the delivery worker run, as in production
  const base = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`;
  return { base, browser: await launchChromium() };
}

/** Records every dialog (dismissed: a fired alert is an XSS) and page error of the pages it watches. */
export function pageWatcher() {
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const watch = (page: Page) => {
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return page;
  };
  return { dialogs, pageErrors, watch };
}

/** Does something in the web chat widget and waits until the bot has answered it. */
export async function andAnswer(page: Page, action: () => Promise<void>) {
  const before = await page.locator(".hotro-wc-bot").count();
  await action();
  await expect.poll(() => page.locator(".hotro-wc-bot").count(), { timeout: 10_000 }).toBeGreaterThan(before);
}

/** Presses a choice button of the widget (the newest with that id). */
export const press = (page: Page, choice: string) => andAnswer(page, () => page.locator(`[data-choice="${choice}"]`).last().click());

/** Types a message in the widget and sends it with Enter. */
export const typeInWidget = (page: Page, text: string) =>
  andAnswer(page, async () => {
    await page.fill("#hotro-wc-input", text);
    await page.press("#hotro-wc-input", "Enter");
  });

/** The widget's whole conversation as text. */
export const widgetLog = async (page: Page) => (await page.locator(".hotro-wc-log").textContent()) ?? "";
