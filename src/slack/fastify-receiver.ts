import type { App, Receiver } from "@slack/bolt";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { InboundLog } from "../inbound/inbound-log.js";
import type { Clock } from "../kernel/clock.js";
import type { Logger } from "../kernel/logger.js";
import { problemsOf } from "../server/input.js";
import { acceptInbound } from "../server/server.js";
import { eventCallbackSchema, interactionSchema } from "./payloads.js";
import { checkSlackSignature } from "./signature.js";

export const SLACK_EVENTS_PATH = "/slack/events";
/** Slack wants its answer within 3 s: the answer leaves by then even if a listener is still working. */
export const ACK_BUDGET_MS = 2_500;

/**
 * Bolt on our Fastify server: `POST /slack/events` checks Slack's signature over the raw body,
 * answers url_verification, records Events API callbacks in the inbound log (deduplicated by
 * event_id; processed after the 200 through `dispatchEvent`), and hands interactivity to Bolt with
 * an ack whose body becomes the HTTP answer (view submissions' `response_action: errors`).
 */
export class FastifyReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly deps: { signingSecret: string; inbound: InboundLog; clock: Clock; logger: Logger; ackBudgetMs?: number }) {}

  init(app: App): void {
    this.app = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Runs a recorded Events API callback through Bolt's listeners; throws (for a retry) when a listener fails. */
  async dispatchEvent(body: Record<string, unknown>): Promise<void> {
    await this.bolt().processEvent({ body, ack: async () => {} });
  }

  routes(server: FastifyInstance): void {
    server.register(async (scope) => {
      // The signature covers the exact bytes: keep the raw body for this route only.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
      scope.post(SLACK_EVENTS_PATH, (request, reply) => this.handle(request, reply));
    });
  }

  private bolt(): App {
    if (!this.app) throw new Error("the Slack receiver was not initialised by Bolt");
    return this.app;
  }

  private async handle(request: FastifyRequest, reply: FastifyReply) {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const check = checkSlackSignature({
      signingSecret: this.deps.signingSecret,
      rawBody,
      timestamp: header("x-slack-request-timestamp"),
      signature: header("x-slack-signature"),
      nowMs: this.deps.clock.now().getTime(),
    });
    if (check !== "ok") {
      request.log.warn({ check }, "Slack request refused: signature");
      return reply.code(401).send({ ok: false, error: "invalid_signature" });
    }
    const body = parseBody(header("content-type"), rawBody);
    if (!body) return reply.code(400).send({ ok: false, error: "bad_request" });
    if (body.ssl_check !== undefined) return reply.code(200).send();
    if (body.type === "url_verification") return reply.code(200).send({ challenge: body.challenge });
    if (body.type === "event_callback") {
      const event = eventCallbackSchema.safeParse(body);
      if (!event.success) return malformed(request, reply, event.error);
      return acceptInbound(this.deps.inbound, reply, { source: "slack", dedupKey: event.data.event_id, payload: body });
    }
    const interaction = interactionSchema.safeParse(body);
    if (!interaction.success) return malformed(request, reply, interaction.error);
    return this.interact(body, request, reply);
  }

  /** Interactivity: answered with the ack's body once the listener is done, or when the budget runs out. */
  private async interact(body: Record<string, unknown>, request: FastifyRequest, reply: FastifyReply) {
    let acked = false;
    let response: unknown;
    const ack = async (answer?: unknown) => {
      if (acked) return;
      acked = true;
      response = answer;
    };
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), this.deps.ackBudgetMs ?? ACK_BUDGET_MS);
    });
    const work = this.bolt()
      .processEvent({ body, ack })
      .then(
        () => "done" as const,
        (error: unknown) => {
          request.log.error({ err: error }, "Slack interaction failed");
          return "failed" as const;
        },
      );
    const outcome = await Promise.race([work, budget]);
    clearTimeout(timer);
    if (!acked && outcome === "failed") return reply.code(500).send();
    if (response === undefined) return reply.code(200).send();
    if (typeof response === "string") return reply.code(200).type("text/plain").send(response);
    return reply.code(200).send(response);
  }
}

/** A signed request of a shape Slack does not send: 400 with the fields, one log line. */
function malformed(request: FastifyRequest, reply: FastifyReply, error: z.ZodError) {
  const problems = problemsOf(error.issues, "body");
  request.log.warn({ problems }, "Slack request refused: unexpected shape");
  return reply.code(400).send({ ok: false, error: "invalid_request", problems });
}

/** JSON (Events API) or a form (interactivity: `payload=<JSON>`; commands); anything else is refused. */
export function parseBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  try {
    if (type === "application/json") {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    }
    if (type === "application/x-www-form-urlencoded") {
      const form = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
      if (typeof form.payload !== "string") return form;
      const payload: unknown = JSON.parse(form.payload);
      return payload !== null && typeof payload === "object" ? (payload as Record<string, unknown>) : null;
    }
  } catch {
    return null;
  }
  return null;
}
