import fc from "fast-check";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAppSecret } from "../../src/config/app-secret.js";
import { signedTicketId } from "../../src/web/ticket-links.js";
import { SECRET as TELEGRAM_SECRET, type TelegramHarness, telegramHarness } from "../channels/telegram/harness.js";
import { type Visitor, webchatHarness } from "../channels/webchat/harness.js";
import { SIGNING_SECRET, type SlackHarness, slackHarness } from "../slack/harness.js";
import { signSlackRequest } from "../standins/slack-signing.js";
import { type WebHarness, webHarness } from "../web/web-harness.js";

/**
 * Generated bad requests, route by route: wrong types, numbers beyond their columns, repeated
 * parameters, NUL, lone surrogates and bidi controls, missing fields, oversized bodies. Whatever
 * comes in, the answer is never a 5xx, and the server is healthy afterwards. `FUZZ_RUNS` sets how
 * many requests per route (the reliability run sets thousands).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** Hundreds of requests per test on a shared machine: time enough for them, whatever FUZZ_RUNS says. */
const TIMEOUT = 120_000 + RUNS * 3 * 500;
/** The fuzzing client: the general per-client ceiling may answer it 429, never the check afterwards. */
const FUZZER = "198.51.100.7";

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\uD800",
    "x\uDC00y",
    "\u202Efdp.exe",
    "a\u2066b\u2069",
    "2147483648",
    "999999999999",
    "-1",
    "1e309",
    "NaN",
    "",
    "   ",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "rate:999999999999:5",
    "x".repeat(10_001),
    "x".repeat(40_000),
  ),
);
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  fc.integer(),
  fc.constantFrom(2_147_483_648, -1, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), nastyString, { maxKeys: 3 }),
);

/** Percent-encoding that also writes what encodeURIComponent refuses (lone surrogates: invalid UTF-8 bytes). */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((c) => (c.length === 1 && /[\uD800-\uDFFF]/.test(c) ? "%ED%A0%80" : encodeURIComponent(c))).join("");
  }
};

/** A query string over the route's own keys (and strangers), values repeated or missing, raw bad escapes too. */
const query = (keys: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...keys, "x"),
        fc.oneof({ weight: 5, arbitrary: nastyString.map(encode) }, fc.constantFrom("%", "%E0%A4%A", "%00", "%FF")),
      ),
      {
        maxLength: 6,
      },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

/** A JSON body over the route's fields, each wrong in its own way or missing; sometimes not an object at all. */
const jsonBody = (fields: string[], valid: Record<string, unknown> = {}) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .dictionary(fc.constantFrom(...fields, "extra"), nasty, { maxKeys: fields.length + 1 })
        .map((bad) => ({ ...valid, ...bad })),
    },
    nasty,
    fc.constant("x".repeat(2 * 1024 * 1024)),
  );

async function neverFails(server: FastifyInstance, requests: fc.Arbitrary<InjectOptions>, runs = RUNS) {
  await fc.assert(
    fc.asyncProperty(requests, async (request) => {
      const response = await server.inject({ remoteAddress: FUZZER, ...request });
      expect(response.statusCode, `${request.method} ${String(request.url).slice(0, 200)} → ${response.body.slice(0, 300)}`).toBeLessThan(
        500,
      );
    }),
    { numRuns: runs },
  );
}

const json = (method: "POST", url: string, payload: unknown): InjectOptions => ({
  method,
  url,
  payload: typeof payload === "string" ? JSON.stringify(payload) : JSON.stringify(payload ?? null),
  headers: { "content-type": "application/json" },
});

