import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlSession } from "./sql-session.js";

/**
 * The driver's own session of a transaction Prisma opened, so that plain statements of a unit of work
 * run on it directly: Prisma 6 plans every query, raw ones included, in WebAssembly on the main thread,
 * which costs several times what the database spends on the simple statements of a customer's turn.
 *
 * Prisma opens a transaction through its driver adapter (`startTransaction`); the adapter here is
 * wrapped so that the transaction it returns is handed to the unit of work that asked for it, found
 * through an AsyncLocalStorage slot set around `$transaction`. Where the slot is not found, nothing is
 * captured and statements go through Prisma as before: only the speed depends on this.
 */

/** Where `startTransaction` leaves the session of the transaction it opened for this unit of work. */
export interface DriverSlot {
  session?: SqlSession;
}

const slots = new AsyncLocalStorage<DriverSlot>();

/** Runs `open` (a `$transaction` call) so that the driver session of the transaction it starts lands in `slot`. */
export function capturingDriverSession<T>(slot: DriverSlot, open: () => Promise<T>): Promise<T> {
  return slots.run(slot, open);
}

interface TransactionOpener {
  startTransaction(...args: never[]): Promise<unknown>;
}

/**
 * An adapter factory whose adapters hand each new transaction's driver session to the waiting slot.
 * `sessionOf` reads the driver's client from the adapter's transaction object (`client` in both the
 * PostgreSQL adapter, which PGlite is reached through too), or returns undefined when it cannot.
 */
export function capturingAdapterFactory<F extends { connect(): Promise<TransactionOpener> }>(
  factory: F,
  sessionOf: (transaction: unknown) => SqlSession | undefined,
): F {
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property !== "connect") return Reflect.get(target, property, receiver);
      return async () => {
        const adapter = await target.connect();
        return new Proxy(adapter, {
          get(inner, name, innerReceiver) {
            const value = Reflect.get(inner, name, innerReceiver);
            if (name !== "startTransaction" || typeof value !== "function") return typeof value === "function" ? value.bind(inner) : value;
            return async (...args: never[]) => {
              const transaction = await value.apply(inner, args);
              const slot = slots.getStore();
              // Only the first transaction of the slot: a second one opened in the same context is not this unit's.
              if (slot && !slot.session) slot.session = sessionOf(transaction);
              return transaction;
            };
          },
        });
      };
    },
  });
}

/** The driver client inside an adapter's transaction object, if it has one that can query. */
export function driverClientOf<C extends { query: unknown }>(transaction: unknown): C | undefined {
  const client = (transaction as { client?: unknown } | null)?.client;
  return client && typeof (client as { query?: unknown }).query === "function" ? (client as C) : undefined;
}
