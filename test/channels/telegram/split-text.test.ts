import { describe, expect, it } from "vitest";
import { splitText, TELEGRAM_TEXT_LIMIT } from "../../../src/kernel/split-text.js";

describe("texts over Telegram's 4096 characters", () => {
  it("keeps a short text whole", () => {
    expect(splitText("Xin chào")).toEqual(["Xin chào"]);
  });

  it("splits at line breaks into parts Telegram accepts, losing nothing", () => {
    const line = "Kính thưa quý khách, đây là một dòng khá dài của câu trả lời.";
    const text = Array.from({ length: 200 }, (_, i) => `${i}. ${line}`).join("\n");
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts.join("\n")).toBe(text);
  });

  it("never cuts an emoji in half when there is no space to break at", () => {
    const text = `${"a".repeat(4095)}😀${"b".repeat(10)}`;
    const parts = splitText(text);
    expect(parts[0]).toBe("a".repeat(4095));
    expect(parts[1]).toBe(`😀${"b".repeat(10)}`);
  });
});
