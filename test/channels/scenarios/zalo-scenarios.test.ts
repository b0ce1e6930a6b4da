import { afterEach, describe, it } from "vitest";
import type { Language } from "../../../src/kernel/language.js";
import { dialogScenarios } from "./dialog-scenarios.js";
import { type ChatDriver, zaloBotDriver, zaloOaDriver } from "./drivers.js";

/** The shared dialog scenarios on Zalo: the OA with taps and with typed answers, the Bot with numbers; Vietnamese and English. */
const channels: [string, () => Promise<ChatDriver>][] = [
  ["Zalo OA, buttons tapped", () => zaloOaDriver("taps")],
  ["Zalo OA, answers typed", () => zaloOaDriver("typed")],
  ["Zalo Bot, numbers typed", () => zaloBotDriver()],
];
const languages: Language[] = ["vi", "en"];

let driver: ChatDriver | undefined;
afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

for (const [channel, start] of channels) {
  describe(channel, () => {
    for (const scenario of dialogScenarios) {
      for (const language of languages) {
        it(`${scenario.name} (${language})`, async () => {
          driver = await start();
          await scenario.run(driver, language);
        });
      }
    }
  });
}
