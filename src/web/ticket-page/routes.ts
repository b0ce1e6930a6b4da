import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { asLanguage, isLanguage, type Language } from "../../kernel/language.js";
import type { StoredFile } from "../../kernel/stored-file.js";
import { departmentName } from "../../policy/names.js";
import { lang, text } from "../../server/input.js";
import { type LinkedTicket, takesAnswers } from "../../tickets/index.js";
import type { WebContext } from "../context.js";
import { fileLinkExpiry, signedFilePath } from "../file-links.js";
import { PAGE_SECURITY } from "../http.js";
import { numberOfSignedId, verifySignedTicketId } from "../ticket-links.js";
import { renderErased, renderNotFound, renderTicketPage } from "./render.js";

/** What a redirect may announce: codes only, so nothing from the URL is ever echoed into the page. */
const FLASHES = new Set([
  "answered",
  "reopened",
  "rated",
  "empty",
  "too_long",
  "wrong_status",
  "reopen_window_passed",
  "already_rated",
  "not_resolved",
  "no_open_ticket",
  "invalid_stars",
  "privacy_sent_channel",
  "privacy_sent_email",
  "privacy_no_email",
  "privacy_no_chat",
  "privacy_erased",
  "privacy_wrong",
  "privacy_expired",
  "privacy_locked",
  "privacy_no_request",
  "privacy_export_ready",
  "privacy_verified",
  "privacy_too_often",
]);

/** Codes a ticket's page may have sent in an hour: whoever holds the link cannot flood the customer's chat or mailbox. */
const CODES_PER_HOUR = 3;
const HOUR_MS = 60 * 60 * 1000;

/**
 * `/t/<signed id>`: the customer's written record of a ticket (R3.3), readable whatever happens to
 * the channel it came from; the customer answers, reopens and rates here through the same use cases.
 * The signed id is the capability: a wrong or revoked one is a plain 404.
 */
