import { createRequire } from "node:module";
import { Duplex } from "node:stream";
import { Worker } from "node:worker_threads";
import type pg from "pg";

/**
 * The embedded database (PGlite) in a worker thread of its own, spoken to over PostgreSQL's wire
 * protocol. PGlite runs every statement synchronously in WebAssembly: on the main thread, webhooks
 * and health checks waited behind each one (about half of the main thread's busy time under load).
 * Here the main thread only relays bytes, and node-postgres talks to the worker through the stream
 * of `clientConfig()` as it would to a server over a socket, so both database kinds share one driver and one ORM adapter.
 *
 * PGlite has one session: connections take turns at it. A new connection gets the session reset
 * (an unfinished transaction rolled back, prepared statements dropped), as a fresh backend would be.
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
  /** Undefined: in memory. */
  dataDir?: string;
  loadDataDir?: Blob;
  startParams: string[];
}

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
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // A path, not a bare name: an evaluated worker resolves packages from the working directory.
    workerData: { pglite: createRequire(import.meta.url).resolve("@electric-sql/pglite"), options },
  });
  const connections = new Map<number, WorkerConnection>();
  // Requests waiting for an answer, in order (the worker answers in the order it was asked).
  const waiting: { resolve(value: FromWorker): void; reject(error: Error): void }[] = [];
  let failure: Error | undefined;
  let lastConnection = 0;

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

  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    for (const connection of connections.values()) connection.destroy(error);
    for (const pending of waiting.splice(0)) pending.reject(error);
    // PGlite cannot go on after a failure: its thread ends, and every later request gets this error.
    void worker.terminate();
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
    clientConfig: () => ({ user: "postgres", database: "postgres", stream: connect }),
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
      fail(new Error("the embedded database is closed"));
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
