import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactUrlTokens } from "../../src/logging/logger.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: "info", format: "json" }, stream) };
}

describe("logging", () => {
  it("redacts tokens, secrets, customers' phone numbers and emails", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        token: "123456:ABC-telegram-token",
        customer: { name: "An", phone: "0903123456", email: "an@example.com" },
        config: { secret: "s3cr3t", password: "hunter2" },
        req: { headers: { authorization: "Bearer xoxb-1", "x-telegram-bot-api-secret-token": "whsec", "x-slack-signature": "v0=abc" } },
      },
      "something happened",
    );
    const line = lines.join("");
    for (const secret of ["ABC-telegram-token", "0903123456", "an@example.com", "s3cr3t", "hunter2", "xoxb-1", "whsec", "v0=abc"]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({ msg: "something happened", customer: { name: "An", phone: "[redacted]" } });
  });

  it("strips bot tokens from URLs before they are logged", () => {
    expect(redactUrlTokens("GET https://api.telegram.org/file/bot123456:AAH-secret_x/photos/1.jpg")).toBe(
      "GET https://api.telegram.org/file/bot[redacted]/photos/1.jpg",
    );
    expect(redactUrlTokens("token xoxb-123-456-abc used")).toBe("token xox-[redacted] used");
  });

  it("takes bot tokens out of a logged error's message, stack and cause", () => {
    const { lines, logger } = capture();
    const cause = new Error("fetch https://bot-api.zapps.me/bot987654:ZaloSecret-x/getUpdates failed");
    const error = new Error("GET https://api.telegram.org/file/bot123456:AAH-secret_x/photos/1.jpg: 404", { cause });
    logger.error({ err: error }, "download failed");
    const line = lines.join("");
    expect(line).not.toContain("AAH-secret_x");
    expect(line).not.toContain("ZaloSecret-x");
    expect(JSON.parse(line).err).toMatchObject({ type: "Error", message: expect.stringContaining("/file/bot[redacted]/photos/1.jpg") });
  });

  it("logs an error with a cycle or a BigInt in it, never throwing from the log call", () => {
    const { lines, logger } = capture();
    const error = Object.assign(new Error("odd"), { size: 10n, details: {} as Record<string, unknown> });
    (error.details as Record<string, unknown>).self = error.details;
    expect(() => logger.error({ err: error }, "odd error")).not.toThrow();
    expect(JSON.parse(lines.join("")).err).toMatchObject({ message: "odd", size: 10 });
  });
});
