import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebchatHarness, webchatHarness } from "./harness.js";

let h: WebchatHarness;
beforeAll(async () => {
  h = await webchatHarness();
});
afterAll(async () => {
  await h?.app.stop();
});

describe("the widget and the demo page", () => {
  it("serves /widget.js with both languages' texts, under 50 KB gzipped together with its stylesheet", async () => {
    const js = await h.app.server.inject({ method: "GET", url: "/widget.js" });
    const css = await h.app.server.inject({ method: "GET", url: "/widget.css" });
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toContain("javascript");
    expect(css.headers["content-type"]).toContain("text/css");
    expect(js.body).not.toContain("__HOTRO_STRINGS__");
    expect(js.body).toContain("Chat với chúng tôi");
    expect(js.body).toContain("Chat with us");
    const gzipped = gzipSync(Buffer.concat([js.rawPayload, css.rawPayload])).length;
    expect(gzipped).toBeLessThan(50 * 1024);
    // Browsers asking for gzip get it.
    const compressed = await h.app.server.inject({ method: "GET", url: "/widget.js", headers: { "accept-encoding": "gzip, br" } });
    expect(compressed.headers["content-encoding"]).toBe("gzip");
    expect(compressed.rawPayload.length).toBeLessThan(50 * 1024);
  });

  it("never puts text into HTML: no innerHTML, outerHTML, insertAdjacentHTML or document.write in the widget", async () => {
    const js = (await h.app.server.inject({ method: "GET", url: "/widget.js" })).body;
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(js).toContain("textContent");
  });

  it("shows the demo page at / in Vietnamese and English with the widget embedded", async () => {
    const page = await h.app.server.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.body).toContain('<script src="/widget.js" data-lang="vi"');
    expect(page.body).toContain("mấy giờ làm việc?");
    expect(page.body).toContain("Things to try");
    expect(page.body).toContain('href="/console"');
    const english = await h.app.server.inject({ method: "GET", url: "/?lang=en" });
    expect(english.body).toContain('<script src="/widget.js" data-lang="en" data-title="Customer support"');
  });
});