async function healthy(server: FastifyInstance) {
  expect((await server.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
}

describe("web chat routes under generated bad requests", { timeout: TIMEOUT }, () => {
  let h: Awaited<ReturnType<typeof webchatHarness>>;
  let visitor: Visitor;
  beforeAll(async () => {
    h = await webchatHarness();
    visitor = await h.session();
  });
  afterAll(async () => {
    await h.app.stop();
  });

  it("POST /webchat/session and /webchat/email", async () => {
    await neverFails(
      h.app.server,
      jsonBody(["visitorId", "token"]).map((body) => json("POST", "/webchat/session", body)),
    );
    await neverFails(
      h.app.server,
      jsonBody(["email", "language", "visitorId"], { ...visitor }).map((body) => json("POST", "/webchat/email", body)),
    );
  });

  it("POST /webchat/messages, then the recorded messages are processed and the visitor is still answered", async () => {
    let n = 0;
    await neverFails(
      h.app.server,
      jsonBody(["text", "choice", "clientMessageId", "language"], { ...visitor }).map((body) =>
        json("POST", "/webchat/messages", typeof body === "object" && body !== null ? { clientMessageId: `f${++n}`, ...body } : body),
      ),
    );
    await h.settle();
    expect(await h.db.prisma.inboundEvent.count({ where: { processedAt: null, failedAt: null } })).toBe(0);
    expect((await h.say(visitor, "xin chào")).statusCode).toBe(200);
    expect((await h.fresh(visitor)).length).toBeGreaterThan(0);
  });

  it("GET /webchat/messages and /webchat/stream", async () => {
    const own = `visitorId=${visitor.visitorId}&token=${visitor.token}`;
    await neverFails(
      h.app.server,
      fc
        .tuple(fc.boolean(), query(["visitorId", "token", "after"]))
        .map(([mine, q]) => ({ method: "GET" as const, url: `/webchat/messages?${mine ? `${own}&` : ""}${q}` })),
    );
    // A stream with the visitor's own credentials would stay open: only strangers' here.
    await neverFails(
      h.app.server,
      query(["visitorId", "token", "after"]).map((q) => ({
        method: "GET" as const,
        url: `/webchat/stream?visitorId=v_${"a".repeat(20)}&${q}`,
      })),
    );
    await healthy(h.app.server);
    expect((await h.poll(visitor)).length).toBeGreaterThanOrEqual(0);
  });
});

describe("console, ticket page and file routes under generated bad requests", { timeout: TIMEOUT }, () => {
  let h: WebHarness;
  let session: { cookie: string; csrf: string };
  let ticketId: string;
  let ticketNumber: number;
  beforeAll(async () => {
    h = await webHarness();
    await h.staff("hoa", ["customer_care"]);
    session = await h.signIn("hoa");
    const ticket = await h.openRequest();
    ticketId = ticket.id;
    ticketNumber = ticket.number;
  });
  afterAll(async () => {
    await h.close();
  });
  const signedIn = (request: InjectOptions): InjectOptions => ({
    ...request,
    headers: { ...request.headers, cookie: session.cookie, "x-csrf-token": session.csrf },
  });

  it("sign-in and the first administrator's setup", async () => {
    await neverFails(
      h.app.server,
      jsonBody(["login", "password"]).map((body) => json("POST", "/console/api/sign-in", body)),
    );
    await neverFails(
      h.app.server,
      query(["token", "lang"]).map((q) => ({ method: "GET" as const, url: `/console/api/setup?${q}` })),
    );
    await neverFails(
      h.app.server,
      jsonBody(["token", "login", "name", "password"]).map((body) => json("POST", "/console/api/setup", body)),
    );
  });

  it("search, staff, a ticket and every action on it, signed in", async () => {
    await neverFails(
      h.app.server,
      fc
        .tuple(fc.constantFrom("search", "staff", "queue", "dashboard", "care", "me"), query(["q", "department", "lang"]))
        .map(([path, q]) => signedIn({ method: "GET", url: `/console/api/${path}?${q}` })),
    );
    const id = fc.oneof(fc.constant(ticketId), nastyString.map(encode));
    await neverFails(
      h.app.server,
      id.map((t) => signedIn({ method: "GET", url: `/console/api/tickets/${t || "x"}` })),
    );
    const actions = [
      "claim",
      "unclaim",
      "reply",
      "resolve",
      "hand-back",
      "note",
      "approve",
      "reject",
      "reroute",
      "reassign",
      "revoke-link",
    ];
    await neverFails(
      h.app.server,
      fc
        .tuple(fc.constantFrom(...actions), id, jsonBody(["text", "reason", "department", "staffId"]))
        .map(([action, t, body]) => signedIn(json("POST", `/console/api/tickets/${t || "x"}/${action}`, body))),
    );
    await healthy(h.app.server);
    expect((await h.as(session).get("/console/api/me")).statusCode).toBe(200);
  });

  it("the ticket page and its forms, file links", async () => {
    // The actions above may have revoked the customer's link ("revoke-link"): the page's path as it is now.
    const ticket = await h.app.tickets.linkedTicket(ticketNumber);
    const ticketPath = `/t/${signedTicketId(loadAppSecret(h.env), { number: ticketNumber, accessToken: ticket?.accessToken ?? "" })}`;
    const path = fc.oneof(
      fc.constant(ticketPath),
      nastyString.map((s) => `/t/${encode(s) || "x"}`),
    );
    await neverFails(
      h.app.server,
      fc.tuple(path, query(["lang", "flash"])).map(([p, q]) => ({ method: "GET" as const, url: `${p}?${q}` })),
    );
    await neverFails(
      h.app.server,
      fc
        .tuple(
          path,
          fc.constantFrom("answer", "rate", "reopen", "privacy", "privacy/code"),
          fc.boolean(),
          jsonBody(["text", "stars", "kind", "via", "code"]),
        )
        .map(([p, action, asForm, body]) =>
          asForm && typeof body === "object" && body !== null
            ? {
                method: "POST" as const,
                url: `${p}/${action}`,
                payload: Object.entries(body)
                  .map(([k, v]) => `${encode(k)}=${encode(typeof v === "string" ? v : JSON.stringify(v))}`)
                  .join("&"),
                headers: { "content-type": "application/x-www-form-urlencoded" },
              }
            : json("POST", `${p}/${action}`, body),
        ),
    );
    await neverFails(
      h.app.server,
      fc
        .tuple(nastyString, query(["name", "type", "exp", "sig"]))
        .map(([key, q]) => ({ method: "GET" as const, url: `/files/${encode(key)}?${q}` })),
    );
    await healthy(h.app.server);
    expect((await h.app.server.inject({ method: "GET", url: ticketPath })).statusCode).toBe(200);
  });
});

describe("platform webhooks under generated bad payloads (behind their secret or signature)", { timeout: TIMEOUT }, () => {
  let telegram: TelegramHarness;
  let slack: SlackHarness;
  beforeAll(async () => {
    telegram = await telegramHarness();
    slack = await slackHarness();
  });
  afterAll(async () => {
    await telegram.standin.close();
    await telegram.app.stop();
    await slack.close();
  });

  it("POST /webhooks/telegram with the right secret", async () => {
    const update = fc.oneof(
      jsonBody(["update_id", "message", "callback_query"]),
      fc.record({
        update_id: fc.nat(),
        message: fc.record({ chat: fc.record({ id: fc.integer() }), text: nastyString, message_id: fc.nat() }),
      }),
    );
    await neverFails(
      telegram.app.server,
      update.map((body) => ({
        ...json("POST", "/webhooks/telegram", body),
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TELEGRAM_SECRET },
      })),
    );
    await healthy(telegram.app.server);
  });

  it("POST /slack/events signed: Events API callbacks and interactivity payloads", async () => {
    const at = () => Math.floor(slack.clock.now().getTime() / 1000);
    const signed = (body: string, contentType: string): InjectOptions => ({
      method: "POST",
      url: "/slack/events",
      payload: body,
      headers: { ...signSlackRequest(SIGNING_SECRET, body, at()), "content-type": contentType },
    });
    const interaction = fc.record(
      {
        type: fc.oneof(fc.constantFrom("block_actions", "view_submission", "shortcut"), nastyString),
        team: fc.oneof(fc.constant({ id: "T0TEAM001" }), nasty),
        user: fc.oneof(fc.constant({ id: "U0SALES01" }), nasty),
        actions: fc.oneof(fc.constant([{ action_id: "ticket_claim", value: "x" }]), nasty),
        view: fc.oneof(fc.constant({ id: "V1", type: "modal", private_metadata: "{" }), nasty),
      },
      { requiredKeys: [] },
    );
    await neverFails(
      slack.app.server,
      fc.oneof(
        interaction.map((p) => signed(`payload=${encode(JSON.stringify(p))}`, "application/x-www-form-urlencoded")),
        jsonBody(["type", "event_id", "team_id", "event"], { type: "event_callback" }).map((b) =>
          signed(JSON.stringify(b ?? null), "application/json"),
        ),
      ),
    );
    await healthy(slack.app.server);
  });
});
