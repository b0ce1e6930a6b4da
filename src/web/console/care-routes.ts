import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { departmentName } from "../../policy/names.js";
import { lang as langField, text } from "../../server/input.js";
import type { WebContext } from "../context.js";
import { languageOf, sendRefusal } from "../http.js";
import { sessionOf } from "./guard.js";
import { withDepartment } from "./present.js";

/** Customer care's overview (R1.5), search with customer history, and the dashboard. */
export function careRoutes(untyped: FastifyInstance, ctx: WebContext): void {
  const scope = untyped.withTypeProvider<ZodTypeProvider>();
  const lang = (request: FastifyRequest) => languageOf(request, ctx.defaultLanguage);

  scope.get("/console/api/care", async (request, reply) => {
    const overview = await ctx.tickets.careOverview(sessionOf(request).staffId);
    if (!overview.ok) return sendRefusal(reply, ctx.t, lang(request), overview);
    const named = withDepartment(ctx, lang(request));
    const { approvals, satisfaction, all } = overview.value;
    return { ok: true, approvals: approvals.map(named), satisfaction: satisfaction.map(named), all: all.map(named) };
  });

  scope.get("/console/api/search", { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { q } = request.query;
    const language = lang(request);
    const hits = await ctx.tickets.search(sessionOf(request).staffId, q);
    if (!hits.ok) return sendRefusal(reply, ctx.t, language, hits);
    const named = withDepartment(ctx, language);
    return {
      ok: true,
      results: hits.value.map(({ earlier, ...hit }) => ({
        ...named(hit),
        earlier: earlier.map(({ departmentId, ...e }) => ({ ...e, department: departmentName(ctx.policy, departmentId, language) })),
      })),
    };
  });

  /** Customer care's list of personal-data requests (Decree 13/2023): what was asked, by whom, when, what was done. */
  scope.get("/console/api/privacy-requests", async (request, reply) => {
    const requests = await ctx.tickets.privacyRequests(sessionOf(request).staffId);
    if (!requests.ok) return sendRefusal(reply, ctx.t, lang(request), requests);
    return { ok: true, requests: requests.value };
  });

  scope.get("/console/api/dashboard", async (request, reply) => {
    const language = lang(request);
    const numbers = await ctx.tickets.dashboard(sessionOf(request).staffId);
    if (!numbers.ok) return sendRefusal(reply, ctx.t, language, numbers);
    const { perDepartment, ...rest } = numbers.value;
    return {
      ok: true,
      ...rest,
      perDepartment: perDepartment.map(({ departmentId, ...counts }) => ({
        id: departmentId,
        name: departmentName(ctx.policy, departmentId, language),
        ...counts,
      })),
    };
  });
}

const searchQuery = z.object({ q: text(200).default(""), lang: langField });
