import type { Logger } from "../kernel/logger.js";

/**
 * Runs a job every `everyMs`, never two rounds at once; errors are logged and the next round still
 * runs. The first round runs at once unless `firstRoundNow` is false (a heavy job not done at every start).
 */
export function startPeriodic(name: string, everyMs: number, job: () => Promise<unknown>, logger: Logger, firstRoundNow = true) {
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
  if (firstRoundNow) tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
