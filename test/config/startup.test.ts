import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { parseEnv } from "../../src/config/env.js";
import { defaultPolicyFile } from "../../src/policy/load-policy.js";
import { waitFor } from "../support/processes.js";

/** Runs the built server (`dist/main.js`, what `npm start` runs) with exactly the given environment. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["dist/main.js"], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("configuration at start", () => {
  it("refuses a token without its secret, a bad DATABASE_URL and PORT=notaport in one clear message, exit ≠ 0, no stack trace", async () => {
    const result = await start({
      TELEGRAM_BOT_TOKEN: "123456:SECRET-TOKEN-VALUE",
      DATABASE_URL: "mysql://root@localhost/db",
      PORT: "notaport",
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("configuration is invalid");
    expect(result.stderr).toContain("PORT: must be a port number");
    expect(result.stderr).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
    expect(result.stderr).toContain("TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_BOT_TOKEN is set");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stderr + result.stdout).not.toContain("SECRET-TOKEN-VALUE");
  });

  it("refuses an invalid policy file with the path of the bad field", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hotro-policy-"));
    const policy = parseYaml(await readFile(defaultPolicyFile, "utf8"));
    policy.departments[1].calendar = "nowhere";
    const file = path.join(dir, "broken.policy.yaml");
    await writeFile(file, stringifyYaml(policy));
    const result = await start({ POLICY_FILE: file });
    await rm(dir, { recursive: true, force: true });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("policy file");
    expect(result.stderr).toContain('departments[1].calendar: unknown calendar "nowhere"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("`npm start` with no configuration creates the embedded database, answers /healthz, prints the setup link once, and stops on SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "hotro-start-"));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    try {
      // npm itself, as an operator or a process manager runs it: the signal goes to npm, not to node.
      const child = spawn("npm", ["start", "--silent"], {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir, PORT: port, HOST: "127.0.0.1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await waitFor(() => stdout.includes("hotro is running") && stderr.includes("/console/setup#"), 100_000);
      expect(stdout).toContain("creating the embedded database (first start only");
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", database: { kind: "pglite", reachable: true, pendingMigrations: [] } });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain("hotro_outbox_pending_messages 0");
      expect(metrics).toContain("hotro_inbound_unprocessed_events 0");
      // The one-time link is a banner on stderr, once; the JSON log on stdout never carries it.
      expect(stderr.match(/\/console\/setup#/g)).toHaveLength(1);
      expect(stdout).not.toContain("/console/setup#");

      const stoppedAt = Date.now();
      child.kill("SIGTERM");
      await waitFor(() => stdout.includes("shutting down"), 5_000);
      await waitFor(async () => !(await answers(`http://127.0.0.1:${port}/healthz`)), 5_000);
      expect(Date.now() - stoppedAt).toBeLessThan(5_000);
      expect(await exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("parseEnv", () => {
  it("gives the contract's defaults", () => {
    const result = parseEnv({});
    expect(result).toMatchObject({ ok: true, env: { PORT: 3000, DATA_DIR: "./data", LOG_FORMAT: "json", TELEGRAM_MODE: "webhook" } });
  });

  it("requires the companions of each channel's token", () => {
    const result = parseEnv({ SLACK_BOT_TOKEN: "xoxb-1", ZALO_APP_ID: "1", EMAIL_IMAP_URL: "imaps://u:p@h/INBOX", ZALO_BOT_TOKEN: "z" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(":")[0]).sort()).toEqual(
      ["EMAIL_FROM", "EMAIL_SMTP_URL", "SLACK_SIGNING_SECRET", "ZALO_APP_SECRET", "ZALO_BOT_WEBHOOK_SECRET", "ZALO_OA_SECRET_KEY"].sort(),
    );
  });

  it("accepts Socket Mode without a signing secret and polling without a webhook secret", () => {
    expect(parseEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1", TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_MODE: "polling" }).ok).toBe(
      true,
    );
  });
});

const answers = (url: string) =>
  fetch(url).then(
    () => true,
    () => false,
  );
