import type { Logger } from "../../kernel/logger.js";
import type { ComponentHealth } from "../../server/health.js";

/** What stops the Zalo OA channel until someone acts; messages wait in the outbox meanwhile. */
const PROBLEMS = {
  notConnected:
    "The Zalo Official Account is not connected: no token pair is stored. Messages to Zalo customers wait in the outbox. " +
    "A Customer care admin connects it from the console (Zalo page) or an operator runs npm run zalo:connect.",
  refreshRefused:
    "Zalo refused the OA's refresh token (spent, older than 3 months, or the consent was withdrawn). Messages to Zalo customers " +
    "wait in the outbox. A Customer care admin must connect the OA again (console, Zalo page) or an operator runs npm run zalo:connect.",
  configuration:
    "Zalo refused the OA's calls for a configuration reason (app not activated, API not registered, OA not authorized, " +
    "or the OA's package too low). Messages to Zalo customers wait in the outbox. Check the app in developers.zalo.me.",
} as const;

export type ZaloProblem = keyof typeof PROBLEMS;

export interface ZaloAlerts {
  raise(problem: ZaloProblem, detail: string): void;
  clear(): void;
}

/**
 * An error log line saying what to do, /healthz showing the same words (it stays 200: the rest of
 * the product works), and, once per problem, a note for Customer care (their Slack channel).
 */
export function createZaloAlerts(deps: { logger: Logger; health: ComponentHealth; notify?: (text: string) => Promise<void> }): ZaloAlerts {
  let raised: ZaloProblem | undefined;
  return {
    raise(problem, detail) {
      deps.logger.error({ problem, detail }, PROBLEMS[problem]);
      deps.health.down(PROBLEMS[problem]);
      if (raised === problem) return;
      raised = problem;
      deps
        .notify?.(PROBLEMS[problem])
        .catch((error: unknown) => deps.logger.warn({ err: error }, "zalo alert not posted to Customer care"));
    },
    clear() {
      if (raised === undefined) return;
      raised = undefined;
      deps.health.ok();
      deps.logger.info("zalo channel working again");
    },
  };
}
