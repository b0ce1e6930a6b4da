import { chmod, mkdir, rm } from "node:fs/promises";
import Fastify from "fastify";
import { z } from "zod";
import type { Logger } from "../kernel/logger.js";
import { type AdminRequest, type AdminResponse, adminRequestSchema, adminSocketDirOf, adminSocketPathOf } from "./protocol.js";

/**
 * The local admin endpoint of a server on the embedded database: a Unix socket in DATA_DIR/admin
 * (folder 0700, socket 0600), so admin commands reach the one process that has the data folder open
 * instead of opening it a second time. Only the server's own user can connect; there is no network port.
 */
export async function startAdminServer(options: {
  dataDir: string;
  logger: Logger;
  run(request: AdminRequest): Promise<AdminResponse>;
}): Promise<{ socketPath: string; stop(): Promise<void> }> {
  const { dataDir, logger, run } = options;
  const dir = adminSocketDirOf(dataDir);
  const socketPath = adminSocketPathOf(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  // A socket file left by a server that died; the data folder's lock says it is ours now.
  await rm(socketPath, { force: true });

  const server = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  server.post("/admin", async (request, reply) => {
    const parsed = adminRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      logger.warn({ problems: parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`) }, "admin request refused");
      return reply.code(400).send({ ok: false, error: "invalid_request", details: { problems: z.prettifyError(parsed.error) } });
    }
    // Never the request itself in the log: it may carry a password.
    logger.info({ command: parsed.data.command }, "admin command");
    const answer = await run(parsed.data);
    return reply.code(answer.ok ? 200 : 422).send(answer);
  });
  server.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) logger.error({ err: error }, "admin command failed");
    return reply.code(status).send({ ok: false, error: status >= 500 ? "failed" : "invalid_request", details: { message: error.message } });
  });
  await server.listen({ path: socketPath });
  await chmod(socketPath, 0o600);
  return {
    socketPath,
    async stop() {
      await server.close();
      await rm(socketPath, { force: true });
    },
  };
}
