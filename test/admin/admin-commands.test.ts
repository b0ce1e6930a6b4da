import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSocketDirOf, adminSocketPathOf } from "../../src/admin/protocol.js";
import { dataDirLockFile } from "../../src/db/data-dir-lock.js";
import { collectOutput, waitFor } from "../support/processes.js";

/**
 * The admin commands against a real server on the embedded database: `dist/main.js` (what
 * `npm start` runs) spawned on a temporary DATA_DIR, the commands as `npm run …` runs them.
 */
let dataDir: string;
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;

interface Server {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  exited: Promise<number | null>;
}
let server: Server | undefined;

const environment = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  DATA_DIR: dataDir,
  HOST: "127.0.0.1",
  PORT: String(port),
  ...extra,
});

function startServer(extra: Record<string, string> = {}): Server {
  const child = spawn(process.execPath, ["dist/main.js"], { env: environment(extra), stdio: ["pipe", "pipe", "pipe"] });
  const output = collectOutput(child);
  return { child, stdout: () => `${output.stdout()}\n${output.stderr()}`, exited: output.exited };
}

async function running(): Promise<Server> {
  const started = startServer();
  await waitFor(() => started.stdout().includes("hotro is running"), 100_000);
  return started;
}

/** Runs an admin command as `npm run <script>` does (node with tsx), with `input` on stdin. */
async function command(script: string, args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], { env: environment() });
  const output = collectOutput(child);
  child.stdin.end(input);
  const code = await output.exited;
  return { code, stdout: output.stdout(), stderr: output.stderr() };
}
const staffAdd = (login: string, password: string) =>
  command("staff-add", ["--login", login, "--name", "Lan", "--departments", "sales", "--password-stdin"], `${password}\n`);

async function signIn(login: string, password: string): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${base}/console/api/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password }),
  });
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { status: response.status, cookie };
}
const me = async (cookie: string) => (await fetch(`${base}/console/api/me`, { headers: { cookie } })).status;

/** A raw request to the admin socket, as any local program could send it. */
function postToSocket(body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: adminSocketPathOf(dataDir), path: "/admin", method: "POST", headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function stop(target: Server): Promise<number | null> {
  target.child.kill("SIGTERM");
  return target.exited;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hotro-admin-"));
});
afterAll(async () => {
  if (server && server.child.exitCode === null) await stop(server);
  await rm(dataDir, { recursive: true, force: true });
});

describe("admin commands on the embedded database", { timeout: 300_000 }, () => {
  it("staff:add goes through the running server: the account signs in at once; the data folder is opened by the server only", async () => {
    server = await running();
    expect((await readFile(dataDirLockFile(dataDir), "utf8")).trim()).toBe(String(server.child.pid));
    // The socket only the server's user reaches.
    expect((await stat(adminSocketDirOf(dataDir))).mode & 0o777).toBe(0o700);
    expect((await stat(adminSocketPathOf(dataDir))).mode & 0o777).toBe(0o600);

    const added = await staffAdd("lan", "mat-khau-cu-1234");
    expect(added.stderr).toBe("");
    expect(added.stdout.trim()).toBe('created staff account "lan" (by the running server)');
    expect(added.code).toBe(0);
    // The server did the work: its log has the command (never the password), and nobody else took the folder.
    expect(server.stdout()).toContain('"msg":"admin command"');
    expect(server.stdout()).not.toContain("mat-khau-cu-1234");
    expect((await readFile(dataDirLockFile(dataDir), "utf8")).trim()).toBe(String(server.child.pid));

    const session = await signIn("lan", "mat-khau-cu-1234");
    expect(session.status).toBe(200);
    expect(await me(session.cookie)).toBe(200);
  });

  it("a second server on the same data folder refuses to start with one clear line", async () => {
    const second = startServer({ PORT: String(port + 1) });
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.stdout()).toContain(`is in use by another hotro process (pid ${server?.child.pid})`);
    expect(second.stdout()).not.toMatch(/\n\s+at /);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("a new password ends the person's sessions: the old cookie gets 401, the old password no longer signs in", async () => {
    const before = await signIn("lan", "mat-khau-cu-1234");
    expect(await me(before.cookie)).toBe(200);
    const changed = await staffAdd("lan", "mat-khau-moi-5678");
    expect(changed.stdout.trim()).toBe('updated staff account "lan" (by the running server)');
    expect(await me(before.cookie)).toBe(401);
    expect((await signIn("lan", "mat-khau-cu-1234")).status).toBe(401);
    expect((await signIn("lan", "mat-khau-moi-5678")).status).toBe(200);
  });

  it("every admin request is checked: a bad one gets 400 and the server stays healthy", async () => {
    for (const body of ['{"command":"drop-everything"}', '{"command":"staff.save","account":{"login":["a"]}}', "not json"]) {
      const answer = await postToSocket(body);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false });
    }
    const refused = await command("staff-add", ["--login", "khoa", "--departments", "nowhere", "--password-stdin"], "mat-khau-dai-1234\n");
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain("refused: unknown_department");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("backup is made by the running server; restore refuses while it runs; after a stop, restore gives the backup's state", async () => {
    const made = await command("backup", []);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("(by the running server)");
    const [archive] = await readdir(path.join(dataDir, "backups"));
    expect(archive).toMatch(/^hotro-backup-.*\.tar\.gz$/);
    const archivePath = path.join(dataDir, "backups", archive ?? "");

    // After the backup: lan is deactivated, which also ends the sessions.
    const session = await signIn("lan", "mat-khau-moi-5678");
    const deactivated = await command("staff-add", ["--login", "lan", "--deactivate"]);
    expect(deactivated.stdout.trim()).toBe('deactivated staff account "lan" (by the running server)');
    expect(await me(session.cookie)).toBe(401);
    expect((await signIn("lan", "mat-khau-moi-5678")).status).toBe(401);

    const whileRunning = await command("restore", [archivePath]);
    expect(whileRunning.code).toBe(75);
    expect(whileRunning.stderr.trim()).toMatch(/is in use by another hotro process \(pid \d+\).*Stop hotro, then restore\.$/);

    if (!server) throw new Error("no server");
    expect(await stop(server)).toBe(0);
    expect(existsSync(dataDirLockFile(dataDir))).toBe(false);
    expect(existsSync(adminSocketPathOf(dataDir))).toBe(false);

    const restored = await command("restore", [archivePath]);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    server = await running();
    // The backup's state: lan active, with the password of that time.
    expect((await signIn("lan", "mat-khau-moi-5678")).status).toBe(200);
  });
});
