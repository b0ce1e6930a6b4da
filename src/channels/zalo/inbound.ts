import type { ConversationEngine, InboundMessage } from "../../conversation/index.js";
import type { Clock } from "../../kernel/clock.js";
import type { Logger } from "../../kernel/logger.js";
import { RECEIVED_FILES } from "../../kernel/stored-file.js";
import { fetchCapped, keepReceivedFile } from "../../server/received-files.js";
import type { Attachment } from "../../tickets/index.js";
import { choiceOf } from "./choices.js";
import {
  isFollowEvent,
  isSubmitInfo,
  submittedContact,
  type ZaloAttachment,
  type ZaloEvent,
  type ZaloUserMessage,
  zaloEvent,
} from "./events.js";

export const ZALO_CHANNEL = "zalo";

export interface ZaloInboundDeps {
  engine: ConversationEngine;
  logger: Logger;
  clock: Clock;
  dataDir: string;
  maxBytes: number;
  fetch: typeof fetch;
}

/**
 * What the channel does with one recorded OA event: a user's message (a tapped button's payload
 * becomes the choice) goes to the conversation engine; a follow opens the welcome and menu; the
 * contact form's answer is the form's name and contact answers; an unfollow is only logged. Each of
 * these but the unfollow is an interaction: the OA's reply window starts again from its time.
 */
export function createZaloInboundHandler(deps: ZaloInboundDeps) {
  const { engine, logger } = deps;
  return async function handle(payload: unknown): Promise<void> {
    const parsed = zaloEvent.safeParse(payload);
    if (!parsed.success) {
      logger.warn({ problems: parsed.error.issues.map((i) => i.path.join(".")).slice(0, 5) }, "zalo event skipped: unreadable");
      return;
    }
    const event: ZaloEvent = parsed.data;
    const interactedAt = interactionTime(event.timestamp, deps.clock.now());
    if (isFollowEvent(event)) {
      if (event.event_name === "unfollow") return logger.info({ event: "unfollow" }, "a Zalo user unfollowed the OA");
      await engine.handle({ ...identity(event.follower.id), text: "/start", interactedAt });
      return;
    }
    if (isSubmitInfo(event)) {
      // Zalo's contact form answers two of the form's questions at once: the name, then the phone, each
      // its own turn. The webhook records them as two events; one recorded whole (before) still gives both.
      const contact = submittedContact(event.info);
      for (const part of event.hotro_part ? [event.hotro_part] : (["name", "phone"] as const)) {
        const text = contact[part];
        if (text) await engine.handle({ ...identity(event.sender.id), text, interactedAt });
      }
      return;
    }
    await engine.handle({ ...(await fromMessage(event as ZaloUserMessage)), interactedAt });
  };

  async function fromMessage(event: ZaloUserMessage): Promise<InboundMessage> {
    const base = { ...identity(event.sender.id), platformMessageId: event.message.msg_id };
    const text = event.message.text;
    const kind = event.event_name.replace(/^user_(send|click)_/, "");
    const attachments = event.message.attachments ?? [];
    switch (kind) {
      case "text":
      case "button":
      case "link": {
        const choice = choiceOf(text);
        if (choice) return { ...base, choice };
        const url = attachments[0]?.payload?.url;
        return { ...base, text: [text, kind === "link" && url && !text?.includes(url) ? url : undefined].filter(Boolean).join("\n") };
      }
      case "image":
      case "file":
        return { ...base, ...(text ? { text } : {}), ...(await files(attachments, kind, event.message.msg_id)) };
      case "location": {
        const at = attachments[0]?.payload?.coordinates;
        return at ? { ...base, text: `📍 ${at.latitude}, ${at.longitude}` } : { ...base, unsupported: "content" };
      }
      default:
        // A sticker, a GIF, a voice note, a video, a business card: nothing staff can read.
        return { ...base, unsupported: "content" };
    }
  }

  async function files(list: ZaloAttachment[], kind: "image" | "file", msgId: string) {
    const attachments: Attachment[] = [];
    const rejectedFiles: NonNullable<InboundMessage["rejectedFiles"]> = [];
    for (const [i, item] of list.entries()) {
      const url = item.payload?.url;
      const name =
        item.payload?.name ?? `${kind}-${msgId.slice(0, 12)}${list.length > 1 ? `-${i + 1}` : ""}${kind === "image" ? ".jpg" : ""}`;
      const maxMb = Math.floor(deps.maxBytes / (1024 * 1024));
      if (!url) {
        rejectedFiles.push({ name, reason: "unavailable" });
        continue;
      }
      if (Number(item.payload?.size ?? 0) > deps.maxBytes) {
        rejectedFiles.push({ name, reason: "too_large", maxMb });
        continue;
      }
      const fetched = await fetchCapped(deps.fetch, url, { maxBytes: deps.maxBytes });
      // Zalo's CDN failing is worth a retry; a link that is gone is not.
      if (!fetched.ok) {
        if (fetched.reason === "failed") throw new Error("the Zalo file download failed");
        rejectedFiles.push(fetched.reason === "too_large" ? { name, reason: "too_large", maxMb } : { name, reason: "unavailable" });
        continue;
      }
      const key = await keepReceivedFile(deps.dataDir, RECEIVED_FILES.zalo, fetched.bytes);
      const mimeType = fetched.contentType ?? (kind === "image" ? "image/jpeg" : "application/octet-stream");
      attachments.push({ name, mimeType, size: fetched.bytes.length, key });
    }
    return { ...(attachments.length ? { attachments } : {}), ...(rejectedFiles.length ? { rejectedFiles } : {}) };
  }
}

function identity(userId: string): Pick<InboundMessage, "channel" | "chatId" | "user"> {
  return { channel: ZALO_CHANNEL, chatId: userId, user: { externalId: userId } };
}

/**
 * Zalo counts the window from the user's action: the event's own time, when it is readable and not
 * ahead of our clock (an event handled late, after a retry, must not lengthen the window).
 */
function interactionTime(timestamp: string, now: Date): Date {
  const at = Number(timestamp);
  return Number.isFinite(at) && at > 0 && at < now.getTime() ? new Date(at) : now;
}
