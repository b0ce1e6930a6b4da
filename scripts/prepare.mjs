#!/usr/bin/env node
// Makes the checkout runnable: the Prisma client generated for the current schema, and `dist/`
// compiled from `src/`. Each step runs only when its inputs changed, so `npm start` pays for it once
// after an install or an edit, not at every start. Plain JavaScript: it runs before anything is built.
//
//   node scripts/prepare.mjs             generate the client if stale, then build dist/ if stale
//   node scripts/prepare.mjs --generate  only the client (tests run the TypeScript sources directly)
//   node scripts/prepare.mjs --force     both, whether stale or not
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (...parts) => path.join(root, ...parts);
const force = process.argv.includes("--force");

function isCurrent(stamp, fingerprint) {
  return !force && existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint;
}

/** `prisma generate` when the schema or the Prisma version changed since the last generation. */
function ensurePrismaClient() {
  const prismaVersion = JSON.parse(readFileSync(at("node_modules/prisma/package.json"), "utf8")).version;
  const fingerprint = createHash("sha256")
    .update(prismaVersion)
    .update(readFileSync(at("prisma/schema.prisma")))
    .digest("hex");
  const stamp = at("src/db/generated/.schema-fingerprint");
  if (isCurrent(stamp, fingerprint)) return;
  process.stdout.write("hotro: generating the Prisma client…\n");
  try {
    execFileSync(process.execPath, [at("node_modules/prisma/build/index.js"), "generate", "--no-hints"], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: "pipe",
    });
  } catch (error) {
    // Prisma's own output says what is wrong with the schema; it is shown only when generation fails.
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    process.exit(1);
  }
  writeFileSync(stamp, fingerprint);
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Transpiles src/ to dist/ (esbuild, one file per module, source maps) and copies the static assets. */
async function ensureBuild() {
  const stamp = at("dist/.build-fingerprint");
  const sources = filesUnder(at("src")).sort();
  // Names, sizes and times of every source: an edit, a new file and a deleted one all rebuild.
  const fingerprint = createHash("sha256");
  for (const file of sources) {
    const { size, mtimeMs } = statSync(file);
    fingerprint.update(`${path.relative(root, file)}:${size}:${mtimeMs}\n`);
  }
  const digest = fingerprint.digest("hex");
  if (isCurrent(stamp, digest)) return;
  process.stdout.write("hotro: compiling src/ into dist/…\n");
  const { build } = await import("esbuild");
  rmSync(at("dist"), { recursive: true, force: true });
  await build({
    entryPoints: sources.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")),
    outdir: at("dist"),
    outbase: at("src"),
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    logLevel: "warning",
  });
  for (const file of sources.filter((f) => !f.endsWith(".ts") && !path.basename(f).startsWith("."))) {
    cpSync(file, at("dist", path.relative(at("src"), file)));
  }
  writeFileSync(stamp, digest);
}

ensurePrismaClient();
if (!process.argv.includes("--generate")) await ensureBuild();
