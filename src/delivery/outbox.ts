/**
 * What channels implement to deliver the outbox (store.ts): every message to a customer or to
 * Slack is written there in the same transaction as the change that caused it, and the delivery
 * worker hands each row to its channel's Sender. Nothing is lost when a platform or the process fails.
 */

/** An outbox row as a sender gets it. */
export interface OutboxRow {
  id: string;
  seq: number;
  channel: string;
  destination: string;
  kind: string;
  payload: Record<string, unknown>;
  ticketId: string | null;
  attempts: number;
}

/** What a sender reports: the platform's id for the message it created, if any. */
export interface SendResult {
  platformMessageId?: string;
}

export interface Sender {
  send(message: OutboxRow): Promise<SendResult>;
}

/**
 * A failure a sender classifies: `retry` for 429, 5xx and network errors (with the platform's
 * retry time when it gave one), `permanent` for what will never succeed (blocked bot, bad request).
 */
export class DeliveryError extends Error {
  /** How many parts of a multi-part message went out before the failure (see `partsDelivered`). */
  readonly partsDone: number | undefined;
  constructor(
    readonly kind: "retry" | "permanent",
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; partsDone?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DeliveryError";
    this.partsDone = options?.partsDone;
  }
}

/**
 * A message a platform takes in several calls (a long text split, then files) is retried from
 * the first part that did not go out: the worker keeps the count in the row's payload under this
 * name, and the sender skips that many parts.
 */
export const PARTS_DELIVERED = "partsDelivered";

/** The parts of this row already delivered by earlier attempts (0 for a fresh row). */
export function partsDelivered(row: Pick<OutboxRow, "payload">): number {
  const done = row.payload[PARTS_DELIVERED];
  return typeof done === "number" && Number.isInteger(done) && done > 0 ? done : 0;
}
