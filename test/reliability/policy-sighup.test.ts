import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { defaultPolicyFile } from "../../src/policy/load-policy.js";
import { collectOutput, waitFor } from "../support/processes.js";

/**
 * `kill -HUP <pid>` on the real server (`dist/main.js`, what `npm start` runs): a broken POLICY_FILE
 * is refused with the bad field's path in the log and the running policy keeps serving; a good file
 * then becomes the policy. The full notice at /privacy comes from the policy, so it shows which one runs.
 */
describe("SIGHUP reloads the policy of a running server", () => {
  it("keeps the running policy on a broken file, naming the bad field, then takes a good one", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hotro-sighup-"));
    const file = path.join(dir, "company.policy.yaml");
    const original = parseYaml(await readFile(defaultPolicyFile, "utf8"));
    const withNotice = (title: string) => {
      const policy = structuredClone(original);
      policy.privacy.fullNotice.vi = `${title}\n\nĐoạn thứ nhất.`;
      return policy;
    };
    await writeFile(file, stringifyYaml(withNotice("Thông báo phiên bản một")));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const child = spawn(process.execPath, ["dist/main.js"], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: path.join(dir, "data"), PORT: port, HOST: "127.0.0.1", POLICY_FILE: file },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = collectOutput(child);
    const notice = async () => (await fetch(`http://127.0.0.1:${port}/privacy?lang=vi`)).text();
    try {
      await waitFor(() => output.stdout().includes("hotro is running"), 100_000);
      expect(await notice()).toContain("<h1>Thông báo phiên bản một</h1>");

      const broken = withNotice("Thông báo phiên bản hỏng");
      broken.departments[1].calendar = "nowhere";
      await writeFile(file, stringifyYaml(broken));
      child.kill("SIGHUP");
      await waitFor(() => output.stdout().includes("policy reload refused"), 10_000);
      const refusal =
        output
          .stdout()
          .split("\n")
          .find((line) => line.includes("policy reload refused")) ?? "";
      expect(JSON.parse(refusal)).toMatchObject({ level: 50, by: "SIGHUP" });
      expect(refusal).toContain('departments[1].calendar: unknown calendar \\"nowhere\\"');
      expect(await notice()).toContain("<h1>Thông báo phiên bản một</h1>");
      expect(child.exitCode).toBeNull();

      await writeFile(file, stringifyYaml(withNotice("Thông báo phiên bản hai")));
      child.kill("SIGHUP");
      await waitFor(() => output.stdout().includes('"msg":"policy reloaded"'), 10_000);
      expect(await notice()).toContain("<h1>Thông báo phiên bản hai</h1>");

      child.kill("SIGTERM");
      expect(await output.exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  });
});
