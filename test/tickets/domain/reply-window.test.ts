import { describe, expect, it } from "vitest";
import { replyWindowEnds, replyWindowState } from "../../../src/tickets/domain/reply-window.js";

const HOUR = 3600 * 1000;
const zalo = { freeForMs: 48 * HOUR, paidUntilMs: 7 * 24 * HOUR };
const last = new Date("2026-11-20T02:00:00Z");
const later = (ms: number) => new Date(last.getTime() + ms);

describe("a channel's reply window", () => {
  it("is free up to 48 h after the last interaction, paid up to 7 days, closed after", () => {
    expect(replyWindowState(zalo, last, later(47 * HOUR))).toBe("free");
    expect(replyWindowState(zalo, last, later(48 * HOUR))).toBe("free");
    expect(replyWindowState(zalo, last, later(48 * HOUR + 1))).toBe("paid");
    expect(replyWindowState(zalo, last, later(72 * HOUR))).toBe("paid");
    expect(replyWindowState(zalo, last, later(7 * 24 * HOUR))).toBe("paid");
    expect(replyWindowState(zalo, last, later(7 * 24 * HOUR + 1))).toBe("closed");
  });

  it("is always free on a channel without one, and when the last interaction is unknown", () => {
    expect(replyWindowState(undefined, last, later(30 * 24 * HOUR))).toBe("free");
    expect(replyWindowState(zalo, null, later(30 * 24 * HOUR))).toBe("free");
  });

  it("ends its free and paid periods counted from the last interaction", () => {
    expect(replyWindowEnds(zalo, last)).toEqual({ freeUntil: later(48 * HOUR), paidUntil: later(7 * 24 * HOUR) });
  });
});
