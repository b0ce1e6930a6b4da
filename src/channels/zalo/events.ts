import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The OA webhook events the channel reads, checked at the door. Ids are numeric strings longer
 * than 2^53 and stay strings; unknown fields are kept, since Zalo adds fields over time.
 */
const id = z.string().regex(/^\d{1,32}$/);
const attachment = z.looseObject({
  type: z.string(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      name: z.string().optional(),
      size: z.union([z.number(), z.string()]).optional(),
      coordinates: z.looseObject({ latitude: z.coerce.number(), longitude: z.coerce.number() }).optional(),
    })
    .optional(),
});
const userMessage = z.looseObject({
  app_id: z.string(),
  event_name: z.string().regex(/^user_(send|click)_/),
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }).optional(),
  message: z.looseObject({
    msg_id: z.string().min(1).max(128),
    text: z.string().optional(),
    attachments: z.array(attachment).optional(),
  }),
  timestamp: z.string(),
});
const followEvent = z.looseObject({
  app_id: z.string(),
  event_name: z.enum(["follow", "unfollow"]),
  follower: z.looseObject({ id }),
  timestamp: z.string(),
});
const submitInfo = z.looseObject({
  app_id: z.string(),
  event_name: z.literal("user_submit_info"),
  sender: z.looseObject({ id }),
  info: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
  /** Set by our webhook: which answer of the form this recorded half carries (absent: both, as recorded before). */
  hotro_part: z.enum(["name", "phone"]).optional(),
});

export const zaloEvent = z.union([userMessage, followEvent, submitInfo]);
export type ZaloEvent = z.infer<typeof zaloEvent>;
export type ZaloUserMessage = z.infer<typeof userMessage>;
export type ZaloFollowEvent = z.infer<typeof followEvent>;
export type ZaloSubmitInfo = z.infer<typeof submitInfo>;

export const isFollowEvent = (event: ZaloEvent): event is ZaloFollowEvent =>
  event.event_name === "follow" || event.event_name === "unfollow";
export const isSubmitInfo = (event: ZaloEvent): event is ZaloSubmitInfo => event.event_name === "user_submit_info";
export type ZaloAttachment = z.infer<typeof attachment>;

/**
 * Events that need no answer: the OA's own echoes (`oa_send_*`, sender and recipient swapped),
 * delivery and read receipts, tags. Anonymous visitors (`anonymous_send_*`) have no Zalo id a
 * consultation message can reach, so they are refused here too, with a log line.
 */
export function ignoredEvent(name: string): "echo" | "receipt" | "anonymous" | undefined {
  if (name.startsWith("oa_send_")) return "echo";
  if (name === "user_received_message" || name === "user_seen_message" || name === "add_user_to_tag") return "receipt";
  if (name.startsWith("anonymous_")) return "anonymous";
  return undefined;
}

/** The user a Zalo event comes from: a message's sender, a follower. */
export function zaloUserOf(event: ZaloEvent): string {
  return isFollowEvent(event) ? event.follower.id : (event as ZaloUserMessage | ZaloSubmitInfo).sender.id;
}

/**
 * What Zalo's retries of one event share: the message id; else the event, the user, the time and,
 * for a contact form, a digest of the answers (two forms sent within one millisecond are two events).
 */
/** The contact form's answers, read leniently: sources name the fields differently. */
export function submittedContact(info: Record<string, unknown>): { name?: string; phone?: string } {
  const name = textField(info, ["name", "full_name", "display_name"]);
  const phone = textField(info, ["phone", "phone_number", "tel"]);
  return { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
}

function textField(info: Record<string, unknown>, names: string[]): string | undefined {
  for (const name of names) {
    const value = info[name];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

export function zaloDedupKey(event: ZaloEvent): string {
  if (isFollowEvent(event)) return `${event.event_name}:${event.follower.id}:${event.timestamp}`;
  if (isSubmitInfo(event)) {
    const digest = createHash("sha256").update(JSON.stringify(event.info)).digest("hex").slice(0, 16);
    return `${event.event_name}:${event.sender.id}:${event.timestamp}:${digest}`;
  }
  return `msg:${(event as ZaloUserMessage).message.msg_id}`;
}

/** A Zalo event's conversation: the user's 1:1 chat with the OA. */
export function zaloPartitionKey(payload: unknown): string | undefined {
  const parsed = zaloEvent.safeParse(payload);
  return parsed.success ? zaloUserOf(parsed.data) : undefined;
}
