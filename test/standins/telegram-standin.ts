import type { IncomingMessage, ServerResponse } from "node:http";
import type { BotCommand, Message, Update, UserFromGetMe } from "grammy/types";
import { type Clock, systemClock } from "../../src/kernel/clock.js";
import { createFaultQueue } from "./fault-queue.js";
import { BodyParseError, dropConnection, parseBody, sendJson, sendMalformed, startHttpStandin } from "./http-standin.js";
import type { UploadedFile } from "./multipart.js";
import { botMethods } from "./telegram-bot-methods.js";
import { createChatStore } from "./telegram-chats.js";
import { createFileStore } from "./telegram-files.js";
import { messageMethods } from "./telegram-message-methods.js";
import { type Params, TelegramApiError } from "./telegram-params.js";
import { createUpdateQueue, type WebhookSettings } from "./telegram-updates.js";
import { commandsKey, type MethodHandler, type TelegramWorld } from "./telegram-world.js";

export type TelegramFault =
  | { kind: "429"; retryAfter: number }
  | { kind: "500" }
  | { kind: "403" }
  | { kind: "error"; errorCode: number; description: string }
  | { kind: "slow"; ms: number }
  | { kind: "malformed" }
  | { kind: "disconnect" };

export interface RecordedCall {
  /** Canonical name (Telegram matches method names case-insensitively). */
  method: string;
  params: Params;
  /** Multipart file parts by part name (grammY names them randomly and refers to them as `attach://<name>`). */
  files: Record<string, UploadedFile>;
  status: number;
  fault?: TelegramFault["kind"];
}

export interface TelegramStandinOptions {
  /** Default `7000000001:AAH-standin-token`; getMe's id is the number before the colon. */
  token?: string;
  botInfo?: Partial<UserFromGetMe>;
  /** Message dates; defaults to the system clock. */
  clock?: Clock;
}

export interface TelegramStandin {
  /** For `new Bot(token, { client: { apiRoot } })`: `http://127.0.0.1:PORT`, no trailing slash. */
  apiRoot: string;
  token: string;
  botInfo: UserFromGetMe;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Messages the bot sent, in order, as they are now (after edits; deleted ones are gone). */
  sentMessages(chatId?: number): Message[];
  fail(method: string, fault: TelegramFault, times?: number): void;
  /** Queues an update for getUpdates; messages in it become known (the bot may edit its own). */
  pushUpdate(update: Update): void;
  /**
   * POSTs the update to the registered webhook with its secret header, as Telegram does, and
   * performs the method its 200 answer names (see `performWebhookAnswer`).
   */
  deliverUpdate(update: Update): Promise<{ status: number; body: string }>;
  /**
   * What Telegram does with a webhook's 200 answer that names a `method`: calls it with the answer's
   * other fields (recorded like any call; its result goes nowhere). Other answers are ignored.
   */
  performWebhookAnswer(status: number, body: string): Promise<void>;
  addFile(fileId: string, bytes: Buffer | string, filePath?: string): void;
  webhook(): WebhookSettings | undefined;
  commands(languageCode?: string, scope?: object): BotCommand[] | undefined;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = "7000000001:AAH-standin-token";
const METHODS: Record<string, MethodHandler> = { ...botMethods, ...messageMethods };
const BY_LOWER_NAME = new Map(Object.keys(METHODS).map((name) => [name.toLowerCase(), name]));

export async function startTelegramStandin(options: TelegramStandinOptions = {}): Promise<TelegramStandin> {
  const token = options.token ?? DEFAULT_TOKEN;
  const botInfo = defaultBotInfo(token, options.botInfo);
  const world: TelegramWorld = {
    bot: botInfo,
    clock: options.clock ?? systemClock,
    chats: createChatStore(botInfo),
    files: createFileStore(),
    updates: createUpdateQueue(),
    commands: new Map(),
    answeredCallbackQueries: new Set(),
  };
  const faults = createFaultQueue<TelegramFault>();
  const calls: RecordedCall[] = [];

  const http = await startHttpStandin("Telegram", async (req, res, body) => {
    const url = new URL(req.url ?? "/", "http://standin");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return serveFile(res, file[1] === token ? decodeURIComponent(file[2] ?? "") : undefined);
    const call = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!call) return answerError(res, new TelegramApiError(404, "Not Found"));
    if (call[1] !== token) return answerError(res, new TelegramApiError(401, "Unauthorized"));
    const method = BY_LOWER_NAME.get((call[2] ?? "").toLowerCase());
    const handler = method ? METHODS[method] : undefined;
    if (!method || !handler) return answerError(res, new TelegramApiError(404, "Not Found"));
    return runMethod(req, res, { method, handler, body, query: url.searchParams });
  });

