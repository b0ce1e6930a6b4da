/**
 * Work claimed under a lease (an inbound event, an outbox row) stays leased while it goes on: the
 * lease is renewed every third of its length, so a short lease (a dead process's work is picked up
 * within seconds) never expires under a slow but living worker.
 */
export async function whileLeased<T>(leaseMs: number, renew: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    renew().catch(() => undefined); // a failed renewal shows as the next statement's error
  }, leaseMs / 3);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export const DEFAULT_LEASE_MS = 15_000;
