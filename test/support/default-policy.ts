import { loadPolicyFile } from "../../src/policy/load-policy.js";
import type { Policy } from "../../src/policy/policy.schema.js";

/** The bundled policy (policy/default.policy.yaml), validated; throws with every problem when it is invalid. */
export async function loadDefaultPolicy(): Promise<Policy> {
  const loaded = await loadPolicyFile();
  if (!loaded.ok) throw new Error(`the default policy is invalid:\n${loaded.problems.join("\n")}`);
  return loaded.policy;
}
