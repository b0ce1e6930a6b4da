import { z } from "zod";

/**
 * The parts of a Telegram update we read (platforms.md §2.2), validated before use. Unknown
 * fields are kept: Telegram adds fields over time and they must not make an update invalid.
 */
const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  language_code: z.string().optional(),
});
const chat = z.looseObject({ id: z.number().int(), type: z.string() });
const photoSize = z.looseObject({ file_id: z.string(), file_size: z.number().optional() });
const document = z.looseObject({
  file_id: z.string(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().optional(),
});

const message = z.looseObject({
  message_id: z.number().int(),
  from: user.optional(),
  chat,
  date: z.number(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(photoSize).optional(),
  document: document.optional(),
});
export type TelegramMessage = z.infer<typeof message>;

const callbackQuery = z.looseObject({
  id: z.string(),
  from: user,
  message: z.looseObject({ message_id: z.number().int(), chat }).optional(),
  data: z.string().optional(),
});

export const updateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: callbackQuery.optional(),
});
export type TelegramUpdate = z.infer<typeof updateSchema>;

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;
