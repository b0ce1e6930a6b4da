import type { DialogState } from "./types.js";

/**
 * Flood control: more than `messages` in `perSeconds` from one chat gets one polite "slow down"
 * per window. Every message is still handled and recorded: nothing the customer sent is dropped.
 */
export function countMessage(
  flood: DialogState["flood"],
  limit: { messages: number; perSeconds: number },
  nowMs: number,
): { flood: NonNullable<DialogState["flood"]>; warn: boolean } {
  if (!flood || nowMs - flood.windowStart >= limit.perSeconds * 1000) {
    return { flood: { windowStart: nowMs, count: 1, warned: false }, warn: false };
  }
  const count = flood.count + 1;
  const warn = count > limit.messages && !flood.warned;
  return { flood: { windowStart: flood.windowStart, count, warned: flood.warned || warn }, warn };
}
