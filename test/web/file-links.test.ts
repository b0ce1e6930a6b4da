import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredFile } from "../../src/kernel/stored-file.js";
import { FILE_LINK_TTL_SECONDS, fileLink, signedFilePath, storedFilePath } from "../../src/web/file-links.js";
import { type WebHarness, webHarness } from "./web-harness.js";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe("signed file links: attachments served by our server", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const store = async (key: string, bytes: Buffer) => {
    const target = path.join(h.dataDir, "files", key);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  };
  /** The path and query of a link, as a browser would request it from our server. */
  const pathOf = (url: string) => {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  };
  const get = (url: string) => h.app.server.inject({ method: "GET", url });
  const image: StoredFile = { key: "telegram/0b7c5d1e-1111-4222-8333-944455556666", name: "ảnh lỗi.png", mimeType: "image/png" };

  it("a valid link serves the bytes inline with the stored image type, nosniff and no caching by others", async () => {
    await store(image.key, PNG);
    const url = fileLink(h.env, image, h.clock.now());
    expect(url).toMatch(/^http:\/\/localhost:\d+\/files\/telegram\/0b7c5d1e-1111-4222-8333-944455556666\?.*exp=\d+&sig=[\w-]{43}$/);
    const response = await get(pathOf(url));
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(PNG)).toBe(true);
    expect(response.headers["content-type"]).toBe("image/png");
    expect(response.headers["content-length"]).toBe(String(PNG.length));
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-disposition"]).toBe(`inline; filename="anh loi.png"; filename*=UTF-8''%E1%BA%A3nh%20l%E1%BB%97i.png`);
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("a document is a download: PDF keeps its type, anything else (HTML, SVG) is application/octet-stream", async () => {
    await store("telegram/doc", Buffer.from("%PDF-1.4"));
    await store("telegram/page", Buffer.from("<script>alert(1)</script>"));
    await store("telegram/drawing", Buffer.from("<svg onload=alert(1)></svg>"));
    const pdf = await get(
      pathOf(fileLink(h.env, { key: "telegram/doc", name: "hoa-don.pdf", mimeType: "application/pdf" }, h.clock.now())),
    );
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toMatch(/^attachment; filename="hoa-don.pdf"/);
    for (const [key, mimeType] of [
      ["telegram/page", "text/html"],
      ["telegram/drawing", "image/svg+xml"],
    ] as const) {
      const response = await get(pathOf(fileLink(h.env, { key, name: "x", mimeType }, h.clock.now())));
      expect(response.statusCode, mimeType).toBe(200);
      expect(response.headers["content-type"], mimeType).toBe("application/octet-stream");
      expect(response.headers["content-disposition"], mimeType).toMatch(/^attachment;/);
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("a tampered signature, key, type or name is refused with 403", async () => {
    await store(image.key, PNG);
    await store("telegram/other", PNG);
    const good = pathOf(fileLink(h.env, image, h.clock.now()));
    const sig = /sig=([\w-]+)/.exec(good)?.[1] ?? "";
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    for (const url of [
      good.replace(sig, flipped),
      good.replace(/&sig=[\w-]+/, ""),
      good.replace(image.key, "telegram/other"),
      good.replace("type=image%2Fpng", "type=text%2Fhtml"),
      good.replace(/name=[^&]+/, "name=evil.html"),
      good.replace(/exp=\d+/, (m) => `exp=${Number(m.slice(4)) + 86_400}`),
    ]) {
      expect((await get(url)).statusCode, url).toBe(403);
    }
    expect((await get(good)).statusCode).toBe(200);
  });

  it("an expired link is refused with 403 (fake clock); it works to the last second of its week", async () => {
    await store(image.key, PNG);
    const url = pathOf(fileLink(h.env, image, h.clock.now()));
    const exp = Number(/exp=(\d+)/.exec(url)?.[1]);
    const now = h.clock.now().getTime() / 1000;
    expect(exp - now).toBeGreaterThanOrEqual(FILE_LINK_TTL_SECONDS);
    expect(exp - now).toBeLessThanOrEqual(FILE_LINK_TTL_SECONDS + 86_400);
    h.clock.set(new Date((exp - 1) * 1000));
    expect((await get(url)).statusCode).toBe(200);
    h.clock.set(new Date(exp * 1000));
    expect((await get(url)).statusCode).toBe(403);
  });

  it("a key that leaves DATA_DIR/files is never served, even with a valid signature (404)", async () => {
    await writeFile(path.join(h.dataDir, "outside.txt"), "secret");
    const exp = Math.floor(h.clock.now().getTime() / 1000) + 3600;
    const secret = "s".repeat(40);
    for (const key of ["../outside.txt", "telegram/../../outside.txt", "..%2Foutside.txt", "/etc/passwd"]) {
      const signed = signedFilePath(secret, { key, name: "x", mimeType: "text/plain" }, exp);
      const response = await get(signed);
      expect([403, 404], key).toContain(response.statusCode);
      expect(response.body, key).not.toContain("secret");
    }
    // Traversal in the raw URL: the signature does not match the path the router sees.
    expect([403, 404]).toContain((await get("/files/../outside.txt?name=x&type=text%2Fplain&exp=9999999999&sig=x")).statusCode);
    expect(storedFilePath(h.dataDir, "../outside.txt")).toBeNull();
    expect(storedFilePath(h.dataDir, "telegram/./x")).toBeNull();
    expect(storedFilePath(h.dataDir, "telegram/abc")).toBe(path.resolve(h.dataDir, "files", "telegram/abc"));
  });

  it("a correctly signed link to a file that is gone answers 404", async () => {
    const response = await get(pathOf(fileLink(h.env, { ...image, key: "telegram/gone" }, h.clock.now())));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "not_found" });
  });

  it("the console's ticket view lists a message's files with signed links of our server that serve them", async () => {
    await store(image.key, PNG);
    await h.staff("lan", ["sales"]);
    const ticket = await h.openRequest();
    const added = await h.app.tickets.addCustomerMessage({
      customerId: ticket.customerId,
      channel: "webchat",
      text: "Ảnh lỗi đây",
      attachments: [{ ...image, size: PNG.length }],
    });
    expect(added.ok).toBe(true);
    const lan = h.as(await h.signIn("lan"));
    const view = (await lan.get(`/console/api/tickets/${ticket.id}`)).json() as {
      messages: { text: string; attachments: { name: string; mimeType: string; url: string }[] }[];
    };
    const withFile = view.messages.find((m) => m.attachments.length > 0);
    expect(withFile?.text).toBe("Ảnh lỗi đây");
    expect(withFile?.attachments).toEqual([
      { name: "ảnh lỗi.png", mimeType: "image/png", url: expect.stringMatching(/^\/files\/telegram\//) },
    ]);
    const served = await get(withFile?.attachments[0]?.url ?? "");
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG)).toBe(true);
  });
});
