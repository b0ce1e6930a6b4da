import type { Clock } from "../kernel/clock.js";

/**
 * Component health: a part of the product that can stop working on its own while the rest runs
 * (a channel whose token was revoked, a mailbox that refuses the password) reports here, and
 * /healthz shows it. Each module takes its reporter once, by name, at construction.
 */
export interface ComponentHealth {
  /** Working (again). */
  ok(): void;
  /** Not working until an operator acts: `reason` says what is wrong and what to do. Never put a secret in it. */
  down(reason: string): void;
}

export type ComponentState = { status: "ok" } | { status: "down"; reason: string; since: string };

export interface HealthRegistry {
  /** The reporter of one component; it starts as ok. */
  component(name: string): ComponentHealth;
  /** Every component's state, by name. */
  components(): Record<string, ComponentState>;
}

export function createHealthRegistry(clock: Clock): HealthRegistry {
  const states = new Map<string, ComponentState>();
  return {
    component(name) {
      states.set(name, { status: "ok" });
      return {
        ok: () => states.set(name, { status: "ok" }),
        down(reason) {
          const current = states.get(name);
          const since = current?.status === "down" ? current.since : clock.now().toISOString();
          states.set(name, { status: "down", reason, since });
        },
      };
    },
    components: () => Object.fromEntries(states),
  };
}
