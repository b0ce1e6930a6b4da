import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { type Policy, policySchema } from "./policy.schema.js";

/** The bundled policy: the seed's rules (support-policy.vi.txt) in Vietnamese and English. */
export const defaultPolicyFile = fileURLToPath(new URL("../../policy/default.policy.yaml", import.meta.url));

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: string[] };

/** Validates parsed policy data; each problem names its path, e.g. `departments[2].calendar`. */
export function parsePolicy(data: unknown): PolicyResult {
  const parsed = policySchema.safeParse(data);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`) };
}

export async function loadPolicyFile(file: string = defaultPolicyFile): Promise<PolicyResult> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (error) {
    return { ok: false, problems: [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`] };
  }
  let data: unknown;
  try {
    data = file.endsWith(".json") ? JSON.parse(source) : parseYaml(source);
  } catch (error) {
    return { ok: false, problems: [`${file}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`] };
  }
  return parsePolicy(data);
}

function formatPath(path: PropertyKey[]): string {
  return (
    path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "") ||
    "(policy)"
  );
}
