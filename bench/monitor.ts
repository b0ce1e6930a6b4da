import { sleep } from "./load.js";
import { cpuSecondsOf, percentile, rssOf } from "./measure.js";

/** prom-client samples the event loop every 10 ms and counts that interval in each delay it records. */
const LOOP_RESOLUTION_S = 0.01;

/** The server's /metrics as name → value, the prefix taken off (`nodejs_eventloop_lag_max_seconds`). */
export async function scrape(origin: string, prefix: string): Promise<Map<string, number>> {
  const text = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text());
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\S+) (\S+)$/.exec(line);
    if (match?.[1]?.startsWith(prefix)) values.set(match[1].slice(prefix.length), Number(match[2]));
  }
  return values;
}

/**
 * True when the server's inbound log and outbox are both empty (and for a server without those
 * gauges, the echo bot, which answers before it acknowledges). prom-client reads the two gauges in
 * parallel, so a single reading may catch an update between them: two readings in a row must agree.
 */
export async function queuesEmpty(origin: string, prefix: string): Promise<boolean> {
  for (let reading = 0; reading < 2; reading++) {
    const values = await scrape(origin, prefix).catch(() => new Map<string, number>());
    if ((values.get("inbound_unprocessed_events") ?? 0) + (values.get("outbox_pending_messages") ?? 0) > 0 || values.size === 0)
      return false;
  }
  return true;
}

export interface HealthFigures {
  /** Worst one-second p99 and the maximum of the event-loop delay, from the server's own /metrics. */
  loopP99Ms: number;
  loopMaxMs: number;
  /** A /healthz request every 100 ms: what a load balancer's probe would have seen. */
  healthzP99Ms: number;
  healthzMaxMs: number;
  /** Probes answered other than 200, or not at all. */
  healthzFailed: number;
  /** Peak depth of the inbound log (hotro only). */
  backlogPeak: number;
  rssPeakMb: number;
  /** CPU used over the wall time, 100 = one core: the server, and the bench process (stand-in and load generator). */
  serverCpuPct: number;
  harnessCpuPct: number;
}

/** Watches a server while it is under load, until `stop`. */
export function startMonitor(server: { pid: number; origin: string; metricsPrefix: string }): { stop(): Promise<HealthFigures> } {
  let running = true;
  let wake = () => {};
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  /** Sleeps between samples, but not past `stop`. */
  const pause = (ms: number) => Promise.race([sleep(ms), stopped]);
  const probes: number[] = [];
  let healthzFailed = 0;
  const loopP99: number[] = [];
  const loopMax: number[] = [];
  let backlogPeak = 0;
  let rssPeak = 0;
  const startedAt = performance.now();
  const harnessCpu = process.cpuUsage();
  const serverCpu = cpuSecondsOf(server.pid).catch(() => 0);

  async function probeHealth() {
    while (running) {
      const sentAt = performance.now();
      const ok = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(30_000) }).then(
        async (r) => (await r.arrayBuffer()) && r.ok,
        () => false,
      );
      if (!ok) healthzFailed++;
      probes.push(performance.now() - sentAt);
      await pause(100 - (performance.now() - sentAt));
    }
  }

  async function scrapeEachSecond() {
    while (running) {
      const sentAt = performance.now();
      // prom-client resets its event-loop histogram at each scrape: each value covers the last second.
      const values = await scrape(server.origin, server.metricsPrefix).catch(() => new Map<string, number>());
      const lag = (name: string) => Math.max(0, (values.get(name) ?? LOOP_RESOLUTION_S) - LOOP_RESOLUTION_S) * 1000;
      if (values.size > 0) {
        loopP99.push(lag("nodejs_eventloop_lag_p99_seconds"));
        loopMax.push(lag("nodejs_eventloop_lag_max_seconds"));
      }
      backlogPeak = Math.max(backlogPeak, values.get("inbound_unprocessed_events") ?? 0);
      rssPeak = Math.max(rssPeak, await rssOf(server.pid).catch(() => 0));
      await pause(1000 - (performance.now() - sentAt));
    }
  }

  const loops = Promise.all([probeHealth(), scrapeEachSecond()]);
  return {
    async stop() {
      running = false;
      wake();
      await loops;
      const wallS = (performance.now() - startedAt) / 1000;
      const harness = process.cpuUsage(harnessCpu);
      const serverS = (await cpuSecondsOf(server.pid).catch(() => 0)) - (await serverCpu);
      return {
        loopP99Ms: Math.round(Math.max(0, ...loopP99)),
        loopMaxMs: Math.round(Math.max(0, ...loopMax)),
        healthzP99Ms: Math.round(percentile(probes, 99)),
        healthzMaxMs: Math.round(Math.max(0, ...probes)),
        healthzFailed,
        backlogPeak,
        rssPeakMb: Math.round(rssPeak / 1024),
        serverCpuPct: Math.round((serverS / wallS) * 100),
        harnessCpuPct: Math.round(((harness.user + harness.system) / 1e6 / wallS) * 100),
      };
    },
  };
}
