import type { ReplyWindow } from "../../kernel/reply-window.js";

/** Where a message to the customer stands in their channel's reply window. */
export type ReplyWindowState = "free" | "paid" | "closed";

/**
 * Classifies a message sent now: free within the window's free period after the customer's last
 * interaction, paid until its end, closed after. A channel without a window is always free; so is
 * a customer whose last interaction is unknown (the platform's own answer decides then).
 */
export function replyWindowState(window: ReplyWindow | undefined, lastInteractionAt: Date | null | undefined, now: Date): ReplyWindowState {
  if (!window || !lastInteractionAt) return "free";
  const since = now.getTime() - lastInteractionAt.getTime();
  if (since <= window.freeForMs) return "free";
  if (since <= window.paidUntilMs) return "paid";
  return "closed";
}

/** When the window's free and paid periods end, for staff to read. */
export function replyWindowEnds(window: ReplyWindow, lastInteractionAt: Date): { freeUntil: Date; paidUntil: Date } {
  const at = lastInteractionAt.getTime();
  return { freeUntil: new Date(at + window.freeForMs), paidUntil: new Date(at + window.paidUntilMs) };
}
