import type { Policy } from "../../policy/policy.schema.js";
import { openingState, workingMinutesBetween } from "../domain/calendar.js";
import { buildCalendars } from "../domain/calendars.js";
import { chainStartDeadline, resolutionDeadline, slaState, warningTimes } from "../domain/sla.js";
import type { Schedule } from "./schedule.port.js";

/** The Schedule the use cases see, computed from the policy's calendars, holidays and SLA (R2.2, R2.4–R2.6). */
export function createPolicySchedule(policy: Policy): Schedule {
  const calendars = buildCalendars(policy);
  const calendarOf = (departmentId: string) => {
    const calendar = calendars.department(departmentId);
    if (!calendar) throw new Error(`unknown department "${departmentId}"`);
    return calendar;
  };
  // Working-time SLAs count the department's open hours; wall-clock ones every hour.
  const slaCalendar = (spec: Policy["sla"]["resolution"], departmentId: string) =>
    spec.basis === "working_time" ? calendarOf(departmentId) : undefined;
  const { warnings } = policy.sla;

  return {
    isHoliday: (t) => calendars.isDayOffAt(t),
    openingState: (departmentId, t) => openingState(calendarOf(departmentId), t),
    generalDutyState: (t) => openingState(calendars.generalDuty, t),
    workingMinutes: (departmentId, from, to) => workingMinutesBetween(calendarOf(departmentId), from, to),
    resolutionDeadline: (departmentId, readyAt) =>
      resolutionDeadline(readyAt, policy.sla.resolution, slaCalendar(policy.sla.resolution, departmentId)),
    chainStartDeadline: (departmentId, at) =>
      chainStartDeadline(at, policy.sla.chainStart, slaCalendar(policy.sla.chainStart, departmentId)),
    slaState: (start, deadline, now) => slaState(start, deadline, warnings, now),
    warningTimes: (start, deadline) => warningTimes(start, deadline, warnings),
  };
}
