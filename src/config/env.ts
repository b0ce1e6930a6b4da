import { isIP } from "node:net";
import { z } from "zod";
import { parsePaceSetting } from "../kernel/pace.js";

/**
 * Every environment variable hotro reads (the README's configuration table), parsed once at start.
 * A channel is on when its token is set; its companion secrets are then required.
 */
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === "" ? undefined : v));
const httpUrl = (name: string) =>
  optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), `${name} must be an http(s) URL`);

const readablePace = (text: string) => {
  const parsed = parsePaceSetting(text);
  return parsed === "off" || !("error" in parsed);
};

/** An optional whole number within bounds; unset means "the default for this database". */
const count = (min: number, max: number) => {
  const problem = `must be a whole number from ${min} to ${max}`;
  return optionalText.pipe(
    z.string().regex(/^\d+$/, problem).transform(Number).pipe(z.number().int().min(min, problem).max(max, problem)).optional(),
  );
};

/**
 * Which proxies in front of hotro may say who the client is (X-Forwarded-For): unset trusts none (the
 * TCP peer is the client); a hop count trusts that many proxies; a list trusts those addresses or
 * CIDR ranges (or proxy-addr's names: loopback, linklocal, uniquelocal).
 */
const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);
const isProxyEntry = (entry: string) => {
  if (proxyNames.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};
const trustProxy = optionalText.pipe(
  z
    .string()
    .optional()
    .transform((v, ctx): number | string[] | false => {
      if (v === undefined) return false;
      if (/^\d+$/.test(v) && Number(v) <= 10) return Number(v);
      const entries = v.split(",").map((e) => e.trim());
      if (entries.every(isProxyEntry)) return entries;
      ctx.addIssue({ code: "custom", message: "must be a hop count (0–10) or a comma-separated list of addresses or CIDR ranges" });
      return z.NEVER;
    }),
);

const envSchema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? "3000" : v))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a port number (1–65535)")
        .transform(Number)
        .pipe(z.number().int().min(1, "must be a port number (1–65535)").max(65535, "must be a port number (1–65535)")),
    ),
  HOST: optionalText.transform((v) => v ?? "0.0.0.0"),
  PUBLIC_URL: httpUrl("PUBLIC_URL"),
  TRUST_PROXY: trustProxy,
  METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(v),
    "must be a postgres:// or postgresql:// URL (leave unset for the embedded database)",
  ),
  DATA_DIR: optionalText.transform((v) => v ?? "./data"),
  /** Embedded database: days the daily backups in DATA_DIR/backups are kept. */
  BACKUP_KEEP_DAYS: count(1, 3650).transform((v) => v ?? 14),
  DATABASE_POOL_SIZE: count(1, 200),
  INBOUND_CONCURRENCY: count(1, 64),
  WORK_LEASE_SECONDS: count(3, 600),
  OUTBOUND_PACE: optionalText.refine((v) => v === undefined || readablePace(v), {
    message: 'must be "off" or channel=perSecond/perDestinationPerSecond/burst, comma-separated',
  }),
  POLICY_FILE: optionalText,
  APP_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: httpUrl("TELEGRAM_API_ROOT").transform((v) => v ?? "https://api.telegram.org"),
  TELEGRAM_WEBHOOK_SECRET: optionalText.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v),
    "must be 1–256 characters of A–Z, a–z, 0–9, _ and - (Telegram's rule)",
  ),
  TELEGRAM_MODE: z.enum(["webhook", "polling"]).default("webhook"),

  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: httpUrl("SLACK_API_URL").transform((v) => v ?? "https://slack.com/api/"),
  SLACK_APP_TOKEN: optionalText,

  ZALO_APP_ID: optionalText,
  ZALO_APP_SECRET: optionalText,
  ZALO_OA_SECRET_KEY: optionalText,
  ZALO_OAUTH_ROOT: httpUrl("ZALO_OAUTH_ROOT").transform((v) => v ?? "https://oauth.zaloapp.com"),
  ZALO_API_ROOT: httpUrl("ZALO_API_ROOT").transform((v) => v ?? "https://openapi.zalo.me"),

  ZALO_BOT_TOKEN: optionalText,
  ZALO_BOT_API_ROOT: httpUrl("ZALO_BOT_API_ROOT").transform((v) => v ?? "https://bot-api.zaloplatforms.com"),
  ZALO_BOT_WEBHOOK_SECRET: optionalText,
  ZALO_BOT_MODE: z.enum(["webhook", "polling"]).default("webhook"),

  EMAIL_IMAP_URL: optionalText.refine((v) => v === undefined || /^imaps?:\/\//.test(v), "must be an imap:// or imaps:// URL"),
  EMAIL_SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\//.test(v), "must be an smtp:// or smtps:// URL"),
  EMAIL_FROM: optionalText.refine((v) => v === undefined || z.email().safeParse(v).success, "must be an email address"),
  /** Where a mail goes once it is stored; unset, it stays in the mailbox's folder, flagged as read. */
  EMAIL_DONE_FOLDER: optionalText,
  /** How often the mailbox is checked when IDLE brings nothing (or the server has no IDLE). */
  EMAIL_POLL_SECONDS: count(5, 3600),
});

/** Companion secrets: checked on the raw values so they are reported together with every other problem. */
const companions: { when: (env: Raw) => boolean; because: string; names: string[] }[] = [
  {
    when: (e) => set(e.TELEGRAM_BOT_TOKEN) && (e.TELEGRAM_MODE ?? "webhook") === "webhook",
    because: "TELEGRAM_BOT_TOKEN is set in webhook mode",
    names: ["TELEGRAM_WEBHOOK_SECRET"],
  },
  {
    when: (e) => set(e.SLACK_BOT_TOKEN) && !set(e.SLACK_APP_TOKEN),
    because: "SLACK_BOT_TOKEN is set (HTTP mode)",
    names: ["SLACK_SIGNING_SECRET"],
  },
  { when: (e) => set(e.SLACK_APP_TOKEN), because: "SLACK_APP_TOKEN is set", names: ["SLACK_BOT_TOKEN"] },
  { when: (e) => set(e.ZALO_APP_ID), because: "ZALO_APP_ID is set", names: ["ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY"] },
  {
    when: (e) => set(e.ZALO_BOT_TOKEN) && (e.ZALO_BOT_MODE ?? "webhook") === "webhook",
    because: "ZALO_BOT_TOKEN is set in webhook mode",
    names: ["ZALO_BOT_WEBHOOK_SECRET"],
  },
  { when: (e) => set(e.EMAIL_IMAP_URL), because: "EMAIL_IMAP_URL is set", names: ["EMAIL_SMTP_URL", "EMAIL_FROM"] },
];
type Raw = Record<string, string | undefined>;
const set = (v: string | undefined) => v !== undefined && v.trim() !== "";

export type Env = z.output<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

/** Pure: parses an environment record; every problem is reported, not just the first. */
export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  const parsed = envSchema.safeParse(source);
  // Never echo a received value: it may be a secret.
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  for (const rule of companions) {
    if (!rule.when(source)) continue;
    for (const name of rule.names) if (!set(source[name])) problems.push(`${name}: is required when ${rule.because}`);
  }
  if (parsed.success && problems.length === 0) return { ok: true, env: parsed.data };
  return { ok: false, problems };
}

export function formatEnvProblems(problems: string[]): string {
  return `hotro cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`;
}
