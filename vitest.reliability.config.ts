import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/** `npm run test:reliability`: the heavy suites (kills, long backlogs), run by CI after `npm test`. */
export default defineConfig({
  test: { ...base.test, include: ["test/reliability/**/*.test.ts"], exclude: ["**/node_modules/**"] },
});
