import type { Env } from "../config/env.js";
import type { Database } from "../db/database.js";
import type { Translator } from "../i18n/i18n.js";
import type { Clock } from "../kernel/clock.js";
import type { Language } from "../kernel/language.js";
import type { Logger } from "../kernel/logger.js";
import type { Policy } from "../policy/policy.schema.js";
import type { TicketService } from "../tickets/index.js";
import type { SessionStore } from "./sessions.js";
import type { SetupTokens } from "./setup-tokens.js";
import type { SignInThrottle } from "./sign-in-throttle.js";

/** What the web module is built from (a subset of the app's ModuleDeps, named here to keep app.ts out of the import graph). */
export interface WebDeps {
  env: Env;
  policy: Policy;
  db: Database;
  clock: Clock;
  logger: Logger;
  tickets: TicketService;
}

/** Everything the console and ticket page routes share. */
export interface WebContext extends WebDeps {
  t: Translator;
  secret: string;
  sessions: SessionStore;
  throttle: SignInThrottle;
  /** The first administrator's one-time links, printed at start while nobody can sign in. */
  setup: SetupTokens;
  secureCookies: boolean;
  defaultLanguage: Language;
}
