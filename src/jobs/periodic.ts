import type { Logger } from "../kernel/logger.js";

/** Runs a job every `everyMs`, never two rounds at once; errors are logged and the next round still runs. */
export function startPeriodic(name: string, everyMs: number, job: () => Promise<unknown>, logger: Logger) {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = job()
      .catch((error) => logger.error({ err: error, job: name }, "job failed"))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
