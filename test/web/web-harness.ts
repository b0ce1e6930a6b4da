import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, type AppOptions, createApp } from "../../src/app.js";
import { parseEnv } from "../../src/config/env.js";
import type { Logger } from "../../src/kernel/logger.js";
import type { Policy } from "../../src/policy/policy.schema.js";
import { addStaffAccount } from "../../src/web/staff-accounts.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { FakeClock } from "../support/fake-clock.js";
import { silentLogger } from "../support/logger.js";
import { createTestDatabase } from "../support/test-db.js";

export const PASSWORD = "correct horse battery";

/** The whole app on a fresh database with the web module on, a fake clock (09:00 Wed in Hanoi) and a temporary DATA_DIR. */
export async function webHarness(
  options: {
    env?: Record<string, string>;
    now?: string;
    clock?: FakeClock;
    dataDir?: string;
    app?: AppOptions;
    logger?: Logger;
    /** Another policy than the bundled one (Slack channels set, say). */
    policy?: Policy;
  } = {},
) {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "hotro-web-")));
  const parsed = parseEnv({ DATA_DIR: dataDir, APP_SECRET: "s".repeat(40), LOG_LEVEL: "silent", ...options.env });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const policy: Policy = options.policy ?? (await loadDefaultPolicy());
  const db = await createTestDatabase();
  const clock = options.clock ?? new FakeClock(options.now ?? "2026-11-25T02:00:00Z");
  const app: App = await createApp({ env: parsed.env, policy, db, clock, logger: options.logger ?? silentLogger }, options.app);

  const staff = async (login: string, departments: string[]) => {
    const added = await addStaffAccount(app.tickets, policy, { login, name: login.toUpperCase(), departments, password: PASSWORD });
    if (!added.ok) throw new Error(added.code);
    return added.value.id;
  };

  let visitor = 0;
  /** A web chat request, opened through the ticket service as the widget will. */
  const openRequest = async (
    description = "Tên miền của tôi không truy cập được",
    extra: { name?: string; phone?: string; email?: string; website?: string; categoryId?: string } = {},
  ) => {
    visitor++;
    const customer = await app.tickets.identifyCustomer({
      channel: "webchat",
      externalId: `v${visitor}`,
      displayName: extra.name ?? "Khách Web",
      language: "vi",
    });
    const opened = await app.tickets.open({
      customerId: customer.id,
      channel: "webchat",
      chatId: `v${visitor}`,
      language: "vi",
      categoryId: extra.categoryId ?? "product_usage",
      description,
      contact: {
        name: extra.name ?? "Khách Web",
        phone: extra.phone ?? "0903123456",
        ...(extra.email ? { email: extra.email } : {}),
        ...(extra.website ? { website: extra.website } : {}),
      },
    });
    if (!opened.ok) throw new Error(opened.code);
    return opened.value.ticket;
  };

  /** Signs in through the API; returns the cookie and CSRF token for later requests. */
  const signIn = async (login: string, password = PASSWORD) => {
    const response = await app.server.inject({ method: "POST", url: "/console/api/sign-in", payload: { login, password } });
    if (response.statusCode !== 200) throw new Error(`sign-in ${response.statusCode}`);
    const cookie = String(response.headers["set-cookie"]).split(";")[0] ?? "";
    return { cookie, csrf: (response.json() as { csrf: string }).csrf };
  };

  const as = (session: { cookie: string; csrf: string }) => ({
    get: (url: string) => app.server.inject({ method: "GET", url, headers: { cookie: session.cookie, "x-lang": "en" } }),
    post: (url: string, payload: object = {}) =>
      app.server.inject({
        method: "POST",
        url,
        payload,
        headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "x-lang": "en" },
      }),
  });

  return {
    app,
    db,
    policy,
    clock,
    env: parsed.env,
    dataDir,
    staff,
    openRequest,
    signIn,
    as,
    async close() {
      await app.stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type WebHarness = Awaited<ReturnType<typeof webHarness>>;
