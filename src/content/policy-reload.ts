import { randomUUID } from "node:crypto";
import type { Logger } from "../kernel/logger.js";
import { loadPolicyFile } from "../policy/load-policy.js";
import type { PolicySource } from "../policy/policy-source.js";

/** Topic of the signal that tells every instance to read the policy file again. */
const POLICY_TOPIC = "policy";

/** The database's signals (db/signals.ts), as far as a reload needs them. */
interface Broadcast {
  publish(topic: string, text: string): Promise<void>;
  subscribe(topic: string, listener: (text: string) => void): () => void;
}

export type ReloadResult = { ok: true } | { ok: false; problems: string[] };

export interface PolicyReloader {
  /**
   * Reads POLICY_FILE again, validates it, and on success makes it the policy for new work here and
   * (by a signal) on every instance. A bad file is refused with the path of each bad field, and the
   * running policy stays.
   */
  reload(by: string): Promise<ReloadResult>;
  start(): void;
  stop(): void;
}

export function createPolicyReloader(deps: {
  file: string;
  source: PolicySource;
  signals: Broadcast;
  logger: Logger;
  /** The change, for the record (who, when, which file). */
  record(change: { by: string; file: string }): Promise<void>;
}): PolicyReloader {
  const { file, source, signals, logger } = deps;
  // Our own signal comes back to us too: the instance that reloaded has already done so.
  const instance = randomUUID();
  let unsubscribe: (() => void) | undefined;

  async function readAndReplace(by: string): Promise<ReloadResult> {
    const result = await loadPolicyFile(file);
    if (!result.ok) {
      logger.error(
        { file, problems: result.problems, by },
        `policy reload refused, the running policy stays: ${result.problems.join("; ")}`,
      );
      return { ok: false, problems: result.problems };
    }
    source.replace(result.policy);
    logger.info({ file, by }, "policy reloaded");
    return { ok: true };
  }

  return {
    async reload(by) {
      const result = await readAndReplace(by);
      if (!result.ok) return result;
      await deps.record({ by, file });
      await signals.publish(POLICY_TOPIC, instance).catch((error: unknown) => {
        logger.warn({ err: error }, "policy reload signal not sent: other instances keep their policy until their next reload");
      });
      return result;
    },
    start() {
      unsubscribe ??= signals.subscribe(POLICY_TOPIC, (from) => {
        if (from === instance) return;
        readAndReplace("signal").catch((error: unknown) => logger.error({ err: error }, "policy reload failed"));
      });
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
