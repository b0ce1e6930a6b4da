import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/** Prometheus metrics: process defaults plus the depth of the inbound log and the outbox. */
export function createMetrics(sources: {
  inboundPending: () => Promise<number>;
  outboxPending: () => Promise<number>;
  outboxPossibleDuplicates?: () => number;
  /** Components that stopped working until an operator acts (a refused token): /healthz says why. */
  componentsDown?: () => string[];
  inboundFailures?: () => { source: string; reason: string; count: number }[];
}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hotro_" });
  new Gauge({
    name: "hotro_inbound_unprocessed_events",
    help: "Inbound webhook events recorded but not yet processed",
    registers: [registry],
    async collect() {
      this.set(await sources.inboundPending().catch(() => -1));
    },
  });
  new Gauge({
    name: "hotro_outbox_pending_messages",
    help: "Outbound messages waiting for delivery",
    registers: [registry],
    async collect() {
      this.set(await sources.outboxPending().catch(() => -1));
    },
  });
  new Counter({
    name: "hotro_outbox_possible_duplicates_total",
    help: "Deliveries taken over from a holder that stopped mid-send: each may have reached its destination twice",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.outboxPossibleDuplicates?.() ?? 0);
    },
  });
  new Gauge({
    name: "hotro_component_down",
    help: "1 for a component that stopped working until an operator acts (a channel whose token was refused); /healthz says why",
    labelNames: ["component"],
    registers: [registry],
    collect() {
      this.reset();
      for (const component of sources.componentsDown?.() ?? []) this.set({ component }, 1);
    },
  });
  new Counter({
    name: "hotro_inbound_failed_total",
    help: "Inbound events given up (marked failed, never retried), by source and reason: invalid_payload and other permanent reasons at once, attempts_exhausted after the last retry",
    labelNames: ["source", "reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const { source, reason, count } of sources.inboundFailures?.() ?? []) this.inc({ source, reason }, count);
    },
  });
  return registry;
}
