/**
 * Authors a migration offline: `npm run db:migrate:dev -- --name what_changed`.
 *
 * Prisma 6.19's WASM schema engine replays prisma/migrations into an in-memory PGlite (the shadow
 * database of prisma.config.ts) and diffs it against prisma/schema.prisma. (`prisma migrate dev`
 * itself stops at its data-loss check for every migration after the first: "PostgreSQL shadow DB
 * must be provided through an external factory".) The app applies the new folder at its next boot.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { name: { type: "string" }, check: { type: "boolean" } } });
const env = {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  // Any existing file: keeps the CLI from downloading engines this project does not use.
  PRISMA_QUERY_ENGINE_LIBRARY: path.resolve("package.json"),
  PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("package.json"),
};
const prisma = (...args: string[]) =>
  execFileSync("npx", ["prisma", ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

const sql = prisma(
  "migrate",
  "diff",
  "--from-migrations",
  "prisma/migrations",
  "--to-schema-datamodel",
  "prisma/schema.prisma",
  "--script",
);
const empty = !/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""));

if (values.check) {
  // CI and tests: the migrations must produce exactly the schema.
  if (!empty) {
    process.stderr.write(`prisma/schema.prisma has changes no migration covers:\n${sql}`);
    process.exit(1);
  }
  process.stdout.write("migrations match the schema\n");
  process.exit(0);
}
if (empty) {
  process.stdout.write("No schema change: no migration written.\n");
  process.exit(0);
}
if (!values.name || !/^[a-z0-9_]+$/.test(values.name)) {
  process.stderr.write("usage: npm run db:migrate:dev -- --name what_changed   (a–z, 0–9, _)\n");
  process.exit(64);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${values.name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
prisma("generate", "--no-hints");
process.stdout.write(`Wrote ${dir}/migration.sql and regenerated the client.\n`);
