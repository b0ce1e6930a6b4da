import { existsSync } from "node:fs";

/**
 * The settings in `.env` (in the working directory), when there is one: a variable already set in
 * the environment wins. Node's `--env-file-if-exists` does the same but says on every start, on
 * Node 20, that a missing file is missing.
 */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
