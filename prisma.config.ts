// Prisma CLI configuration: migrations are authored against an embedded PGlite
// (Prisma 6.19's WASM schema engine works offline; see ARCHITECTURE.md).
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // In memory: `migrate dev` replays prisma/migrations into it, then diffs against the schema.
  async adapter() {
    return new PrismaPGlite(new PGlite());
  },
});
