/**
 * Calls that arrive while one is under way go together, as one: the first call runs at once; those
 * made meanwhile wait for it, then run as one batch. No timer, so nothing waits when calls are rare,
 * and under load one database statement (one round trip, one commit) serves many.
 *
 * `run` returns one result per item, in order. When a batch of several fails, each item is tried on
 * its own, so one bad item fails only its own caller.
 */
export function inBatches<T, R>(run: (items: T[]) => Promise<R[]>, maxBatch = 200): (item: T) => Promise<R> {
  const waiting: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let running = false;

  async function settle(batch: typeof waiting): Promise<void> {
    try {
      const results = await run(batch.map((entry) => entry.item));
      for (const [i, entry] of batch.entries()) entry.resolve(results[i] as R);
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error);
      else for (const entry of batch) await settle([entry]);
    }
  }

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) await settle(waiting.splice(0, maxBatch));
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
