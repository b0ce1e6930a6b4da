/** The console's session cookie: the random value whose hash keys the session row (infra/sessions.ts). */

export const SESSION_COOKIE = "hotro_console";

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A malformed cookie is no session (401), never a server error.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds?: number }): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, "Path=/console", "HttpOnly", "SameSite=Strict"];
  if (options.secure) attributes.push("Secure");
  if (options.maxAgeSeconds !== undefined) attributes.push(`Max-Age=${options.maxAgeSeconds}`);
  return attributes.join("; ");
}
