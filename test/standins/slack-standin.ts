import type { IncomingMessage, ServerResponse } from "node:http";
import { createFaultQueue } from "./fault-queue.js";
import { BodyParseError, dropConnection, parseBody, sendJson, sendMalformed, startHttpStandin } from "./http-standin.js";
import { chatMethods, type SlackMethod } from "./slack-chat-methods.js";
import { directoryMethods } from "./slack-directory-methods.js";
import { decodeJsonFields, type Params, SlackApiError } from "./slack-params.js";
import { viewMethods } from "./slack-view-methods.js";
import {
  type ChannelSeed,
  createSlackWorkspace,
  type EphemeralMessage,
  type SlackIdentity,
  type SlackMessage,
  type SlackUserSeed,
  type SlackView,
} from "./slack-workspace.js";

export type { ChannelSeed, EphemeralMessage, SlackMessage, SlackUserSeed, SlackView };

export type SlackFault =
  | { kind: "429"; retryAfter: number }
  | { kind: "500" }
  | { kind: "error"; error: string }
  | { kind: "slow"; ms: number }
  | { kind: "malformed" }
  | { kind: "disconnect" };

export interface SlackRecordedCall {
  method: string;
  /** Form fields as strings, except `blocks`/`attachments`/`view`/`metadata`, which are decoded from their JSON text. */
  params: Params;
  /** The bearer token (or the `token` field); undefined when none was sent. */
  token: string | undefined;
  contentType: string;
  status: number;
  /** `error` of an ok:false answer. */
  error?: string;
  fault?: SlackFault["kind"];
}

export interface SlackStandinOptions extends Partial<SlackIdentity> {
  /** Default: one public channel C0123SUPPORT "support" with no members. */
  channels?: ChannelSeed[];
  users?: SlackUserSeed[];
  /** Seconds part of the first message ts (default 1700000000 → "1700000000.000100"). */
  firstTsSeconds?: number;
}

export interface SlackStandin {
  /** For `new WebClient(token, { slackApiUrl })` / Bolt `clientOptions.slackApiUrl`: `http://127.0.0.1:PORT/api/`. */
  apiUrl: string;
  identity: SlackIdentity;
  calls: SlackRecordedCall[];
  callsTo(method: string): SlackRecordedCall[];
  fail(method: string, fault: SlackFault, times?: number): void;
  /** Creates the channel (public, named after its id) if it does not exist. */
  setChannelMembers(channel: string, userIds: string[]): void;
  addUser(user: SlackUserSeed): void;
  /** Current state: updates applied, deleted messages gone; thread replies included, in ts order. */
  messages(channel: string): SlackMessage[];
  ephemerals(channel: string): EphemeralMessage[];
  /** Every view opened, pushed or published, in its latest version. */
  readonly views: SlackView[];
  homeView(userId: string): SlackView | undefined;
  /**
   * A file a user uploaded (e.g. through a modal's file_input), as Slack lists it in `view.state.values`;
   * its `url_private_download` on the stand-in serves the bytes to the bot token only.
   */
  uploadFile(file: { name: string; mimetype: string; bytes: Buffer }): UploadedSlackFile;
  /** Each file download: the file id and the bearer token sent (undefined when none). */
  readonly downloads: { id: string; token: string | undefined }[];
  close(): Promise<void>;
}

export interface UploadedSlackFile {
  id: string;
  name: string;
  mimetype: string;
  size: number;
  url_private_download: string;
}

const METHODS: Record<string, SlackMethod> = { ...chatMethods, ...viewMethods, ...directoryMethods };

