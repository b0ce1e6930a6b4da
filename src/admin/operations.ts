import type { Policy } from "../policy/policy.schema.js";
import type { TicketService } from "../tickets/index.js";
import type { SessionStore } from "../web/infra/sessions.js";
import { changeStaffAccess } from "../web/staff-accounts.js";
import type { AdminRequest, AdminResponse } from "./protocol.js";

export interface AdminOperationDeps {
  tickets: Pick<TicketService, "saveStaffAccount" | "setStaffActive">;
  sessions: Pick<SessionStore, "endSessionsOf">;
  policy: Policy;
  /** Writes a backup, returns its path. */
  backup(): Promise<string>;
}

/** Carries out one admin request, in the server or in the admin command itself when no server runs. */
export async function runAdminOperation(deps: AdminOperationDeps, request: AdminRequest): Promise<AdminResponse> {
  switch (request.command) {
    case "staff.save":
    case "staff.deactivate": {
      const change =
        request.command === "staff.save"
          ? ({ action: "save", account: request.account } as const)
          : ({ action: "deactivate", login: request.login } as const);
      const done = await changeStaffAccess(deps, deps.policy, change);
      if (!done.ok) return { ok: false, error: done.code, ...(done.details ? { details: done.details } : {}) };
      return { ok: true, result: done.value };
    }
    case "backup":
      return { ok: true, result: { file: await deps.backup() } };
  }
}
