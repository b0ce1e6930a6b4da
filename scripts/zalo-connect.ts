/**
 * Stores the Zalo Official Account's token pair (from the developer console's API Explorer, or any
 * OAuth v4 consent) in the database, where the Zalo channel keeps and refreshes it:
 *   npm run zalo:connect            then paste the access token and the refresh token, one a line
 *   npm run zalo:connect -- --refresh-now   exchanges the refresh token at once; stores only the pair Zalo returns
 * Tokens are read from standard input, never from the command line (shell history, ps).
 */
import { dataDirOf } from "../src/app.js";
import { createZaloOAuth, createZaloTokens } from "../src/channels/zalo/index.js";
import { loadDotEnv } from "../src/config/dotenv.js";
import { formatEnvProblems, parseEnv } from "../src/config/env.js";
import { openMigratedDatabase } from "../src/db/database.js";
import { systemClock } from "../src/kernel/clock.js";
import { createLogger } from "../src/logging/logger.js";
import { commandArguments, fail } from "./admin-context.js";
import { embeddedServerRunning } from "./embedded-server.js";

const { values } = commandArguments(
  { options: { "refresh-now": { type: "boolean", default: false } } },
  "usage: npm run zalo:connect [-- --refresh-now]   (the tokens are read from standard input)",
);
loadDotEnv();
const parsed = parseEnv(process.env);
if (!parsed.ok) fail(formatEnvProblems(parsed.problems));
const env = parsed.ok ? parsed.env : fail("unreachable");
if (!env.ZALO_APP_ID || !env.ZALO_APP_SECRET)
  fail("set ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_SECRET_KEY first (see README, Connecting Zalo)");
if (!env.DATABASE_URL && (await embeddedServerRunning(env))) {
  fail(
    `hotro is running on the embedded database in ${env.DATA_DIR}: stop it, then run zalo:connect again (one process only may open it).`,
  );
}

if (process.stdin.isTTY) process.stdout.write("Paste the access token, Enter, then the refresh token, Enter, then Ctrl-D:\n");
let input = "";
for await (const chunk of process.stdin) input += chunk;
const [accessToken = "", refreshToken = ""] = input
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter(Boolean);
if (!accessToken || !refreshToken) fail("two lines expected: the access token, then the refresh token");

const logger = createLogger({ level: "warn", format: env.LOG_FORMAT });
const db = await openMigratedDatabase(
  env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: dataDirOf(env) },
  logger,
);
try {
  const oauth = createZaloOAuth({
    oauthRoot: env.ZALO_OAUTH_ROOT,
    appId: env.ZALO_APP_ID ?? "",
    appSecret: env.ZALO_APP_SECRET ?? "",
    fetch,
  });
  const tokens = createZaloTokens({ db, clock: systemClock, oauth });
  if (values["refresh-now"]) {
    // Exchanged first, stored after: a refused (spent) refresh token never replaces a working pair.
    await tokens.store(await oauth.grant({ grant_type: "refresh_token", refresh_token: refreshToken }));
  } else {
    // A pasted access token's age is unknown: taken as fresh (25 h); a refusal (-216/-220) refreshes it anyway.
    await tokens.store({ accessToken, refreshToken, expiresIn: 90_000 });
  }
  process.stdout.write(
    `Zalo OA connected${values["refresh-now"] ? " (refresh token checked and rotated)" : ""}. Messages waiting for Zalo go out at their next attempt (within 5 minutes).\n`,
  );
} catch (error) {
  process.stderr.write(`zalo:connect failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
