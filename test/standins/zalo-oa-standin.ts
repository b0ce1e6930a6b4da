import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Clock, systemClock } from "../../src/kernel/clock.js";
import { createFaultQueue } from "./fault-queue.js";
import { BodyParseError, parseBody, sendJson, startHttpStandin } from "./http-standin.js";
import type { UploadedFile } from "./multipart.js";
import { zaloEventSignature } from "./zalo-signing.js";

/** An OA API error answered inside an HTTP 200 envelope, as Zalo does. */
export interface ZaloFault {
  error: number;
  message: string;
}

/** One call the OA API or the OAuth endpoint received. */
export interface ZaloCall {
  path: string;
  headers: Record<string, string | undefined>;
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
  /** The envelope's `error` (0 for success; OAuth successes have none and record 0). */
  error: number;
}

/** A message the OA sent to a user through /v3.0/oa/message/cs, as the user would see it. */
export interface ZaloSent {
  userId: string;
  messageId: string;
  text?: string;
  /** Titles and payloads of the buttons under the text. */
  buttons?: { title: string; type: string; payload: unknown }[];
  /** `request_user_info`: the form asking for name and phone. */
  requestUserInfo?: { title: string; subtitle?: string };
  image?: { attachmentId: string; name: string; bytes: Buffer };
  file?: { token: string; name: string; bytes: Buffer };
}

export interface ZaloOaStandinOptions {
  appId?: string;
  /** The App Secret Key, sent by the OAuth client as the `secret_key` header. */
  appSecret?: string;
  /** The OA Secret Key the webhook driver signs with. */
  oaSecretKey?: string;
  oaId?: string;
  clock?: Clock;
}

export interface ZaloOaStandin {
  origin: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId: string;
  calls: ZaloCall[];
  callsTo(path: string): ZaloCall[];
  /** The query of every consent link opened (GET /v4/oa/permission), oldest first. */
  consents: Record<string, string>[];
  /** A fresh token pair as the console's API Explorer would mint it (the access token lives 25 h from now). */
  mintTokens(): { accessToken: string; refreshToken: string };
  /** Ends an access token's life now: the next call with it gets -220. */
  expireAccessToken(token: string): void;
  /** Makes a refresh token unusable, as when it was spent elsewhere or its 3 months ran out. */
  spendRefreshToken(token: string): void;
  /** Registers an authorization code for the PKCE flow (valid 10 min, once, with this verifier). */
  issueCode(codeVerifier: string): string;
  /** The next calls to this path answer this error inside HTTP 200. */
  fail(path: string, fault: ZaloFault, times?: number): void;
  /** Records a user interaction now (the stand-in's reply window starts from it). */
  interact(userId: string): void;
  /** Messages the OA sent, oldest first; for one user when given. */
  sent(userId?: string): ZaloSent[];
  /** Serves bytes as Zalo's CDN does for a user's image or file; returns the URL an event carries. */
  addCdnFile(name: string, bytes: Buffer, contentType: string): string;
  /** A signed webhook delivery: the exact bytes to post and the signature header. */
  signedEvent(event: Record<string, unknown>): { rawBody: string; headers: Record<string, string> };
  close(): Promise<void>;
}

const ACCESS_TOKEN_SECONDS = 90_000;
const WINDOW_MS = 7 * 24 * 3600 * 1000;
const TEXT_LIMIT = 2000;

/**
 * Zalo's OAuth v4 token endpoint and the OA Open API v3 send/upload endpoints on loopback, with
 * Zalo's rules: single-use rotating refresh tokens, the bare `access_token` header, errors as
 * negative codes inside HTTP 200 envelopes (-216 unknown token, -220 expired, -230 outside the
 * 7-day window, -201 text over 2000 characters), and a driver that signs webhook events.
 */
