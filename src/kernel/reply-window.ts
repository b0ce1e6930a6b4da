/**
 * A platform's reply window, declared by a channel module for its outbox channel: messages are free
 * for `freeForMs` after the customer's last interaction, billed until `paidUntilMs`, refused after.
 */
export interface ReplyWindow {
  freeForMs: number;
  paidUntilMs: number;
}

/** By outbox channel. */
export type ReplyWindows = Record<string, ReplyWindow>;
