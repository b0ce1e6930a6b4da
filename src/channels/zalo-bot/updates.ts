import { z } from "zod";

/**
 * A Zalo Bot update, checked at the door. Webhook bodies come bare (`{event_name, message}`) or
 * wrapped as getUpdates answers them (`{ok, result}`): both are read. There is no update id: the
 * event and the message id tell a retry.
 */
const update = z.looseObject({
  event_name: z.string().min(1),
  message: z.looseObject({
    message_id: z.string().min(1).max(128),
    chat: z.looseObject({ id: z.string().min(1).max(128), chat_type: z.string().optional() }),
    from: z.looseObject({ id: z.string().min(1), display_name: z.string().optional(), first_name: z.string().optional() }).optional(),
    text: z.string().optional(),
    caption: z.string().optional(),
    photo: z.union([z.string(), z.array(z.unknown())]).optional(),
    photo_url: z.string().optional(),
  }),
});
export type ZaloBotUpdate = z.infer<typeof update>;

/** The update in a webhook body or a getUpdates result, bare or wrapped. */
export function readZaloBotUpdate(body: unknown): ZaloBotUpdate | undefined {
  const inner = typeof body === "object" && body !== null && "result" in body ? (body as { result: unknown }).result : body;
  const parsed = update.safeParse(inner);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The URL of an image message's photo. Sources name it `photo_url` or `photo` (a URL, or a list of
 * sizes, largest last, as URLs or `{url}` objects): the first one that is an http(s) URL.
 */
export function photoUrlOf(message: ZaloBotUpdate["message"]): string | undefined {
  const sizes = Array.isArray(message.photo) ? [...message.photo].reverse() : [message.photo];
  const candidates = [message.photo_url, ...sizes.map((p) => (typeof p === "object" && p !== null ? (p as { url?: unknown }).url : p))];
  return candidates.find((c): c is string => typeof c === "string" && /^https?:\/\//.test(c));
}

export const zaloBotDedupKey = (u: ZaloBotUpdate) => `${u.event_name}:${u.message.message_id}`;

/** A Zalo Bot update's conversation: its chat (in a private chat, the user). */
export const zaloBotPartitionKey = (payload: unknown): string | undefined => readZaloBotUpdate(payload)?.message.chat.id;
