import { createRequire } from "node:module";
import { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import type pg from "pg";
import { backoffMs } from "../kernel/backoff.js";

/**
 * The embedded database (PGlite) in a worker thread of its own, spoken to over PostgreSQL's wire
 * protocol. PGlite runs every statement synchronously in WebAssembly: on the main thread, webhooks
 * and health checks waited behind each one (about half of the main thread's busy time under load).
 * Here the main thread only relays bytes, and node-postgres talks to the worker through the stream
 * of `clientConfig()` as it would to a server over a socket, so both database kinds share one driver and one ORM adapter.
 *
 * PGlite has one session: connections take turns at it. A new connection gets the session reset
 * (an unfinished transaction rolled back, prepared statements dropped), as a fresh backend would be.
 *
 * PGlite cannot go on after a failure (a fatal error makes it exit): its thread ends, and on a data
 * folder a new one starts over the same folder (PostgreSQL's own recovery replays what was
 * committed), as a server's postmaster starts a new backend; meanwhile connections fail at once.
 */
export interface PgliteWorker {
  /**
   * What a node-postgres client or pool needs to reach the worker: `stream` makes each connection.
   * PGlite knows one role and one database: a startup packet naming others (pg's default is the OS
   * user) makes it exit.
   */
  clientConfig(): Pick<pg.ClientConfig, "user" | "database" | "stream">;
  /** The data folder as a tarball, taken between two protocol messages. */
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
}

export interface PgliteWorkerOptions {
  /** Undefined: in memory (nothing survives a failure, so nothing is restarted). */
  dataDir?: string;
  loadDataDir?: Blob;
  startParams: string[];
  /** What happened to the thread, for the log: it failed, a new one started, a start failed (tried again). */
  events?: {
    failed(error: Error): void;
    restarted(): void;
    restartFailed(error: Error, retryInMs: number): void;
  };
}

/** Between failed starts of a new thread: 1 s, doubling, at most 30 s. */
const RESTART_BACKOFF = { baseMs: 1000, maxMs: 30_000 };

/** Plain JavaScript evaluated in the worker: it runs the same from the sources and from dist/. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const describe = (error) => String((error && (error.message || error.name)) || error);
Promise.resolve().then(async () => {
  const { PGlite } = require(workerData.pglite);
  const { dataDir, loadDataDir, startParams } = workerData.options;
  const pglite = await PGlite.create({ dataDir, loadDataDir, startParams });
  let session = 0;
  let queue = Promise.resolve();
  const answer = async (message) => {
    if (message.type === "data") {
      if (message.connection !== session) {
        if (session !== 0) {
          await pglite.exec("ROLLBACK");
          await pglite.exec("DISCARD ALL");
        }
        session = message.connection;
      }
      let bytes = await pglite.execProtocolRaw(message.bytes);
      // The answer to a startup packet is a view into PGlite's own buffer: send a copy.
      if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
      parentPort.postMessage({ type: "data", connection: message.connection, bytes }, [bytes.buffer]);
    } else if (message.type === "dump") {
      // A failed dump fails only the dump: the session goes on.
      const answer = await pglite.dumpDataDir("none").then(
        (dump) => ({ type: "dump", dump }),
        (error) => ({ type: "dump", error: describe(error) }),
      );
      parentPort.postMessage(answer);
    } else if (message.type === "close") {
      await pglite.close();
      parentPort.postMessage({ type: "closed" });
      parentPort.close();
    }
  };
  parentPort.on("message", (message) => {
    queue = queue.then(() => answer(message)).catch((error) => {
      parentPort.postMessage({ type: "failed", message: describe(error) });
    });
  });
  parentPort.postMessage({ type: "ready" });
}).catch((error) => {
  parentPort.postMessage({ type: "failed", message: describe(error) });
});`;

type FromWorker =
  | { type: "ready" | "closed" }
  | { type: "data"; connection: number; bytes: Uint8Array }
  | { type: "dump"; dump?: Blob; error?: string }
  | { type: "failed"; message: string };

export async function startPgliteWorker(options: PgliteWorkerOptions): Promise<PgliteWorker> {
  let thread = await startThread(options);
  let closed = false;
  const closing = new AbortController();

  const supervise = (current: Thread) => {
    void current.failed.then(async (error) => {
      if (closed) return;
      options.events?.failed(error);
      if (options.dataDir === undefined) return;
      // Started over the folder as it is now: never again from `loadDataDir`.
      const again = { dataDir: options.dataDir, startParams: options.startParams };
      for (let attempt = 1; !closed; attempt++) {
        try {
          const next = await startThread(again);
          if (closed) return await next.close();
          thread = next;
          supervise(next);
          return options.events?.restarted();
        } catch (startError) {
          const retryInMs = backoffMs(attempt, RESTART_BACKOFF);
          options.events?.restartFailed(startError as Error, retryInMs);
          await sleep(retryInMs, undefined, { signal: closing.signal }).catch(() => undefined);
        }
      }
    });
  };
  supervise(thread);

  return {
    clientConfig: () => ({ user: "postgres", database: "postgres", stream: () => thread.connect() }),
    dumpDataDir: () => thread.dumpDataDir(),
    async close() {
      closed = true;
      closing.abort();
      await thread.close();
    },
  };
}

/** One worker thread and its PGlite; `failed` settles when it fails (not when it is closed). */
interface Thread {
  connect(): WorkerConnection;
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
  failed: Promise<Error>;
}

async function startThread(options: Pick<PgliteWorkerOptions, "dataDir" | "loadDataDir" | "startParams">): Promise<Thread> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // A path, not a bare name: an evaluated worker resolves packages from the working directory.
    workerData: {
      pglite: createRequire(import.meta.url).resolve("@electric-sql/pglite"),
      options: { dataDir: options.dataDir, loadDataDir: options.loadDataDir, startParams: options.startParams },
    },
  });
  const connections = new Map<number, WorkerConnection>();
  // Requests waiting for an answer, in order (the worker answers in the order it was asked).
  const waiting: { resolve(value: FromWorker): void; reject(error: Error): void }[] = [];
  let failure: Error | undefined;
  let lastConnection = 0;
  let reportFailure: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    reportFailure = resolve;
  });

  // The worker keeps the process alive only while something waits for it, as a busy socket would.
  const post = (message: object, transfer: ArrayBuffer[] = []) => {
    if (failure) throw failure;
    if (waiting.length === 0) worker.ref();
    worker.postMessage(message, transfer);
  };
  const request = (message: object) =>
    new Promise<FromWorker>((resolve, reject) => {
      post(message);
      waiting.push({ resolve, reject });
    });
  const settle = () => {
    const next = waiting.shift();
    if (waiting.length === 0) worker.unref();
    return next;
  };

  const fail = (error: Error, closing = false) => {
    if (failure) return;
    failure = error;
    for (const connection of connections.values()) connection.destroy(error);
    for (const pending of waiting.splice(0)) pending.reject(error);
    // PGlite cannot go on after a failure: its thread ends, and every later request gets this error.
    void worker.terminate();
    if (!closing) reportFailure(error);
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: FromWorker) => {
      if (message.type === "ready") return resolve();
      if (message.type === "failed") {
        const error = new Error(`the embedded database failed: ${message.message}`);
        reject(error);
        return fail(error);
      }
      const pending = settle();
      if (message.type === "data") connections.get(message.connection)?.deliver(message.bytes);
      pending?.resolve(message);
    });
    worker.once("error", (error) => {
      reject(error);
      fail(error);
    });
    worker.once("exit", (code) => {
      const error = new Error(`the embedded database stopped (exit ${code})`);
      reject(error);
      fail(error);
    });
  });
  await ready;
  worker.unref();

  const connect = () => {
    const id = ++lastConnection;
    const connection = new WorkerConnection(
      (bytes) => {
        post({ type: "data", connection: id, bytes }, [bytes.buffer as ArrayBuffer]);
        waiting.push({ resolve: () => undefined, reject: () => undefined });
      },
      () => connections.delete(id),
    );
    connections.set(id, connection);
    if (failure) process.nextTick(() => connection.destroy(failure));
    return connection;
  };

  return {
    connect,
    failed,
    async dumpDataDir() {
      const answer = await request({ type: "dump" });
      if (answer.type !== "dump" || !answer.dump) {
        throw new Error(`dumping the embedded database failed: ${answer.type === "dump" ? answer.error : answer.type}`);
      }
      return answer.dump;
    },
    async close() {
      if (failure) return;
      await request({ type: "close" });
      fail(new Error("the embedded database is closed"), true);
      await worker.terminate();
    },
  };
}

/** One node-postgres connection to the worker: what pg writes goes to PGlite, what PGlite answers is read back. */
class WorkerConnection extends Duplex {
  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    private readonly forget: () => void,
  ) {
    super();
  }

  /** node-postgres "connects" the stream it was given: there is nothing to reach, so at once. */
  connect() {
    process.nextTick(() => this.emit("connect"));
    return this;
  }

  setNoDelay() {
    return this;
  }

  setKeepAlive() {
    return this;
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  deliver(bytes: Uint8Array) {
    if (bytes.byteLength > 0) this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  override _read() {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this._writev([{ chunk }], done);
  }

  /** pg corks the messages of one query: they reach the worker together, as one round trip. */
  override _writev(chunks: { chunk: Buffer }[], done: (error?: Error | null) => void) {
    // A copy that owns its memory, so the transfer moves exactly these bytes (pg's buffers share a pool).
    const bytes = new Uint8Array(Buffer.concat(chunks.map(({ chunk }) => chunk)));
    try {
      this.send(bytes);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _final(done: (error?: Error | null) => void) {
    this.push(null);
    done();
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void) {
    this.forget();
    done(error);
  }
}
