import { existsSync } from "node:fs";

/** Debian's chromium: a browser download cannot work here, so playwright-core drives the system one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

/** Debian's dovecot-imapd: the email tests read a real IMAP mailbox (test/standins/dovecot.ts). */
export const DOVECOT = process.env.DOVECOT_PATH ?? "/usr/sbin/dovecot";
export const hasDovecot = existsSync(DOVECOT);

/**
 * What this run can test, said in one line; under CI (CI=1) a missing PostgreSQL, Chromium or dovecot fails
 * the run instead of skipping tests, so a green CI always means every variant ran.
 */
export function describeTestEnvironment(env: NodeJS.ProcessEnv = process.env): { line: string; missing: string[] } {
  const postgres = env.TEST_DATABASE_URL ? new URL(env.TEST_DATABASE_URL) : undefined;
  const missing = [
    ...(postgres ? [] : ["PostgreSQL (set TEST_DATABASE_URL)"]),
    ...(hasChromium ? [] : [`Chromium (none at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`]),
    ...(hasDovecot ? [] : [`dovecot for the email tests (none at ${DOVECOT}; apt-get install dovecot-imapd, or set DOVECOT_PATH)`]),
  ];
  const databases = postgres ? `PGlite and PostgreSQL at ${postgres.host}${postgres.pathname}` : "PGlite";
  const ran =
    `hotro tests: databases ${databases}; browser tests ${hasChromium ? `in ${CHROMIUM}` : "skipped"}; ` +
    `email tests ${hasDovecot ? `with ${DOVECOT}` : "skipped"}`;
  return { line: missing.length ? `${ran}; skipped: ${missing.join(", ")}` : ran, missing };
}
