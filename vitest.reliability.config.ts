import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * `npm run test:reliability`: the heavy suites (kills, long backlogs), run by CI after `npm test`,
 * and the route fuzzing with thousands of generated requests per route instead of a few hundred.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ["test/reliability/**/*.test.ts", "test/server/route-fuzz.test.ts"],
    exclude: ["**/node_modules/**"],
    env: { ...base.test?.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? "2000" },
  },
});
