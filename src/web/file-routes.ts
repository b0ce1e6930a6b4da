import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { secret } from "../server/input.js";
import type { WebContext } from "./context.js";
import { fileHeaders, storedFilePath, verifyFileLink } from "./file-links.js";

/**
 * GET /files/<key>?name&type&exp&sig: a customer's stored file, for whoever holds a signed link
 * (file-links.ts). 403 for a wrong or expired signature, 404 for a key outside DATA_DIR/files or
 * a file that is gone.
 */
export function fileRoutes(server: FastifyInstance, ctx: Pick<WebContext, "env" | "secret" | "clock">) {
  server
    .withTypeProvider<ZodTypeProvider>()
    .get("/files/*", { schema: { params: fileParams, querystring: fileQuery } }, async (request, reply) => {
      const key = request.params["*"];
      const file = verifyFileLink(ctx.secret, key, request.query, ctx.clock.now());
      if (!file) return reply.code(403).header("cache-control", "no-store").send({ ok: false, error: "bad_signature" });
      const target = storedFilePath(ctx.env.DATA_DIR, file.key);
      const found = target ? await stat(target).catch(() => null) : null;
      if (!target || !found?.isFile()) return reply.code(404).header("cache-control", "no-store").send({ ok: false, error: "not_found" });
      return reply.code(200).headers(fileHeaders(file)).header("content-length", String(found.size)).send(createReadStream(target));
    });
}

/** One value each (a repeated parameter is a 400); a missing one is a link that does not verify (403). */
const fileParams = z.object({ "*": secret(1000).default("") });
const fileQuery = z.object({
  name: secret(500).optional(),
  type: secret(200).optional(),
  exp: secret(20).optional(),
  sig: secret(100).optional(),
});
