import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Kills and long backlogs: `npm run test:reliability`.
    exclude: ["test/reliability/**", "**/node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    // Workers are reused across test files, so each opens its embedded database once (test/support/test-db.ts).
    isolate: false,
    // PGlite costs hundreds of MB per instance: keep the number of workers small.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    sequence: { seed: 20261125 },
    env: { TZ: "UTC" },
  },
});
