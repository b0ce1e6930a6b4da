/** What every admin command reads first: the configuration and the policy, refused in one message when wrong. */

import { type ParseArgsConfig, parseArgs } from "node:util";
import { type AdminCommandContext, AdminCommandRefused } from "../src/admin/infra/admin-command.js";
import { loadDotEnv } from "../src/config/dotenv.js";
import { formatEnvProblems, parseEnv } from "../src/config/env.js";
import { systemClock } from "../src/kernel/clock.js";
import { createLogger } from "../src/logging/logger.js";
import { defaultPolicyFile, loadPolicyFile } from "../src/policy/load-policy.js";

export const fail = (message: string, code = 64): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

/**
 * The command's arguments: `--help` prints the usage (exit 0); an unknown or malformed option prints
 * what was wrong and the usage (exit 64), never a stack trace.
 */
export function commandArguments<T extends ParseArgsConfig>(config: T, usage: string) {
  if (process.argv.slice(2).some((arg) => arg === "--help" || arg === "-h")) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

export async function adminContext(): Promise<AdminCommandContext> {
  loadDotEnv();
  const parsed = parseEnv(process.env);
  if (!parsed.ok) return fail(formatEnvProblems(parsed.problems), 78);
  const env = parsed.env;
  const policyFile = env.POLICY_FILE ?? defaultPolicyFile;
  const policy = await loadPolicyFile(policyFile);
  if (!policy.ok) return fail(`the policy file ${policyFile} is invalid:\n${policy.problems.join("\n")}`, 78);
  return { env, policy: policy.policy, clock: systemClock, logger: createLogger({ level: "warn", format: env.LOG_FORMAT }) };
}

/** Runs the command; a refusal is one line on stderr (exit 75), anything else a short error (exit 70). */
export async function runCommand(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AdminCommandRefused) fail(error.message, 75);
    fail(`failed: ${error instanceof Error ? error.message : String(error)}`, 70);
  }
}
