/**
 * Creates a console account (or resets its password and memberships), or deactivates one:
 *   npm run staff:add -- --login lan --name "Lan" --departments sales,customer_care [--general-duty] [--password-stdin]
 *   npm run staff:add -- --login lan --deactivate
 * Without --password-stdin the password is asked for on the terminal, without echo. On the embedded
 * database a running server does the work (admin socket); a changed or deactivated person's console
 * sessions end.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { runAdminCommand } from "../src/admin/infra/admin-command.js";
import type { AdminRequest } from "../src/admin/protocol.js";
import { adminContext, commandArguments, fail, runCommand } from "./admin-context.js";

const usage =
  "usage: staff-add --login <login> --name <name> --departments a,b [--general-duty] [--password-stdin]\n       staff-add --login <login> --deactivate";
const { values } = commandArguments(
  {
    options: {
      login: { type: "string" },
      name: { type: "string" },
      departments: { type: "string" },
      "general-duty": { type: "boolean", default: false },
      "password-stdin": { type: "boolean", default: false },
      deactivate: { type: "boolean", default: false },
    },
  },
  usage,
);
if (!values.login || (!values.deactivate && !values.departments)) fail(usage);

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
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      muted = false;
      rl.question(prompt, (answer) => {
        process.stdout.write("\n");
        resolve(answer);
      });
      muted = true;
    });
  // Typed unseen: asked twice, so a typo does not become the password.
  const answer = await ask("Password: ");
  const again = await ask("Password again: ");
  rl.close();
  return answer === again ? answer : fail("the two passwords differ: nothing was changed");
}

const ctx = await adminContext();
const login = values.login ?? "";
const request: AdminRequest = values.deactivate
  ? { command: "staff.deactivate", login }
  : {
      command: "staff.save",
      account: {
        login,
        name: values.name ?? login,
        departments: (values.departments ?? "")
          .split(",")
          .map((d) => d.trim())
          .filter(Boolean),
        generalDuty: values["general-duty"],
        password: await readPassword(),
      },
    };

await runCommand(async () => {
  const answer = await runAdminCommand(ctx, request);
  if (!answer.ok) {
    const details = answer.details ? ` ${JSON.stringify(answer.details)}` : "";
    process.stderr.write(`refused: ${answer.error}${details}\n`);
    process.exitCode = 65;
    return;
  }
  const verb = values.deactivate ? "deactivated" : answer.result.created ? "created" : "updated";
  const via = answer.via === "server" ? " (by the running server)" : "";
  process.stdout.write(`${verb} staff account "${login}"${via}\n`);
});
