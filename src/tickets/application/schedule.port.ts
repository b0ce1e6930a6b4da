/** Calendar and SLA facts the use cases need, from the policy's calendars (R2.2, R2.4–R2.6). */
export type OpeningState =
  | { open: true; closesAt: Date | null }
  | { open: false; reason: "lunch" | "night" | "rest_day" | "holiday"; opensAt: Date | null; holidayName?: { vi: string; en: string } };

export type SlaState = "on_track" | "warning" | "breached";

export interface Schedule {
  /** A public holiday in the policy's time zone: general duty works, departments are closed (R2.6). */
  isHoliday(t: Date): boolean;
  openingState(departmentId: string, t: Date): OpeningState;
  /** General duty's own hours (R2.6): open only on days off, in `generalDuty.hours`. */
  generalDutyState(t: Date): OpeningState;
  /** The department's open minutes between two instants (R2.2: lunch, nights and weekends do not count). */
  workingMinutes(departmentId: string, from: Date, to: Date): number;
  /** R2.4: from the moment the ticket entered its queue. */
  resolutionDeadline(departmentId: string, readyAt: Date): Date;
  /** R2.5: from the moment the previous ticket of the chain was finished. */
  chainStartDeadline(departmentId: string, previousResolvedAt: Date): Date;
  slaState(start: Date, deadline: Date, now: Date): SlaState;
  /** The instants at which staff are warned before the deadline. */
  warningTimes(start: Date, deadline: Date): Date[];
}
