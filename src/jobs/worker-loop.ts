import type { Logger } from "../kernel/logger.js";

/**
 * A background loop over a "do everything that is due" function: one round at a time per process;
 * a kick during a round makes it go round once more; a poll timer catches retries that fall due.
 */
export interface WorkerLoop {
  start(pollMs: number): void;
  kick(): void;
  stop(): Promise<void>;
}

export function createWorkerLoop(name: string, round: () => Promise<unknown>, logger: Logger): WorkerLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;
  let stopped = true;

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((error) => logger.error({ err: error, loop: name }, "worker round failed"))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    start(pollMs) {
      stopped = false;
      kick();
      timer = setInterval(kick, pollMs);
      timer.unref();
    },
    kick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
