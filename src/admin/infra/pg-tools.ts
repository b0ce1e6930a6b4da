import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/**
 * PostgreSQL's own pg_dump and pg_restore, for backups of a PostgreSQL database. The password goes
 * in PGPASSWORD, never on the command line, where any user of the machine could read it.
 */
function connection(url: string): { target: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { target: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** True when both tools are installed (on PATH). */
export async function pgToolsAvailable(): Promise<boolean> {
  try {
    await run("pg_dump", ["--version"]);
    await run("pg_restore", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

export async function pgDump(url: string, file: string): Promise<void> {
  const { target, env } = connection(url);
  await run("pg_dump", ["--format=custom", "--no-owner", "--file", file, "--dbname", target], { env });
}

/** Replaces every object of the dump in the database (objects the dump does not have are left alone). */
export async function pgRestore(url: string, file: string): Promise<void> {
  const { target, env } = connection(url);
  await run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", target, file], { env });
}

/** Clients connected to the database other than this one (running hotro instances are), as "application@address". */
export async function otherClients(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ who: string }>(
      `SELECT coalesce(nullif(application_name, ''), 'a client') || '@' || coalesce(host(client_addr), 'local socket') AS who
       FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return rows.map((row) => row.who);
  } finally {
    await client.end();
  }
}
