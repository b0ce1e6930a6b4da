import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "../../../src/app.js";
import type { FeedMessage } from "../../../src/channels/webchat/feed.js";
import { parseEnv } from "../../../src/config/env.js";
import type { Policy } from "../../../src/policy/policy.schema.js";
import { loadDefaultPolicy } from "../../support/default-policy.js";
import { FakeClock } from "../../support/fake-clock.js";
import { silentLogger } from "../../support/logger.js";
import { createTestDatabase } from "../../support/test-db.js";

export const APP_SECRET = "webchat-test-secret-0123456789abcdef";

export interface Visitor {
  visitorId: string;
  token: string;
}

/**
 * The whole product on a fresh database, no platform token set: the web chat is on by itself.
 * Every call goes through the real HTTP routes (app.server.inject); processing and delivery run
 * when the test says (settle).
 */
export async function webchatHarness(options: { now?: string; env?: Record<string, string> } = {}) {
  const clock = new FakeClock(options.now ?? "2026-11-25T02:00:00Z"); // 09:00 Wednesday in Hanoi
  const db = await createTestDatabase();
  const policy: Policy = await loadDefaultPolicy();
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotro-wc-"));
  const parsed = parseEnv({ DATA_DIR: dataDir, APP_SECRET, ...options.env });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const app: App = await createApp({ env: parsed.env, policy, db, clock, logger: silentLogger });

  async function settle() {
    await app.inbound.processDue();
    await app.delivery.deliverDue();
  }

  async function session(body: Record<string, unknown> = {}): Promise<Visitor> {
    const response = await app.server.inject({ method: "POST", url: "/webchat/session", payload: body });
    if (response.statusCode !== 200) throw new Error(`session: ${response.statusCode} ${response.body}`);
    const { visitorId, token } = response.json() as Visitor;
    return { visitorId, token };
  }

  let counter = 0;
  /** POSTs a message as the widget does; the caller decides whether to settle. */
  const post = (payload: unknown) => app.server.inject({ method: "POST", url: "/webchat/messages", payload: payload as object });
  const message = (v: Visitor, content: { text?: string; choice?: string }, clientMessageId = `c${++counter}`) =>
    post({ ...v, clientMessageId, language: "vi", ...content });

  /** Sends and processes: what the visitor reads afterwards is in the feed. */
  async function say(v: Visitor, text: string) {
    const response = await message(v, { text });
    await settle();
    return response;
  }
  async function press(v: Visitor, choice: string) {
    const response = await message(v, { choice });
    await settle();
    return response;
  }

  async function poll(v: Visitor, after?: number): Promise<FeedMessage[]> {
    const query = new URLSearchParams({ visitorId: v.visitorId, token: v.token, ...(after !== undefined ? { after: String(after) } : {}) });
    const response = await app.server.inject({ method: "GET", url: `/webchat/messages?${query}` });
    if (response.statusCode !== 200) throw new Error(`poll: ${response.statusCode} ${response.body}`);
    return (response.json() as { messages: FeedMessage[] }).messages;
  }

  /** What the visitor has not read yet, like the widget: everything after the last seen seq. */
  const seen = new Map<string, number>();
  async function fresh(v: Visitor): Promise<FeedMessage[]> {
    const messages = await poll(v, seen.get(v.visitorId) ?? 0);
    const last = messages.at(-1);
    if (last) seen.set(v.visitorId, last.seq);
    return messages;
  }
  const freshText = async (v: Visitor) => (await fresh(v)).map((m) => m.text).join("\n---\n");

  /** The rest of the intake form once the description is written: consent, name, contact, no website, confirmed. */
  async function finishRequest(v: Visitor, answers: { name: string; contact: string }) {
    await press(v, "in:done");
    await press(v, "in:consent_yes");
    await say(v, answers.name);
    await say(v, answers.contact);
    await press(v, "in:skip");
    await press(v, "in:confirm");
  }

  return { app, db, clock, policy, dataDir, settle, session, post, message, say, press, poll, fresh, freshText, finishRequest };
}

export type WebchatHarness = Awaited<ReturnType<typeof webchatHarness>>;
