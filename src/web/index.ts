import type { FastifyInstance } from "fastify";
import { loadAppSecret } from "../config/app-secret.js";
import { createTranslator } from "../i18n/i18n.js";
import { neutraliseBidiDeep } from "../kernel/text.js";
import { closedOnShutdown } from "../server/sse.js";
import { authRoutes } from "./console/auth-routes.js";
import { careRoutes } from "./console/care-routes.js";
import { contentRoutes } from "./console/content-routes.js";
import { requireSession } from "./console/guard.js";
import { liveRoutes } from "./console/live-routes.js";
import { consolePageRoutes } from "./console/page.js";
import { staffRoutes } from "./console/staff-routes.js";
import { workRoutes } from "./console/work-routes.js";
import { zaloCallbackRoute, zaloConsoleRoutes } from "./console/zalo-routes.js";
import type { WebChannels, WebContext, WebDeps } from "./context.js";
import { fileRoutes } from "./file-routes.js";
import { createLiveUpdates } from "./infra/live-updates.js";
import { createSessionStore } from "./infra/sessions.js";
import { createSetupTokens } from "./infra/setup-tokens.js";
import { privacyPageRoutes } from "./privacy-page.js";
import { createSignInThrottle } from "./sign-in-throttle.js";
import { publicBase } from "./ticket-links.js";
import { ticketPageRoutes } from "./ticket-page/routes.js";

export type { WebDeps } from "./context.js";
export { fileLink } from "./file-links.js";
export { publicBase, ticketLink } from "./ticket-links.js";

/**
 * The staff console (`/console`), the customer ticket page (`/t/<signed id>`) and signed file links
 * (`/files/<key>`): always on, they need no platform token. Structurally an AppModule (routes, start).
 */
export async function createWebModule(deps: WebDeps, channels: WebChannels = {}) {
  const { db, ...rest } = deps;
  const ctx: WebContext = {
    ...rest,
    // Read at each use: a policy reload applies to the next request.
    get policy() {
      return deps.policy;
    },
    t: await createTranslator(),
    secret: loadAppSecret(deps.env),
    sessions: createSessionStore(db),
    live: createLiveUpdates(db),
    throttle: createSignInThrottle(deps.counters, () => deps.clock.now().getTime()),
    setup: createSetupTokens(db),
    secureCookies: deps.env.PUBLIC_URL?.startsWith("https://") ?? false,
    defaultLanguage: deps.policy.company.defaultLanguage,
    ...channels,
  };
  const logger = deps.logger.child({ module: "web" });

  return {
    context: ctx,
    routes(server: FastifyInstance) {
      const track = closedOnShutdown(server);
      consolePageRoutes(server, ctx);
      server.register(async (api) => {
        // Every console API answer may carry the CSRF token or personal data: never kept by a cache.
        api.addHook("onRequest", async (_request, reply) => {
          reply.header("cache-control", "no-store");
        });
        // Staff read customers' words here: no bidi control in an answer can reverse what they see.
        api.addHook("preSerialization", async (_request, _reply, payload) => neutraliseBidiDeep(payload));
        authRoutes(api, ctx);
        api.register(async (scope) => {
          requireSession(scope, ctx);
          workRoutes(scope, ctx);
          careRoutes(scope, ctx);
          contentRoutes(scope, ctx);
          staffRoutes(scope, ctx);
          zaloConsoleRoutes(scope, ctx);
          liveRoutes(scope, ctx, track);
        });
      });
      ticketPageRoutes(server, ctx);
      privacyPageRoutes(server, ctx);
      zaloCallbackRoute(server, ctx);
      fileRoutes(server, ctx);
    },
    /** With nobody able to sign in, prints the one-time link that sets up the first administrator. */
    async start() {
      if (await deps.tickets.anyStaffCanSignIn()) return;
      const token = await ctx.setup.issue(deps.clock.now().getTime());
      const url = `${publicBase(deps.env)}/console/setup#${token}`;
      const text = `No staff member can sign in yet. Open this one-time link (valid 24 hours) to set up the first administrator:\n${url}`;
      // The link is a secret: shown to the operator, never written to the log.
      if (deps.announce) {
        deps.announce(text);
        logger.warn("No staff member can sign in yet: the one-time setup link is printed on the terminal (stderr)");
      } else {
        logger.warn("No staff member can sign in yet: add the first administrator with npm run staff:add");
      }
    },
  };
}
