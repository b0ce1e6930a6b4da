import { beforeAll, describe, expect, it } from "vitest";
import type { DialogContext } from "../../src/conversation/dialog-context.js";
import { hoursAnswer, whoIsAvailable } from "../../src/conversation/hours.js";
import { renderMessage } from "../../src/conversation/render.js";
import { weeklyHoursText } from "../../src/conversation/weekly-hours.js";
import { createTranslator, type Translator } from "../../src/i18n/i18n.js";
import type { Language } from "../../src/kernel/language.js";
import { createPolicySchedule, type TicketService } from "../../src/tickets/index.js";
import { loadDefaultPolicy } from "../support/default-policy.js";
import { FakeClock } from "../support/fake-clock.js";

const policy = await loadDefaultPolicy();
const schedule = createPolicySchedule(policy);
let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

/** What the dialog steps read at a moment: the policy, a fake clock and the schedule (no database). */
const contextAt = (utc: string, language: Language) =>
  ({ policy, clock: new FakeClock(utc), language, tickets: { schedule } as unknown as TicketService }) as unknown as DialogContext;

/** The answer to "mấy giờ làm việc?" at a moment, as the customer reads it. */
function answerAt(utc: string, language: Language = "vi"): string {
  return hoursAnswer(contextAt(utc, language))
    .map((m) => renderMessage(t, m, { buttons: true }).text)
    .join("\n\n");
}

describe("R2.2, R2.6 working hours: the week, then now", () => {
  it("says each department's weekly hours from the policy, and general duty's", () => {
    const answer = answerAt("2026-11-25T03:00:00Z");
    expect(answer).toContain("• Phòng kinh doanh: thứ hai–thứ sáu: 08:00–12:00 và 13:30–16:30.");
    expect(answer).toContain("• Phòng kỹ thuật: thứ hai–thứ sáu: cả ngày (24/24).");
    expect(answer).toContain("• Phòng Chăm sóc khách hàng: thứ hai–thứ sáu: 08:00–12:00 và 13:30–16:30.");
    expect(answer).toContain("Ngày lễ, Tết: các phòng ban nghỉ, chỉ có nhân viên trực chung làm việc, 08:00–12:00 và 13:30–16:30");
    // The week comes first, then what is open now.
    expect(answer.indexOf("Giờ làm việc hằng tuần")).toBeLessThan(answer.indexOf("Tình trạng các bộ phận lúc này"));
  });

  it("on a normal weekday morning: Sales open until 12:00", () => {
    const answer = answerAt("2026-11-25T03:00:00Z");
    expect(answer).toContain("Tình trạng các bộ phận lúc này (giờ Việt Nam, thứ tư, 25/11/2026 10:00)");
    expect(answer).toContain("• Phòng kinh doanh: đang làm việc đến thứ tư, 25/11/2026 12:00.");
    expect(answer).not.toContain("trực chung đang làm việc");
  });

  it("at lunch: Sales back at 13:30, Technical working", () => {
    const answer = answerAt("2026-11-25T05:15:00Z");
    expect(answer).toContain("• Phòng kinh doanh: đang nghỉ trưa, làm việc lại vào thứ tư, 25/11/2026 13:30.");
    expect(answer).toMatch(/• Phòng kỹ thuật: đang làm việc/);
  });

  it("on a weekend: everyone back on Monday", () => {
    const answer = answerAt("2026-11-29T03:00:00Z");
    expect(answer).toContain("• Phòng kinh doanh: nghỉ cuối tuần, làm việc lại vào thứ hai, 30/11/2026 08:00.");
    expect(answer).toContain("• Phòng kỹ thuật: nghỉ cuối tuần, làm việc lại vào thứ hai, 30/11/2026 00:00.");
  });

  it("on Tết eve at 20:00: the break's days, general duty's hours, and that they are not working now", () => {
    // 16/02/2026 is Tết eve (Giao thừa); 20:00 in Hanoi is 13:00 UTC.
    const answer = answerAt("2026-02-16T13:00:00Z");
    expect(answer).toContain(
      "Hôm nay là Tết Nguyên đán (Giao thừa), kỳ nghỉ từ 16/02/2026 đến 20/02/2026: theo quy định, chỉ có nhân viên trực chung làm việc, 08:00–12:00 và 13:30–16:30.",
    );
    expect(answer).toContain("Lúc này ngoài giờ trực; nhân viên trực chung làm việc lại vào thứ ba, 17/02/2026 08:00.");
    expect(answer).not.toContain("trực chung đang làm việc");
    expect(answer).toContain("• Phòng kinh doanh: nghỉ lễ, làm việc lại vào thứ hai, 23/02/2026 08:00.");
  });

  it("during Tết at 10:00: general duty is working now, in English too", () => {
    expect(answerAt("2026-02-17T03:00:00Z")).toContain("Lúc này nhân viên trực chung đang làm việc đến thứ ba, 17/02/2026 12:00.");
    const english = answerAt("2026-02-17T03:00:00Z", "en");
    expect(english).toContain("• Sales: Monday–Friday: 08:00–12:00 and 13:30–16:30.");
    expect(english).toContain("• Technical: Monday–Friday: around the clock.");
    expect(english).toContain("Today is Lunar New Year, a break from 16/02/2026 to 20/02/2026");
    expect(english).toContain("General-duty staff are working right now, until Tuesday 17/02/2026 12:00.");
  });

  it("on the last afternoon of a break, after general duty's hours: the departments' reopening", () => {
    const answer = answerAt("2026-02-20T12:00:00Z");
    expect(answer).toContain("Lúc này đã hết giờ trực của kỳ nghỉ");
    expect(answer).toContain("• Phòng kinh doanh: nghỉ lễ, làm việc lại vào thứ hai, 23/02/2026 08:00.");
  });
});

describe("a weekly calendar in words", () => {
  it("groups consecutive days with the same hours and leaves out closed days", () => {
    const split = [
      { start: "08:00", end: "12:00" },
      { start: "13:30", end: "16:30" },
    ];
    const week = {
      monday: split,
      tuesday: split,
      wednesday: [],
      thursday: split,
      friday: split,
      saturday: [{ start: "08:00", end: "11:00" }],
      sunday: [],
    };
    expect(weeklyHoursText(week, "en")).toBe(
      "Monday–Tuesday: 08:00–12:00 and 13:30–16:30; Thursday–Friday: 08:00–12:00 and 13:30–16:30; Saturday: 08:00–11:00",
    );
  });
});

describe("talk to a person: who is working now", () => {
  const availableAt = (utc: string, language: Language = "vi") => {
    return renderMessage(t, { language, text: whoIsAvailable(contextAt(utc, language)) }, { buttons: true }).text;
  };

  it("names the departments at work on a weekday morning", () => {
    expect(availableAt("2026-11-25T03:00:00Z")).toContain(
      "Lúc này đang có nhân viên làm việc: Phòng kinh doanh, Phòng kỹ thuật, Phòng thiết kế, Phòng Chăm sóc khách hàng.",
    );
  });

  it("says when the first department is back on a Sunday", () => {
    expect(availableAt("2026-11-29T03:00:00Z", "en")).toContain("the first back is Technical, Monday 30/11/2026 00:00");
  });

  it("on Tết eve at 20:00: general duty is back the next morning", () => {
    expect(availableAt("2026-02-16T13:00:00Z")).toContain("nhân viên trực chung làm việc lại vào thứ ba, 17/02/2026 08:00");
  });
});
