import type { OutboundMessage, TextPart } from "../kernel/outbound.js";
import type { OpeningState } from "../tickets/index.js";
import { type DialogContext, message } from "./dialog-context.js";
import { formatMoment } from "./time-format.js";
import { key } from "./types.js";

const DAY_MS = 24 * 3_600_000;

/** R2.2, R2.6: "are you open?" answered from each department's calendar now: lunch, night, weekend, holiday and general duty. */
export function hoursAnswer(ctx: DialogContext): OutboundMessage[] {
  const now = ctx.clock.now();
  const schedule = ctx.tickets.schedule;
  const when = (at: Date) => formatMoment(at, ctx.language, ctx.policy.company.timeZone);
  const states = ctx.policy.departments.map((d) => ({ department: d.name[ctx.language], state: schedule.openingState(d.id, now) }));
  const text: TextPart[] = [key("conversation:hours.intro", { time: when(now) })];
  if (schedule.isHoliday(now)) {
    const named = states.find((s) => !s.state.open && s.state.holidayName);
    const holiday = named && !named.state.open && named.state.holidayName ? named.state.holidayName[ctx.language] : "";
    text.push(key("conversation:hours.generalDuty", { holiday }));
  }
  text.push(...states.map(({ department, state }) => departmentLine(department, state, now, when)));
  text.push(key("conversation:hours.anytime"));
  return [message(ctx.language, text)];
}

function departmentLine(department: string, state: OpeningState, now: Date, when: (at: Date) => string): TextPart {
  if (state.open) {
    return state.closesAt && state.closesAt.getTime() - now.getTime() < DAY_MS
      ? key("conversation:hours.openUntil", { department, time: when(state.closesAt) })
      : key("conversation:hours.open", { department });
  }
  const time = state.opensAt ? when(state.opensAt) : "—";
  const keys = { lunch: "lunch", night: "night", rest_day: "restDay", holiday: "holiday" } as const;
  return key(`conversation:hours.${keys[state.reason]}`, { department, time });
}
