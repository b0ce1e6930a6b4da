import type { Translator } from "../i18n/i18n.js";
import type { Language } from "../kernel/language.js";
import type { ModuleDeps, ZaloConnection } from "../modules.js";
import type { LiveUpdates } from "./infra/live-updates.js";
import type { SessionStore } from "./infra/sessions.js";
import type { SetupTokens } from "./infra/setup-tokens.js";
import type { SignInThrottle } from "./sign-in-throttle.js";

/** What the web module is built from. */
export type WebDeps = Pick<
  ModuleDeps,
  "env" | "policy" | "content" | "reloadPolicy" | "db" | "clock" | "logger" | "tickets" | "announce" | "counters"
>;

/**
 * Everything the console and ticket page routes share. No database here: tickets, customers and
 * staff come from the ticket service, the console's own rows from its stores (infra/).
 */
export interface WebContext extends Omit<WebDeps, "db"> {
  t: Translator;
  secret: string;
  sessions: SessionStore;
  /** Which tickets changed, for the console's live updates. */
  live: LiveUpdates;
  throttle: SignInThrottle;
  /** The first administrator's one-time links, printed at start while nobody can sign in. */
  setup: SetupTokens;
  secureCookies: boolean;
  defaultLanguage: Language;
  /** The Zalo OA's consent flow, when the Zalo OA channel is on. */
  zaloConnection?: ZaloConnection;
}

/** Channels the console drives directly (their consent pages), when they are on. */
export interface WebChannels {
  zaloConnection?: ZaloConnection;
}
