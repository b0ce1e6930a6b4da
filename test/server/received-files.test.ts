import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchCapped } from "../../src/server/received-files.js";

/** A platform's file server, answering by path: what a CDN may do, right or wrong. */
let server: http.Server;
let origin = "";
beforeAll(async () => {
  server = http.createServer((request, response) => {
    const route = request.url ?? "";
    if (route === "/ok") return response.writeHead(200, { "content-type": "image/png; charset=binary" }).end(Buffer.alloc(1000, 7));
    if (route === "/declared-large") return response.writeHead(200, { "content-length": String(5000) }).end(Buffer.alloc(5000));
    if (route === "/endless") {
      // No length declared, and more than any limit: the reader must stop on its own.
      response.writeHead(200, { "content-type": "application/pdf" });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (response.write(chunk)) if (response.destroyed) return;
        response.once("drain", pump);
      };
      response.on("error", () => undefined);
      return pump();
    }
    if (route === "/slow") return setTimeout(() => response.writeHead(200).end("late"), 2_000);
    if (route === "/gone") return response.writeHead(404).end();
    return response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("fetching a received file within its limits", () => {
  it("gives the bytes and the type of a file within the limit", async () => {
    const fetched = await fetchCapped(fetch, `${origin}/ok`, { maxBytes: 2000 });
    expect(fetched).toMatchObject({ ok: true, contentType: "image/png" });
    expect(fetched.ok && fetched.bytes.length).toBe(1000);
  });

  it("refuses a file over the limit, declared or not, without reading it all", async () => {
    expect(await fetchCapped(fetch, `${origin}/declared-large`, { maxBytes: 2000 })).toEqual({ ok: false, reason: "too_large" });
    expect(await fetchCapped(fetch, `${origin}/endless`, { maxBytes: 1024 * 1024 })).toEqual({ ok: false, reason: "too_large" });
  });

  it("says whether trying again may help: a server error may; a missing file or one too slow to come does not", async () => {
    expect(await fetchCapped(fetch, `${origin}/down`, { maxBytes: 2000 })).toEqual({ ok: false, reason: "failed" });
    expect(await fetchCapped(fetch, `${origin}/slow`, { maxBytes: 2000, timeoutMs: 200 })).toEqual({ ok: false, reason: "unavailable" });
    expect(await fetchCapped(fetch, `${origin}/gone`, { maxBytes: 2000 })).toEqual({ ok: false, reason: "unavailable" });
  });
});
