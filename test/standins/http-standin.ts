import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseMultipart, type UploadedFile } from "./multipart.js";

/** Handles one request whose body has already been read in full. */
export type StandinHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

export interface HttpStandin {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  /** Waits `ms`, unless the stand-in is closed first (then it never resolves and the request is dropped). */
  sleep(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 and a free port; handler failures become a 500 naming the stand-in bug. */
export async function startHttpStandin(name: string, handle: StandinHandler): Promise<HttpStandin> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handle(req, res, body))
      .catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { "content-type": "text/plain" }).end(`${name} stand-in failed: ${String(error)}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    sleep: (ms) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Clients keep connections alive (grammY's agent, undici): drop them or close() waits for their timeout.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface ParsedBody {
  /** JSON bodies keep their types; form and multipart fields are strings, as on the wire. */
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

export class BodyParseError extends Error {
  override name = "BodyParseError";
}

/** Reads a JSON, urlencoded or multipart body; an empty body is no fields. */
export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (raw.length === 0) return { fields: {}, files: {} };
  if (type === "application/json") return { fields: parseJsonObject(raw.toString("utf8")), files: {} };
  if (type === "multipart/form-data") return parseMultipart(contentType ?? "", raw);
  // Real servers treat a missing content type as a form too (curl -d sends urlencoded).
  return { fields: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))), files: {} };
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyParseError("body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new BodyParseError("body is not a JSON object");
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers }).end(text);
}

/** Bytes that are not JSON, as a broken proxy would answer. */
export function sendMalformed(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" }).end("<html><body>502 Bad Gateway</body></html>");
}

/** Kills the connection without an answer, so the client sees a network error. */
export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
}
