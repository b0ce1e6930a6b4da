/**
 * Creates a console account (or resets its password and memberships):
 *   node --import tsx scripts/staff-add.ts --login lan --name "Lan" --departments sales,customer_care [--general-duty] [--password-stdin]
 * Without --password-stdin the password is asked for on the terminal, without echo.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { dataDirOf } from "../src/app.js";
import { formatEnvProblems, parseEnv } from "../src/config/env.js";
import { openMigratedDatabase } from "../src/db/database.js";
import { systemClock } from "../src/kernel/clock.js";
import { createLogger } from "../src/logging/logger.js";
import { defaultPolicyFile, loadPolicyFile } from "../src/policy/load-policy.js";
import { createPolicySchedule, createTicketService } from "../src/tickets/index.js";
import { createSessionStore } from "../src/web/infra/sessions.js";
import { addStaffAccount } from "../src/web/staff-accounts.js";
import { embeddedServerRunning } from "./embedded-server.js";

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(64);
};

const { values } = parseArgs({
  options: {
    login: { type: "string" },
    name: { type: "string" },
    departments: { type: "string" },
    "general-duty": { type: "boolean", default: false },
    "password-stdin": { type: "boolean", default: false },
  },
});
if (!values.login || !values.departments)
  fail("usage: staff-add --login <login> --name <name> --departments a,b [--general-duty] [--password-stdin]");

async function readPassword(): Promise<string> {
  if (values["password-stdin"]) {
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    return input.replace(/\r?\n$/, "");
  }
  if (!process.stdin.isTTY) return fail("no terminal to ask for the password: use --password-stdin");
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = await new Promise<string>((resolve) => {
    rl.question("Password: ", resolve);
    muted = true;
  });
  rl.close();
  process.stdout.write("\n");
  return answer;
}

const parsed = parseEnv(process.env);
if (!parsed.ok) fail(formatEnvProblems(parsed.problems));
const env = parsed.ok ? parsed.env : fail("unreachable");
const policyFile = env.POLICY_FILE ?? defaultPolicyFile;
const policy = await loadPolicyFile(policyFile);
if (!policy.ok) fail(`the policy file ${policyFile} is invalid:\n${policy.problems.join("\n")}`);

if (!env.DATABASE_URL && (await embeddedServerRunning(env))) {
  fail(`hotro is running on the embedded database in ${env.DATA_DIR}: stop it, then run staff:add again (one process only may open it).`);
}

const password = await readPassword();
const logger = createLogger({ level: "warn", format: env.LOG_FORMAT });
const db = await openMigratedDatabase(
  env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: dataDirOf(env) },
  logger,
);
try {
  if (!policy.ok) throw new Error("unreachable");
  const tickets = createTicketService({
    db,
    policy: policy.policy,
    clock: systemClock,
    schedule: createPolicySchedule(policy.policy),
    staffChannels: [],
    afterCommit: () => undefined,
  });
  const result = await addStaffAccount(tickets, policy.policy, {
    login: values.login ?? "",
    name: values.name ?? values.login ?? "",
    departments: (values.departments ?? "")
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean),
    generalDuty: values["general-duty"],
    password,
  });
  if (!result.ok) {
    const details = result.details ? ` ${JSON.stringify(result.details)}` : "";
    process.stderr.write(`refused: ${result.code}${details}\n`);
    process.exitCode = 65;
  } else {
    // A new password (or new memberships) ends the person's open console sessions.
    if (!result.value.created) await createSessionStore(db).endSessionsOf(result.value.id);
    process.stdout.write(`${result.value.created ? "created" : "updated"} staff account "${values.login}"\n`);
  }
} finally {
  await db.close();
}
