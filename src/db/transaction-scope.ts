import { AsyncLocalStorage } from "node:async_hooks";
import { capturingDriverSession, type DriverSlot } from "./driver-transactions.js";
import type { PrismaClient } from "./generated/client.js";
import type { SqlSession, StatementOptions } from "./sql-session.js";

export type Prisma = InstanceType<typeof PrismaClient>;
/** What a use case receives inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * One transaction for a whole unit of work, however deep the calls that make it: a use case called
 * while a transaction of the same client is open joins it instead of opening its own. So the
 * effects of one customer message (a ticket opened, the dialog's state, the answers, the inbound
 * event's processed mark) commit together or not at all, and reads see the unit's own writes
 * (with PGlite's single connection, a read outside the open transaction would wait for it for ever).
 */

export const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

interface OpenTransaction {
  client: Prisma;
  tx: Tx;
  committed: (() => void)[];
  /** Set when the transaction has ended: work scheduled from inside it (a timer, a kick) must not join it later. */
  ended: boolean;
  /** The driver's session of this transaction, for plain statements (see driver-transactions.ts). */
  driver?: SqlSession;
}

const open = new AsyncLocalStorage<OpenTransaction>();

/** Proxies made by `joinable`, to the client they stand for: a transaction is open on the client, whichever form opened it. */
const underlying = new WeakMap<Prisma, Prisma>();
const rawOf = (client: Prisma) => underlying.get(client) ?? client;

const openOn = (client: Prisma) => {
  const current = open.getStore();
  return current && !current.ended && current.client === rawOf(client) ? current : undefined;
};

/** Runs `work` in a transaction of `client`, or in the one already open on it (then it commits with that one). */
export async function inTransaction<T>(client: Prisma, work: (tx: Tx) => Promise<T>): Promise<T> {
  const joined = openOn(client);
  if (joined) return work(joined.tx);
  const committed: (() => void)[] = [];
  const raw = rawOf(client);
  let scope: OpenTransaction | undefined;
  const slot: DriverSlot = {};
  try {
    const result = await capturingDriverSession(slot, () =>
      raw.$transaction((tx) => {
        scope = { client: raw, tx, committed, ended: false, ...(slot.session ? { driver: slot.session } : {}) };
        return open.run(scope, () => work(tx));
      }, TX_OPTIONS),
    );
    if (scope) scope.ended = true;
    for (const hook of committed) hook();
    return result;
  } finally {
    if (scope) scope.ended = true;
  }
}

/** The transaction open on `client` in this unit of work, if any. */
export function openTransactionOf(client: Prisma): Tx | undefined {
  return openOn(client)?.tx;
}

/** True inside a unit of work whose transaction's driver session was captured (plain statements skip the ORM). */
export function onDriverSession(): boolean {
  const current = open.getStore();
  return Boolean(current && !current.ended && current.driver);
}

/**
 * A plain statement in `tx`: on the driver's own session when `tx` is this unit of work's transaction
 * and its session was captured, through Prisma otherwise (same transaction, same result, more CPU).
 */
export function sqlIn<T extends object>(tx: Tx, text: string, params: unknown[] = [], options?: StatementOptions): Promise<T[]> {
  const current = open.getStore();
  if (current && !current.ended && current.tx === tx && current.driver) {
    return current.driver.query(text, params, options) as Promise<T[]>;
  }
  return tx.$queryRawUnsafe<T[]>(text, ...params);
}

/** Runs `hook` once the open transaction on `client` has committed (at once when none is open); never after a rollback. */
export function afterCommit(client: Prisma, hook: () => void): void {
  const joined = openOn(client);
  if (joined) joined.committed.push(hook);
  else hook();
}

/**
 * The client as code should use it: inside a unit of work, every query and nested `$transaction`
 * goes to the open transaction; outside, to the client itself.
 */
export function joinable(client: Prisma): Prisma {
  const raw = rawOf(client);
  const proxy = new Proxy(raw, {
    get(target, property, receiver) {
      const joined = openOn(target);
      if (!joined) return Reflect.get(target, property, receiver);
      if (property === "$transaction") return (arg: unknown) => joinTransaction(joined.tx, arg);
      return Reflect.get(joined.tx as object, property);
    },
  });
  underlying.set(proxy, raw);
  return proxy;
}

/** `$transaction` inside a unit of work: a callback runs in it; a batch of queries runs in order in it. */
async function joinTransaction(tx: Tx, arg: unknown): Promise<unknown> {
  if (typeof arg === "function") return (arg as (tx: Tx) => Promise<unknown>)(tx);
  const results: unknown[] = [];
  for (const query of arg as Promise<unknown>[]) results.push(await query);
  return results;
}