export async function startZaloOaStandin(options: ZaloOaStandinOptions = {}): Promise<ZaloOaStandin> {
  const appId = options.appId ?? "1234567890123456789";
  const appSecret = options.appSecret ?? "standin-app-secret";
  const oaSecretKey = options.oaSecretKey ?? "TEST_OA_SECRET";
  const oaId = options.oaId ?? "4510000000000000003";
  const clock = options.clock ?? systemClock;
  const accessTokens = new Map<string, number>(); // token → expiry (ms)
  const refreshTokens = new Map<string, "live" | "spent">();
  const codes = new Map<string, { challenge: string; expiresAt: number }>();
  const interactions = new Map<string, number>();
  const uploads = new Map<string, { name: string; bytes: Buffer }>();
  const messages: ZaloSent[] = [];
  const cdn = new Map<string, { bytes: Buffer; contentType: string }>();
  const calls: ZaloCall[] = [];
  const consents: Record<string, string>[] = [];
  const faults = createFaultQueue<ZaloFault>();
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}${(++sequence).toString(16).padStart(16, "0")}`;

  function mintTokens() {
    const accessToken = `AT-${randomBytes(12).toString("hex")}`;
    const refreshToken = `RT-${randomBytes(12).toString("hex")}`;
    accessTokens.set(accessToken, clock.now().getTime() + ACCESS_TOKEN_SECONDS * 1000);
    refreshTokens.set(refreshToken, "live");
    return { accessToken, refreshToken };
  }

  const http = await startHttpStandin("Zalo OA", async (req, res, body) => {
    const url = new URL(req.url ?? "/", "http://standin");
    let parsed: ReturnType<typeof parseBody>;
    try {
      parsed = parseBody(req.headers["content-type"], body);
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      return sendJson(res, 200, { error: -201, message: error.message });
    }
    const fields: Record<string, unknown> = { ...parsed.fields };
    const data = url.searchParams.get("data");
    if (data) fields.data = JSON.parse(data);
    const call: ZaloCall = {
      path: url.pathname,
      headers: { access_token: header(req, "access_token"), secret_key: header(req, "secret_key") },
      fields,
      files: parsed.files,
      error: 0,
    };
    calls.push(call);
    const answer = (envelope: Record<string, unknown>) => {
      call.error = typeof envelope.error === "number" ? envelope.error : 0;
      sendJson(res, 200, envelope);
    };
    if (req.method === "POST" && url.pathname === "/v4/oa/access_token") return answer(oauth(req, fields));
    if (req.method === "GET" && url.pathname === "/v4/oa/permission") return permission(url, res);
    const cdnFile = req.method === "GET" && url.pathname.startsWith("/cdn/") ? cdn.get(url.pathname) : undefined;
    if (cdnFile) return void res.writeHead(200, { "content-type": cdnFile.contentType }).end(cdnFile.bytes);
    const route = API[`${req.method} ${url.pathname}`];
    if (!route) return sendJson(res, 404, { error: 404, message: "Not Found" });
    const fault = faults.take(url.pathname);
    if (fault) return answer({ error: fault.error, message: fault.message });
    const token = call.headers.access_token;
    const expiry = token ? accessTokens.get(token) : undefined;
    if (expiry === undefined) return answer({ error: -216, message: "Access token is invalid" });
    if (expiry <= clock.now().getTime()) return answer({ error: -220, message: "access_token is expired or removed" });
    return answer(route(fields, parsed.files, res));
  });

  function oauth(req: IncomingMessage, fields: Record<string, unknown>): Record<string, unknown> {
    const refuse = (error: number, reason: string) => ({ error, error_name: "Invalid parameter", error_reason: reason, ref_doc: "" });
    if (header(req, "secret_key") !== appSecret) return refuse(-14001, "Invalid secret key");
    if (fields.app_id !== appId) return refuse(-14001, "Invalid app id");
    if (fields.grant_type === "refresh_token") {
      const token = String(fields.refresh_token ?? "");
      if (refreshTokens.get(token) !== "live") return refuse(-14014, "Invalid refresh token");
      refreshTokens.set(token, "spent");
    } else if (fields.grant_type === "authorization_code") {
      const code = codes.get(String(fields.code ?? ""));
      codes.delete(String(fields.code ?? ""));
      if (!code || code.expiresAt <= clock.now().getTime()) return refuse(-14002, "Invalid authorization code");
      const challenge = createHash("sha256")
        .update(String(fields.code_verifier ?? ""))
        .digest("base64url");
      if (challenge !== code.challenge) return refuse(-14002, "Invalid code verifier");
    } else return refuse(-14001, "Invalid grant type");
    const pair = mintTokens();
    // As documented: flat, and expires_in is a string.
    return { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: String(ACCESS_TOKEN_SECONDS) };
  }

  /**
   * The consent page, as if the OA's admin pressed Allow at once: a code bound to the link's
   * code_challenge, and a redirect to the callback with the code, the OA id and the state as given.
   */
  function permission(url: URL, res: ServerResponse) {
    const query = Object.fromEntries(url.searchParams);
    consents.push(query);
    const redirect = URL.canParse(query.redirect_uri ?? "") ? new URL(query.redirect_uri ?? "") : null;
    if (query.app_id !== appId || !redirect || !query.code_challenge)
      return sendJson(res, 400, { error: -14003, message: "Invalid request" });
    const code = `code-${randomBytes(8).toString("hex")}`;
    codes.set(code, { challenge: query.code_challenge, expiresAt: clock.now().getTime() + 600_000 });
    redirect.searchParams.set("code", code);
    redirect.searchParams.set("oa_id", oaId);
    if (query.state !== undefined) redirect.searchParams.set("state", query.state);
    res.writeHead(302, { location: redirect.toString() }).end();
  }

  type Route = (fields: Record<string, unknown>, files: Record<string, UploadedFile>, res: ServerResponse) => Record<string, unknown>;
  const API: Record<string, Route> = {
    "POST /v3.0/oa/message/cs": (fields) => {
      const recipient = fields.recipient as { user_id?: unknown } | undefined;
      const message = fields.message as Record<string, unknown> | undefined;
      const userId = typeof recipient?.user_id === "string" ? recipient.user_id : undefined;
      if (!userId || !message) return { error: -201, message: "recipient or message is invalid" };
      const last = interactions.get(userId);
      if (last === undefined || clock.now().getTime() - last > WINDOW_MS)
        return { error: -230, message: "User has not interacted with the OA in the last 7 days" };
      const sent = readMessage(userId, message);
      if ("error" in sent) return sent;
      messages.push(sent);
      return {
        error: 0,
        message: "Success",
        data: { message_id: sent.messageId, user_id: userId, sent_time: String(clock.now().getTime()) },
      };
    },
    "POST /v2.0/oa/upload/image": (_fields, files) => upload(files, "attachment_id"),
    "POST /v2.0/oa/upload/file": (_fields, files) => upload(files, "token"),
    "GET /v3.0/oa/user/detail": (fields) => {
      const userId = (fields.data as { user_id?: unknown } | undefined)?.user_id;
      if (typeof userId !== "string") return { error: -201, message: "user_id is invalid" };
      return { error: 0, message: "Success", data: { user_id: userId, display_name: "Khách Zalo", user_is_follower: true } };
    },
  };

  function upload(files: Record<string, UploadedFile>, idField: "attachment_id" | "token"): Record<string, unknown> {
    const file = files.file;
    if (!file) return { error: -201, message: "file is invalid" };
    const id = nextId(idField === "token" ? "ftok" : "att");
    uploads.set(id, { name: file.filename, bytes: file.bytes });
    return { error: 0, message: "Success", data: { [idField]: id } };
  }

  function readMessage(userId: string, message: Record<string, unknown>): ZaloSent | { error: number; message: string } {
    const sent: ZaloSent = { userId, messageId: nextId("m") };
    if (typeof message.text === "string") {
      if (message.text.normalize("NFC").length > TEXT_LIMIT) return { error: -201, message: "text is invalid: longer than 2000" };
      sent.text = message.text;
    }
    const attachment = message.attachment as { type?: string; payload?: Record<string, unknown> } | undefined;
    const payload = attachment?.payload;
    if (attachment?.type === "template" && payload) {
      if (Array.isArray(payload.buttons)) sent.buttons = payload.buttons as ZaloSent["buttons"];
      const elements = Array.isArray(payload.elements) ? (payload.elements as Record<string, unknown>[]) : [];
      if (payload.template_type === "request_user_info") {
        const element = elements[0];
        if (elements.length !== 1 || typeof element?.title !== "string") return { error: -201, message: "elements is invalid" };
        sent.requestUserInfo = { title: element.title, ...(typeof element.subtitle === "string" ? { subtitle: element.subtitle } : {}) };
      } else if (payload.template_type === "media") {
        const id = String(elements[0]?.attachment_id ?? "");
        const stored = uploads.get(id);
        if (!stored) return { error: -100, message: "attachment_id is expired or invalid" };
        sent.image = { attachmentId: id, ...stored };
      }
    } else if (attachment?.type === "file") {
      const token = String(payload?.token ?? "");
      const stored = uploads.get(token);
      if (!stored) return { error: -201, message: "token is invalid" };
      sent.file = { token, ...stored };
    }
    if (sent.text === undefined && !sent.image && !sent.file && !sent.requestUserInfo)
      return { error: -201, message: "message is invalid" };
    return sent;
  }

  return {
    origin: http.origin,
    appId,
    appSecret,
    oaSecretKey,
    oaId,
    calls,
    consents,
    callsTo: (path) => calls.filter((c) => c.path === path),
    mintTokens,
    expireAccessToken: (token) => accessTokens.set(token, clock.now().getTime()),
    spendRefreshToken: (token) => refreshTokens.set(token, "spent"),
    issueCode(codeVerifier) {
      const code = `code-${randomBytes(8).toString("hex")}`;
      codes.set(code, {
        challenge: createHash("sha256").update(codeVerifier).digest("base64url"),
        expiresAt: clock.now().getTime() + 600_000,
      });
      return code;
    },
    fail: (path, fault, times = 1) => faults.add(path, fault, times),
    addCdnFile(name, bytes, contentType) {
      cdn.set(`/cdn/${name}`, { bytes, contentType });
      return `${http.origin}/cdn/${name}`;
    },
    interact: (userId) => interactions.set(userId, clock.now().getTime()),
    sent: (userId) => messages.filter((m) => userId === undefined || m.userId === userId),
    signedEvent(event) {
      const rawBody = JSON.stringify(event);
      const timestamp = String(event.timestamp ?? "");
      const userId = (event.sender as { id?: string } | undefined)?.id ?? (event.follower as { id?: string } | undefined)?.id;
      // A user's event is an interaction: their reply window starts again.
      if (userId && String(event.event_name ?? "").match(/^(user_|follow)/))
        interactions.set(userId, Number(timestamp) || clock.now().getTime());
      return {
        rawBody,
        headers: {
          "content-type": "application/json",
          "x-zevent-signature": zaloEventSignature({ appId, rawBody, timestamp, oaSecretKey }),
        },
      };
    },
    close: () => http.close(),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
