import { formatDate } from "../kernel/date-time.js";
import type { OutboundMessage, TextPart } from "../kernel/outbound.js";
import type { OpeningState, Schedule } from "../tickets/index.js";
import { type DialogContext, message } from "./dialog-context.js";
import { formatMoment } from "./time-format.js";
import { key } from "./types.js";
import { weeklyHoursText, windowsText } from "./weekly-hours.js";

const DAY_MS = 24 * 3_600_000;
/** A run of days off longer than this is not a holiday any more: stop looking. */
const LONGEST_BREAK_DAYS = 15;

/**
 * R2.2, R2.6: "mấy giờ làm việc?" answered with each department's weekly hours and general duty's,
 * then what is open now: lunch, night, weekend, and on a holiday which days and whether general duty
 * is working at this very moment (their own hours, not the departments').
 */
export function hoursAnswer(ctx: DialogContext): OutboundMessage[] {
  const now = ctx.clock.now();
  const { language, policy } = ctx;
  const schedule = ctx.tickets.schedule;
  const when = (at: Date) => formatMoment(at, language, policy.company.timeZone);

  const text: TextPart[] = [key("conversation:hours.weekly")];
  for (const d of policy.departments) {
    const week = policy.calendars[d.calendar];
    if (week) text.push(key("conversation:hours.weeklyLine", { department: d.name[language], hours: weeklyHoursText(week, language) }));
  }
  const dutyHours = windowsText(policy.generalDuty.hours, language);
  text.push(key("conversation:hours.holidays", { hours: dutyHours }));

  const states = policy.departments.map((d) => ({ department: d.name[language], state: schedule.openingState(d.id, now) }));
  if (schedule.isHoliday(now)) text.push(...holidayNow(ctx, schedule, states, now, dutyHours, when));
  text.push(key("conversation:hours.intro", { time: when(now) }));
  text.push(...states.map(({ department, state }) => departmentLine(department, state, now, when)));
  text.push(key("conversation:hours.anytime"));
  return [message(language, text)];
}

/** Which days the break lasts, who is on duty with their hours, and whether they work right now. */
function holidayNow(
  ctx: DialogContext,
  schedule: Schedule,
  states: { state: OpeningState }[],
  now: Date,
  hours: string,
  when: (at: Date) => string,
): TextPart[] {
  const named = states.map((s) => s.state).find((s) => !s.open && s.holidayName);
  const holiday = named && !named.open && named.holidayName ? named.holidayName[ctx.language] : "";
  const { first, last } = holidayRun(schedule, now);
  const timeZone = ctx.policy.company.timeZone;
  const parts: TextPart[] = [
    key("conversation:hours.holidayToday", { holiday, from: formatDate(first, timeZone), to: formatDate(last, timeZone), hours }),
  ];
  const duty = schedule.generalDutyState(now);
  if (duty.open) {
    parts.push(key("conversation:hours.dutyOpen", { time: duty.closesAt ? when(duty.closesAt) : "—" }));
  } else {
    parts.push(
      duty.opensAt && duty.opensAt.getTime() < last.getTime() + DAY_MS && schedule.isHoliday(duty.opensAt)
        ? key("conversation:hours.dutyClosed", { time: when(duty.opensAt) })
        : key("conversation:hours.dutyDone"),
    );
  }
  return parts;
}

/** The first and last days off around `now`, stepping a day at a time. */
function holidayRun(schedule: Schedule, now: Date): { first: Date; last: Date } {
  let first = now;
  let last = now;
  for (let i = 0; i < LONGEST_BREAK_DAYS && schedule.isHoliday(new Date(first.getTime() - DAY_MS)); i++)
    first = new Date(first.getTime() - DAY_MS);
  for (let i = 0; i < LONGEST_BREAK_DAYS && schedule.isHoliday(new Date(last.getTime() + DAY_MS)); i++)
    last = new Date(last.getTime() + DAY_MS);
  return { first, last };
}

/**
 * For "talk to a person": staff answer requests in writing (R3.4), and who is working right now,
 * or when the first of them is back (general duty on a holiday).
 */
export function whoIsAvailable(ctx: DialogContext): TextPart[] {
  const now = ctx.clock.now();
  const schedule = ctx.tickets.schedule;
  const when = (at: Date) => formatMoment(at, ctx.language, ctx.policy.company.timeZone);
  const intro = key("conversation:human.intro");
  if (schedule.isHoliday(now)) {
    const duty = schedule.generalDutyState(now);
    if (duty.open) return [intro, key("conversation:human.dutyNow")];
    return [intro, duty.opensAt ? key("conversation:human.dutyNext", { time: when(duty.opensAt) }) : key("conversation:human.later")];
  }
  const states = ctx.policy.departments.map((d) => ({ name: d.name[ctx.language], state: schedule.openingState(d.id, now) }));
  const open = states.filter((s) => s.state.open).map((s) => s.name);
  if (open.length > 0) return [intro, key("conversation:human.openNow", { departments: open.join(", ") })];
  const next = states
    .flatMap((s) => (!s.state.open && s.state.opensAt ? [{ name: s.name, at: s.state.opensAt }] : []))
    .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  return [intro, next ? key("conversation:human.nextAt", { who: next.name, time: when(next.at) }) : key("conversation:human.later")];
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