export function ticketPageRoutes(server: FastifyInstance, ctx: WebContext): void {
  server.register(async (untyped) => {
    const scope = untyped.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 16_384 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    const find = async (request: FastifyRequest): Promise<LinkedTicket | null> => {
      const signed = (request.params as { signed: string }).signed;
      const number = numberOfSignedId(signed);
      if (number === null) return null;
      const ticket = await ctx.tickets.linkedTicket(number);
      return ticket && verifySignedTicketId(ctx.secret, signed, ticket) ? ticket : null;
    };
    const languageFor = (request: FastifyRequest, ticket: LinkedTicket | null): Language => {
      const query = (request.query as { lang?: string }).lang;
      if (isLanguage(query)) return query;
      return ticket ? asLanguage(ticket.language) : ctx.defaultLanguage;
    };
    const html = (reply: FastifyReply, code: number, body: string) =>
      reply.code(code).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
    const notFound = (request: FastifyRequest, reply: FastifyReply) => html(reply, 404, renderNotFound(ctx.t, languageFor(request, null)));
    const back = (request: FastifyRequest, reply: FastifyReply, flash: string) => {
      const { signed } = request.params as { signed: string };
      const lang = (request.query as { lang?: string }).lang;
      return reply
        .code(303)
        .header("location", `/t/${signed}?flash=${flash}${isLanguage(lang) ? `&lang=${lang}` : ""}`)
        .send();
    };

    /** The page as it is now; a confirmed copy's links are given only in the answer to its code. */
    const showPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      ticket: LinkedTicket,
      extra: { flash?: string; copy?: { files: StoredFile[]; keptUntil: Date } } = {},
    ) => {
      const language = languageFor(request, ticket);
      const page = await ctx.tickets.customerPage(ticket);
      const flashCode = extra.flash ?? (request.query as { flash?: string }).flash;
      return html(
        reply,
        200,
        renderTicketPage(ctx.t, {
          language,
          timeZone: ctx.policy.company.timeZone,
          company: ctx.policy.company.name[language],
          number: ticket.number,
          status: ticket.status,
          departmentName: departmentName(ctx.policy, ticket.departmentId, language),
          ...page,
          // Relative signed links: the page and the files are served by this same server.
          copy: extra.copy
            ? {
                keptUntil: extra.copy.keptUntil,
                links: extra.copy.files.map((file) => ({
                  name: file.name,
                  url: signedFilePath(ctx.secret, file, fileLinkExpiry(ctx.clock.now())),
                })),
              }
            : null,
          requestDays: ctx.policy.privacy.requestDays,
          flash: flashCode && FLASHES.has(flashCode) ? ctx.t.t(language, `web:flash.${flashCode}`) : null,
          action: `/t/${(request.params as { signed: string }).signed}`,
        }),
      );
    };

    scope.get("/t/:signed", { ...PAGE_SECURITY, schema: { params: signedParams, querystring: pageQuery } }, async (request, reply) => {
      const ticket = await find(request);
      if (!ticket) return notFound(request, reply);
      return showPage(request, reply, ticket);
    });

    scope.post(
      "/t/:signed/answer",
      { schema: { params: signedParams, querystring: pageQuery, body: answerBody } },
      async (request, reply) => {
        const ticket = await find(request);
        if (!ticket) return notFound(request, reply);
        const text = request.body.text.trim();
        if (text === "") return back(request, reply, "empty");
        if (text.length > MAX_ANSWER) return back(request, reply, "too_long");
        // Messages attach to the customer's active request: only answer from that request's own page.
        if (!takesAnswers(ticket)) return back(request, reply, "wrong_status");
        const result = await ctx.tickets.addCustomerMessage({ customerId: ticket.customerId, channel: "ticket_page", text });
        return back(request, reply, result.ok ? "answered" : result.code);
      },
    );

    scope.post("/t/:signed/reopen", { schema: { params: signedParams, querystring: pageQuery } }, async (request, reply) => {
      const ticket = await find(request);
      if (!ticket) return notFound(request, reply);
      const result = await ctx.tickets.reopen(ticket.customerId, ticket.id);
      return back(request, reply, result.ok ? "reopened" : result.code);
    });

    // Decree 13/2023 from the page: the link alone is not enough, the code goes to the customer's chat or email.
    scope.post(
      "/t/:signed/privacy",
      { schema: { params: signedParams, querystring: pageQuery, body: privacyBody } },
      async (request, reply) => {
        const ticket = await find(request);
        if (!ticket) return notFound(request, reply);
        const asked = await ctx.counters.hit("privacy-code-page", ticket.id, HOUR_MS);
        if (asked.hits > CODES_PER_HOUR) return back(request, reply, "privacy_too_often");
        const sent = await ctx.tickets.requestPrivacyCodeForTicket({
          ticketId: ticket.id,
          kind: request.body.kind,
          via: request.body.via,
          language: languageFor(request, ticket),
        });
        if (!sent.ok) return sent.code === "unknown_ticket" ? notFound(request, reply) : back(request, reply, `privacy_${sent.code}`);
        return back(request, reply, `privacy_sent_${sent.value.via}`);
      },
    );

    scope.post(
      "/t/:signed/privacy/code",
      { schema: { params: signedParams, querystring: pageQuery, body: codeBody } },
      async (request, reply) => {
        const ticket = await find(request);
        if (!ticket) return notFound(request, reply);
        const done = await ctx.tickets.confirmPrivacyCode({ customerId: ticket.customerId, code: request.body.code.replace(/\s+/g, "") });
        if (!done.ok) return back(request, reply, `privacy_${done.code}`);
        if (done.value.kind === "export") {
          // Shown here only, not on the page afterwards: the copy holds every request of the customer,
          // more than this one ticket's link should open.
          const keptUntil = new Date(ctx.clock.now().getTime() + ctx.policy.privacy.exportDays * 24 * 60 * 60 * 1000);
          return showPage(request, reply, ticket, { flash: "privacy_export_ready", copy: { files: done.value.files, keptUntil } });
        }
        if (done.value.kind === "verify") return back(request, reply, "privacy_verified");
        // The ticket's link was rotated with the data: this answer is the last thing it shows.
        return html(reply, 200, renderErased(ctx.t, languageFor(request, ticket), done.value.tickets));
      },
    );

    scope.post("/t/:signed/rate", { schema: { params: signedParams, querystring: pageQuery, body: rateBody } }, async (request, reply) => {
      const ticket = await find(request);
      if (!ticket) return notFound(request, reply);
      const stars = Number(request.body.stars);
      const result = await ctx.tickets.rate(ticket.customerId, ticket.id, stars);
      return back(request, reply, result.ok ? "rated" : result.code);
    });
  });
}

/** What the page's forms send. An answer over MAX_ANSWER is told "too long" on the page; far beyond it, a 400. */
const MAX_ANSWER = 4000;
/** Any printable id: a wrong one is the page's own 404 (the signed id is checked against the ticket). */
const signedParams = z.object({ signed: z.string().regex(/^[\x21-\x7e]{1,100}$/) });
const pageQuery = z.object({ lang, flash: z.string().max(40).optional() });
const answerBody = z.object({ text: text(4 * MAX_ANSWER).default("") }).prefault({});
/** Stars outside 1–5 are the use case's refusal, shown on the page; a number is a string in a form. */
const privacyBody = z.object({ kind: z.enum(["export", "erase"]), via: z.enum(["channel", "email"]).default("channel") });
/** Six digits as typed (spaces allowed); anything else is a wrong code, counted like one. */
const codeBody = z.object({ code: text(20).default("") }).prefault({});
const rateBody = z.object({ stars: z.union([z.number(), z.string().max(10)]).default("") }).prefault({});
