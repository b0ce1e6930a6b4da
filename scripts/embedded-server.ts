import type { Env } from "../src/config/env.js";

/**
 * Only one process may open an embedded (PGlite) data folder: a second one risks the data and its
 * writes are not seen by the first. A hotro answering on this configuration's port on the embedded
 * database means the folder is taken.
 */
export async function embeddedServerRunning(env: Env): Promise<boolean> {
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  try {
    const response = await fetch(`http://${host.includes(":") ? `[${host}]` : host}:${env.PORT}/healthz`, {
      signal: AbortSignal.timeout(2000),
    });
    const body = (await response.json()) as { database?: { kind?: string } };
    return body.database?.kind === "pglite";
  } catch {
    return false;
  }
}