  async function runMethod(
    req: IncomingMessage,
    res: ServerResponse,
    { method, handler, body, query }: { method: string; handler: MethodHandler; body: Buffer; query: URLSearchParams },
  ) {
    let parsed: ReturnType<typeof parseBody>;
    try {
      parsed = parseBody(req.headers["content-type"], body);
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      return answerError(res, new TelegramApiError(400, `Bad Request: ${error.message}`));
    }
    const recorded: RecordedCall = { method, params: { ...Object.fromEntries(query), ...parsed.fields }, files: parsed.files, status: 0 };
    calls.push(recorded);
    const fault = faults.take(method);
    if (fault) {
      recorded.fault = fault.kind;
      if (fault.kind === "slow") await http.sleep(fault.ms);
      else return answerFault(res, recorded, fault);
    }
    try {
      const onAbandon = (cancel: () => void) => res.on("close", () => res.writableEnded || cancel());
      const result = await handler({ params: recorded.params, files: parsed.files, onAbandon }, world);
      recorded.status = 200;
      sendJson(res, 200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof TelegramApiError)) throw error;
      recorded.status = error.errorCode;
      answerError(res, error);
    }
  }

  async function performWebhookAnswer(status: number, body: string) {
    const { method, ...params } = (status === 200 ? parsedOrEmpty(body) : {}) as { method?: unknown };
    if (typeof method !== "string") return;
    await fetch(`${http.origin}/bot${token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
    });
  }

  function serveFile(res: ServerResponse, filePath: string | undefined) {
    const stored = filePath === undefined ? undefined : world.files.byPath(filePath);
    if (!stored) return answerError(res, new TelegramApiError(404, "Not Found"));
    res.writeHead(200, { "content-type": stored.mimeType, "content-length": stored.bytes.length }).end(stored.bytes);
  }

  return {
    apiRoot: http.origin,
    token,
    botInfo,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    sentMessages: (chatId) => world.chats.sent(chatId),
    fail(method, fault, times) {
      if (!METHODS[method]) throw new Error(`Telegram stand-in has no method ${method}`);
      faults.add(method, fault, times);
    },
    pushUpdate(update) {
      for (const message of messagesIn(update)) world.chats.observe(message);
      world.updates.push(update);
    },
    async deliverUpdate(update) {
      const hook = world.updates.webhook;
      if (!hook) throw new Error("no webhook is set: call setWebhook first");
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (hook.secretToken !== undefined) headers["x-telegram-bot-api-secret-token"] = hook.secretToken;
      for (const message of messagesIn(update)) world.chats.observe(message);
      const response = await fetch(hook.url, { method: "POST", headers, body: JSON.stringify(update) });
      const answer = { status: response.status, body: await response.text() };
      await performWebhookAnswer(answer.status, answer.body);
      return answer;
    },
    performWebhookAnswer,
    addFile(fileId, bytes, filePath) {
      world.files.add(fileId, typeof bytes === "string" ? Buffer.from(bytes) : bytes, filePath);
    },
    webhook: () => world.updates.webhook,
    commands: (languageCode, scope) => world.commands.get(commandsKey(scope, languageCode)),
    close() {
      world.updates.close();
      return http.close();
    },
  };
}

function answerError(res: ServerResponse, error: TelegramApiError): void {
  const body: Record<string, unknown> = { ok: false, error_code: error.errorCode, description: error.description };
  if (error.parameters) body.parameters = error.parameters;
  sendJson(res, error.errorCode, body);
}

function answerFault(res: ServerResponse, recorded: RecordedCall, fault: Exclude<TelegramFault, { kind: "slow" }>): void {
  const error = faultError(fault);
  recorded.status = error ? error.errorCode : fault.kind === "malformed" ? 200 : 0;
  if (error) answerError(res, error);
  else if (fault.kind === "malformed") sendMalformed(res);
  else dropConnection(res);
}

function faultError(fault: TelegramFault): TelegramApiError | undefined {
  switch (fault.kind) {
    case "429":
      return new TelegramApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter });
    case "500":
      return new TelegramApiError(500, "Internal Server Error");
    case "403":
      return new TelegramApiError(403, "Forbidden: bot was blocked by the user");
    case "error":
      return new TelegramApiError(fault.errorCode, fault.description);
    default:
      return undefined;
  }
}

/** Messages carried by an update that Telegram would know about; inaccessible ones have `date: 0`. */
function messagesIn(update: Update): Message[] {
  const callbackMessage = update.callback_query?.message;
  const candidates = [update.message, update.edited_message, update.channel_post, callbackMessage];
  return candidates.filter((message): message is Message => message !== undefined && message.date !== 0);
}

function defaultBotInfo(token: string, overrides: Partial<UserFromGetMe> = {}): UserFromGetMe {
  const id = Number(token.split(":")[0]);
  return {
    id: Number.isInteger(id) ? id : 7000000001,
    is_bot: true,
    first_name: "Support",
    username: "support_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...overrides,
  };
}

function parsedOrEmpty(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
}
