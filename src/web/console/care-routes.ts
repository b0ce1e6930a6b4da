import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { departmentName } from "../../policy/names.js";
import { lang as langField, text } from "../../server/input.js";
import type { Dashboard } from "../../tickets/index.js";
import type { WebContext } from "../context.js";
import { languageOf, sendRefusal } from "../http.js";
import { dashboardCsv } from "./dashboard-csv.js";
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
  /** The period a dashboard covers: 7, 30 (the default) or 90 days. */
  const period = z.object({ days: z.enum(["7", "30", "90"]).default("30") });
  /** The reader's dashboard for the asked period; undefined once a refusal (bad period, scope) is sent. */
  const dashboardOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Dashboard | undefined> => {
    const days = (request.query as { days?: unknown }).days;
    const parsed = period.safeParse({ days });
    if (!parsed.success) {
      request.log.warn({ days }, "dashboard: bad period");
      await sendRefusal(reply, ctx.t, lang(request), { code: "bad_request", details: { fields: ["days"] } });
      return undefined;
    }
    const numbers = await ctx.tickets.dashboard(sessionOf(request).staffId, Number(parsed.data.days));
    if (numbers.ok) return numbers.value;
    await sendRefusal(reply, ctx.t, lang(request), numbers);
    return undefined;
  };

  scope.get("/console/api/dashboard", async (request, reply) => {
    const language = lang(request);
    const numbers = await dashboardOf(request, reply);
    if (!numbers) return reply;
    const { perDepartment, ...rest } = numbers;
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

  scope.get("/console/api/dashboard.csv", async (request, reply) => {
    const language = lang(request);
    const numbers = await dashboardOf(request, reply);
    if (!numbers) return reply;
    const header = ["date", "department", "opened", "resolved", "breached", "firstResponse", "resolution", "ratings", "averageRating"].map(
      (key) => ctx.t.t(language, `web:console.csv.${key}`),
    );
    const csv = dashboardCsv(numbers, (id) => departmentName(ctx.policy, id, language), header);
    const today = numbers.daily.at(-1)?.date ?? "";
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="hotro-dashboard-${numbers.days}d-${today}.csv"`)
      .send(csv);
  });
}

const searchQuery = z.object({ q: text(200).default(""), lang: langField });
