/** Faults queued per API method: each matching call consumes one until the queue for that method is empty. */
export interface FaultQueue<F> {
  add(method: string, fault: F, times?: number): void;
  take(method: string): F | undefined;
}

export function createFaultQueue<F>(): FaultQueue<F> {
  const byMethod = new Map<string, F[]>();
  return {
    add(method, fault, times = 1) {
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
      const queue = byMethod.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      byMethod.set(method, queue);
    },
    take(method) {
      return byMethod.get(method)?.shift();
    },
  };
}
