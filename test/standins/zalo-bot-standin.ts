import { type Clock, systemClock } from "../../src/kernel/clock.js";
import { BodyParseError, parseBody, sendJson, startHttpStandin } from "./http-standin.js";

export interface ZaloBotCall {
  method: string;
  params: Record<string, unknown>;
}

export interface ZaloBotStandin {
  apiRoot: string;
  token: string;
  calls: ZaloBotCall[];
  callsTo(method: string): ZaloBotCall[];
  /** Texts and photos the bot sent to a chat, oldest first. */
  sent(chatId?: string): { chatId: string; text?: string; photo?: string }[];
  /** Queues an update for getUpdates (a waiting long poll gets it at once). */
  pushUpdate(update: Record<string, unknown>): void;
  /** A user's text as Zalo sends it (bare, as several integrations see webhook bodies). */
  textUpdate(text: string, options?: { chatId?: string; messageId?: string; name?: string }): Record<string, unknown>;
  /** A user's photo: `message.image.received` with the URL as `photo_url`, or as `photo` (a URL or a list of sizes). */
  photoUpdate(
    url: string,
    options?: { chatId?: string; caption?: string; field?: "photo_url" | "photo" | "photo_sizes" },
  ): Record<string, unknown>;
  /** Serves bytes as Zalo's CDN does for a user's photo; returns the URL an update carries. */
  addCdnFile(name: string, bytes: Buffer, contentType: string): string;
  webhook(): { url: string; secret: string } | undefined;
  close(): Promise<void>;
}

/**
 * The Zalo Bot API on loopback: POST /bot<TOKEN>/<method> with a JSON body, Telegram-like
 * `{ok, result}` / `{ok:false, error_code, description}` envelopes; getUpdates answers one update
 * (wrapped) or holds the call up to `timeout` seconds and answers 408; setWebhook wants a secret of
 * 8–256 characters; sendMessage takes 1–2000 characters; sendPhoto takes a URL only.
 */
export async function startZaloBotStandin(options: { token?: string; clock?: Clock } = {}): Promise<ZaloBotStandin> {
  const token = options.token ?? "1234567890:standin-bot-secret";
  const clock = options.clock ?? systemClock;
  const calls: ZaloBotCall[] = [];
  const sent: { chatId: string; text?: string; photo?: string }[] = [];
  const queue: Record<string, unknown>[] = [];
  const waiting = new Set<() => void>();
  let webhook: { url: string; secret: string } | undefined;
  let sequence = 0;

  const cdn = new Map<string, { bytes: Buffer; contentType: string }>();

  const http = await startHttpStandin("Zalo Bot", async (req, res, body) => {
    const pathname = new URL(req.url ?? "/", "http://standin").pathname;
    if (req.method === "GET" && pathname.startsWith("/cdn/")) {
      const file = cdn.get(pathname);
      if (!file) return sendJson(res, 404, { error: "not found" });
      return void res.writeHead(200, { "content-type": file.contentType }).end(file.bytes);
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? "/", "http://standin").pathname);
    const fail = (code: number, description: string) => sendJson(res, 200, { ok: false, error_code: code, description });
    if (!match) return sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== token) return fail(401, "Unauthorized");
    let params: Record<string, unknown>;
    try {
      params = parseBody(req.headers["content-type"], body).fields;
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      return fail(400, error.message);
    }
    const method = match[2] ?? "";
    calls.push({ method, params });
    const ok = (result: unknown) => sendJson(res, 200, { ok: true, result });
    const chatId = typeof params.chat_id === "string" ? params.chat_id : "";
    const date = clock.now().getTime();
    switch (method) {
      case "getMe":
        return ok({ id: token.split(":")[0], account_name: "hotro_bot", account_type: "BASIC", can_join_groups: false });
      case "getUpdates": {
        if (webhook) return fail(409, "Conflict: a webhook is set");
        const deadline = Number(params.timeout ?? 30) * 1000;
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              waiting.delete(wake);
              resolve();
            };
            waiting.add(wake);
            void http.sleep(deadline).then(wake);
          });
        }
        const next = queue.shift();
        return next ? ok(next) : fail(408, "Request timeout");
      }
      case "setWebhook": {
        const secret = String(params.secret_token ?? "");
        if (typeof params.url !== "string" || !params.url.startsWith("https://")) return fail(400, "url must be HTTPS");
        if (secret.length < 8 || secret.length > 256) return fail(400, "secret_token must be 8-256 characters");
        webhook = { url: params.url, secret };
        return ok({ url: params.url, updated_at: date });
      }
      case "deleteWebhook":
        webhook = undefined;
        return ok({ url: "", updated_at: date });
      case "getWebhookInfo":
        return webhook ? ok({ url: webhook.url, updated_at: date }) : fail(404, "Webhook not set");
      case "sendMessage": {
        const text = typeof params.text === "string" ? params.text : "";
        if (!chatId || text.length < 1 || text.length > 2000) return fail(400, "Bad Request: text must be 1-2000 characters");
        sent.push({ chatId, text });
        return ok({ message_id: `bm${++sequence}`, date });
      }
      case "sendPhoto": {
        if (!chatId || typeof params.photo !== "string" || !/^https?:\/\//.test(params.photo))
          return fail(400, "Bad Request: photo must be a URL");
        sent.push({ chatId, photo: params.photo });
        return ok({ message_id: `bm${++sequence}`, date });
      }
      case "sendSticker":
        return ok({ message_id: `bm${++sequence}`, date });
      case "sendChatAction":
        return params.action === "typing" ? ok(true) : fail(400, "Bad Request: action not supported");
      default:
        return fail(404, "Not Found");
    }
  });

  return {
    apiRoot: http.origin,
    token,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    sent: (chatId) => sent.filter((m) => chatId === undefined || m.chatId === chatId),
    pushUpdate(update) {
      // getUpdates answers in the wrapped form.
      queue.push(update);
      for (const wake of [...waiting]) wake();
    },
    textUpdate(text, o = {}) {
      const chatId = o.chatId ?? "c0ffee0123456789abcd";
      return {
        event_name: "message.text.received",
        message: {
          message_id: o.messageId ?? `u${++sequence}`,
          date: clock.now().getTime(),
          chat: { id: chatId, chat_type: "PRIVATE" },
          from: { id: chatId, display_name: o.name ?? "Nguyễn Văn A", is_bot: false },
          text,
        },
      };
    },
    photoUpdate(url, o = {}) {
      const chatId = o.chatId ?? "c0ffee0123456789abcd";
      const field = o.field ?? "photo_url";
      const photo = field === "photo_sizes" ? { photo: [{ url: `${url}.small` }, { url }] } : { [field]: url };
      return {
        event_name: "message.image.received",
        message: {
          message_id: `u${++sequence}`,
          date: clock.now().getTime(),
          chat: { id: chatId, chat_type: "PRIVATE" },
          from: { id: chatId, display_name: "Nguyễn Văn A", is_bot: false },
          ...photo,
          ...(o.caption ? { caption: o.caption } : {}),
        },
      };
    },
    addCdnFile(name, bytes, contentType) {
      cdn.set(`/cdn/${name}`, { bytes, contentType });
      return `${http.origin}/cdn/${name}`;
    },
    webhook: () => webhook,
    close: () => {
      for (const wake of [...waiting]) wake();
      return http.close();
    },
  };
}
