import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "./env.js";

/** Where the generated secret is kept when APP_SECRET is not set. */
export const appSecretFile = (dataDir: string) => path.resolve(dataDir, "app-secret");

const cache = new Map<string, string>();

/**
 * The key that signs ticket links: APP_SECRET when set; otherwise one generated at the first start
 * and kept in DATA_DIR (mode 0600), so links keep working across restarts. Synchronous on purpose:
 * it is read once at start and cached, and any adapter can build a link without awaiting.
 */
export function loadAppSecret(env: Pick<Env, "APP_SECRET" | "DATA_DIR">): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  const file = appSecretFile(env.DATA_DIR);
  const cached = cache.get(file);
  if (cached) return cached;
  const secret = readOrCreate(file);
  cache.set(file, secret);
  return secret;
}

/** A new random secret, as APP_SECRET would be. */
export const generatedSecret = () => randomBytes(32).toString("base64url");

function readOrCreate(file: string): string {
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = generatedSecret();
  // "wx": two processes starting at once never overwrite each other's secret.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}