export async function startSlackStandin(options: SlackStandinOptions = {}): Promise<SlackStandin> {
  const identity: SlackIdentity = {
    token: options.token ?? "xoxb-standin-token",
    teamId: options.teamId ?? "T0TEAM001",
    teamDomain: options.teamDomain ?? "acme",
    botUserId: options.botUserId ?? "U0BOT0001",
    botId: options.botId ?? "B0BOT0001",
    appId: options.appId ?? "A0APP0001",
  };
  const workspace = createSlackWorkspace(identity, options.firstTsSeconds ?? 1_700_000_000);
  for (const channel of options.channels ?? [{ id: "C0123SUPPORT", name: "support" }]) workspace.addChannel(channel);
  for (const user of options.users ?? []) workspace.users.set(user.id, user);
  const faults = createFaultQueue<SlackFault>();
  const calls: SlackRecordedCall[] = [];
  const files = new Map<string, { mimetype: string; bytes: Buffer }>();
  const downloads: { id: string; token: string | undefined }[] = [];

  const http = await startHttpStandin("Slack", async (req, res, body) => {
    const url = new URL(req.url ?? "/", "http://standin");
    const download = /^\/files-pri\/[\w]+-(F\w+)\/download\/[^/]+$/.exec(url.pathname);
    if (download?.[1]) {
      const token = bearerToken(req);
      downloads.push({ id: download[1], token });
      const file = files.get(download[1]);
      if (!file) return void res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      // Slack answers a request without the token with its login page, never the file.
      if (token !== identity.token) return void res.writeHead(200, { "content-type": "text/html" }).end("<html>Sign in</html>");
      return void res.writeHead(200, { "content-type": file.mimetype, "content-length": String(file.bytes.length) }).end(file.bytes);
    }
    const match = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!match?.[1]) return sendJson(res, 404, { ok: false, error: "unknown_method" });
    return runMethod(req, res, { method: match[1], body, query: url.searchParams });
  });

  async function runMethod(
    req: IncomingMessage,
    res: ServerResponse,
    { method, body, query }: { method: string; body: Buffer; query: URLSearchParams },
  ) {
    const contentType = req.headers["content-type"] ?? "";
    let params: Params;
    try {
      // Slack also takes arguments in the query string (GET); WebClient always POSTs a form.
      params = decodeJsonFields({ ...Object.fromEntries(query), ...parseBody(contentType, body).fields });
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      return sendJson(res, 200, { ok: false, error: "invalid_json" });
    }
    const token = bearerToken(req) ?? (typeof params.token === "string" ? params.token : undefined);
    const recorded: SlackRecordedCall = { method, params, token, contentType, status: 0 };
    calls.push(recorded);
    const fault = faults.take(method);
    if (fault) {
      recorded.fault = fault.kind;
      if (fault.kind === "slow") await http.sleep(fault.ms);
      else return answerFault(res, recorded, fault);
    }
    recorded.status = 200;
    try {
      const handler = METHODS[method];
      if (!handler) throw new SlackApiError("unknown_method", { req_method: method });
      if (token === undefined) throw new SlackApiError("not_authed");
      if (token !== identity.token) throw new SlackApiError("invalid_auth");
      sendJson(res, 200, { ok: true, ...handler(params, workspace) });
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      recorded.error = error.error;
      sendJson(res, 200, { ok: false, error: error.error, ...error.extra });
    }
  }

  return {
    apiUrl: `${http.origin}/api/`,
    identity,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    fail(method, fault, times) {
      if (!METHODS[method]) throw new Error(`Slack stand-in has no method ${method}`);
      faults.add(method, fault, times);
    },
    setChannelMembers(channel, userIds) {
      const state = workspace.channels.get(channel) ?? workspace.addChannel({ id: channel, name: channel.toLowerCase() });
      state.members = [...userIds];
    },
    addUser(user) {
      workspace.users.set(user.id, user);
    },
    messages: (channel) => [...(workspace.channels.get(channel)?.messages ?? [])].sort((a, b) => compareTs(a.ts, b.ts)),
    ephemerals: (channel) => [...(workspace.channels.get(channel)?.ephemerals ?? [])],
    get views() {
      return [...workspace.views.values()];
    },
    homeView(userId) {
      const id = workspace.homeViewIdByUser.get(userId);
      return id === undefined ? undefined : workspace.views.get(id);
    },
    uploadFile({ name, mimetype, bytes }) {
      const id = `F0FILE${String(files.size + 1).padStart(3, "0")}`;
      files.set(id, { mimetype, bytes });
      const url_private_download = `${http.origin}/files-pri/${identity.teamId}-${id}/download/${encodeURIComponent(name)}`;
      return { id, name, mimetype, size: bytes.length, url_private_download };
    },
    downloads,
    close: () => http.close(),
  };
}

function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

function answerFault(res: ServerResponse, recorded: SlackRecordedCall, fault: Exclude<SlackFault, { kind: "slow" }>): void {
  switch (fault.kind) {
    case "429":
      recorded.status = 429;
      recorded.error = "ratelimited";
      sendJson(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(fault.retryAfter) });
      break;
    case "500":
      recorded.status = 500;
      res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
      break;
    case "error":
      recorded.status = 200;
      recorded.error = fault.error;
      sendJson(res, 200, { ok: false, error: fault.error });
      break;
    case "malformed":
      recorded.status = 200;
      sendMalformed(res);
      break;
    case "disconnect":
      dropConnection(res);
      break;
  }
}

/** "1700000000.000100" strings compare numerically by seconds, then microseconds. */
function compareTs(a: string, b: string): number {
  const [aSeconds = 0, aMicros = 0] = a.split(".").map(Number);
  const [bSeconds = 0, bMicros = 0] = b.split(".").map(Number);
  return aSeconds - bSeconds || aMicros - bMicros;
}
