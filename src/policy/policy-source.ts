import type { Policy } from "./policy.schema.js";

/**
 * The running policy, read through one holder: a reload replaces it for new work while code that
 * captured nothing follows at once. Listeners rebuild what they derive from it (calendars, names).
 */
export interface PolicySource {
  current(): Policy;
  replace(policy: Policy): void;
  /** Called after every replacement; returns the unsubscribe function. */
  onChange(listener: (policy: Policy) => void): () => void;
}

export function createPolicySource(initial: Policy): PolicySource {
  let policy = initial;
  const listeners = new Set<(policy: Policy) => void>();
  return {
    current: () => policy,
    replace(next) {
      policy = next;
      for (const listener of listeners) listener(next);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Derived data (a schedule, a search index) rebuilt only when the policy object changes. */
export function derivedFrom<T>(source: PolicySource, build: (policy: Policy) => T): () => T {
  let basis: Policy | undefined;
  let value: T | undefined;
  return () => {
    const policy = source.current();
    if (policy !== basis || value === undefined) {
      value = build(policy);
      basis = policy;
    }
    return value;
  };
}
