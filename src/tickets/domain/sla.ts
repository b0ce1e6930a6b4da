import type { Policy } from "../../policy/policy.schema.js";
import { addWorkingMinutes, type BusinessCalendar, type Moment, toEpochMs, workingMinutesBetween } from "./calendar.js";

/** A duration and what counts in it: every hour (wall_clock) or only the department's open hours (working_time). */
export type SlaSpec = Policy["sla"]["resolution"];

export type SlaState = "on_track" | "warning" | "breached";

const hourMs = 3_600_000;

/** R2.4: a ticket is resolved within `spec.hours` of entering its department's queue. */
export function resolutionDeadline(readyAt: Moment, spec: SlaSpec, calendar?: BusinessCalendar): Date {
  return deadlineAfter(readyAt, spec, calendar);
}

/** R2.5: a customer's next parked issue is started within `spec.hours` of the previous one being resolved. */
export function chainStartDeadline(previousResolvedAt: Moment, spec: SlaSpec, calendar?: BusinessCalendar): Date {
  return deadlineAfter(previousResolvedAt, spec, calendar);
}

/**
 * When staff are warned: each fraction of the time from `start` to `deadline`, in ascending order. With a calendar
 * the fractions are of open time, so a working-time SLA does not warn at night for a deadline days away.
 */
export function warningTimes(start: Moment, deadline: Moment, fractions: readonly number[], calendar?: BusinessCalendar): Date[] {
  const from = toEpochMs(start);
  const to = toEpochMs(deadline);
  const sorted = [...fractions].sort((a, b) => a - b);
  if (calendar) {
    const open = workingMinutesBetween(calendar, start, deadline);
    return sorted.map((f) => addWorkingMinutes(calendar, start, f * open));
  }
  return sorted.map((f) => new Date(from + Math.round(f * (to - from))));
}

/** on_track before the first warning time, warning from it, breached at and after the deadline. */
export function slaState(
  start: Moment,
  deadline: Moment,
  fractions: readonly number[],
  now: Moment,
  calendar?: BusinessCalendar,
): SlaState {
  const at = toEpochMs(now);
  if (at >= toEpochMs(deadline)) return "breached";
  const [firstWarning] = warningTimes(start, deadline, fractions, calendar);
  return firstWarning && at >= firstWarning.getTime() ? "warning" : "on_track";
}

function deadlineAfter(start: Moment, spec: SlaSpec, calendar: BusinessCalendar | undefined): Date {
  if (spec.basis === "wall_clock") return new Date(toEpochMs(start) + Math.round(spec.hours * hourMs));
  if (!calendar) throw new TypeError("a working_time SLA needs the department's calendar");
  return addWorkingMinutes(calendar, start, spec.hours * 60);
}
