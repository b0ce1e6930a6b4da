// Prisma CLI configuration: migrations are authored against an embedded, in-memory PGlite
// (Prisma 6.19's WASM schema engine works offline; see docs/ARCHITECTURE.md). `migrate dev` replays
// prisma/migrations into it, then diffs against the schema.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

type Adapter = Awaited<ReturnType<PrismaPGlite["connect"]>>;

/**
 * pglite-prisma-adapter 0.6 runs a migration script without awaiting it, and a script sent as one
 * raw query fails ("cannot insert multiple commands into a prepared statement"): run scripts with
 * PGlite's exec, which takes several statements, and wait for them.
 */
function withScripts(adapter: Adapter, db: PGlite): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeScript = async (script: string) => {
    await db.exec(script);
  };
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && /;\s*\S/.test(query.sql)) {
      await db.exec(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/** The adapter factory, patched in place (the CLI recognises the factory it knows, not a subclass). */
function scriptSafePGlite(db: PGlite): PrismaPGlite {
  const factory = new PrismaPGlite(db);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => withScripts(await connect(), db);
  factory.connectToShadowDb = async () => {
    const shadow = new PGlite();
    return withScripts(await new PrismaPGlite(shadow).connect(), shadow);
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // HOTRO_PGLITE_DIR: a data folder to work on instead (scripts/new-migration.ts diffs against one).
  async adapter() {
    const dir = process.env.HOTRO_PGLITE_DIR;
    return scriptSafePGlite(dir ? new PGlite(dir) : new PGlite());
  },
});
