import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium: a browser download cannot work here, so playwright-core drives the system one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

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
