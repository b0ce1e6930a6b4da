import { ok, type Result, refuse } from "../kernel/result.js";
import type { Policy } from "../policy/policy.schema.js";
import type { TicketService } from "../tickets/index.js";
import type { SessionStore } from "./infra/sessions.js";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords.js";

export interface StaffAccountInput {
  login: string;
  name: string;
  departments: string[];
  generalDuty?: boolean;
  password: string;
}

export type StaffAccountRefusal = "invalid_login" | "unknown_department" | "no_department" | "password_too_short" | "unknown_login";

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,39}$/;

/** The checks `addStaffAccount` makes before writing anything, for a caller that must know first. */
export function checkStaffAccount(policy: Policy, input: StaffAccountInput): Result<{ login: string }, StaffAccountRefusal> {
  const login = input.login.trim().toLowerCase();
  if (!LOGIN.test(login)) return refuse("invalid_login");
  if (input.departments.length === 0) return refuse("no_department");
  const known = new Set(policy.departments.map((d) => d.id));
  const unknown = input.departments.filter((d) => !known.has(d));
  if (unknown.length > 0) return refuse("unknown_department", { unknown, known: [...known] });
  if ([...input.password].length < MIN_PASSWORD_LENGTH) return refuse("password_too_short", { min: MIN_PASSWORD_LENGTH });
  return ok({ login });
}

/**
 * Creates a console account, or sets the password and memberships of an existing login (a member
 * seeded from the policy by login gets its password this way). Departments are the staff table's
 * truth (R4.1), so they are checked against the policy.
 */
export async function addStaffAccount(
  staff: Pick<TicketService, "saveStaffAccount">,
  policy: Policy,
  input: StaffAccountInput,
): Promise<Result<{ id: string; created: boolean }, StaffAccountRefusal>> {
  const checked = checkStaffAccount(policy, input);
  if (!checked.ok) return checked;
  const { login } = checked.value;
  return ok(
    await staff.saveStaffAccount({
      login,
      name: input.name.trim() || login,
      departments: [...new Set(input.departments)],
      generalDuty: input.generalDuty ?? false,
      passwordHash: await hashPassword(input.password),
    }),
  );
}

/** What an administrator does to a person's console access. */
export type StaffAccessChange = { action: "save"; account: StaffAccountInput } | { action: "deactivate"; login: string };

/**
 * The one way to change a person's console access (staff:add, the console's admin screens): creates
 * or updates an account, or deactivates one. Any change to an existing person (a new password, other
 * departments, deactivation) ends their open console sessions, so an old cookie stops working at once.
 */
export async function changeStaffAccess(
  deps: { tickets: Pick<TicketService, "saveStaffAccount" | "setStaffActive">; sessions: Pick<SessionStore, "endSessionsOf"> },
  policy: Policy,
  change: StaffAccessChange,
): Promise<Result<{ id: string; created: boolean; active: boolean }, StaffAccountRefusal>> {
  if (change.action === "deactivate") {
    const found = await deps.tickets.setStaffActive(change.login.trim().toLowerCase(), false);
    if (!found) return refuse("unknown_login");
    await deps.sessions.endSessionsOf(found.id);
    return ok({ id: found.id, created: false, active: false });
  }
  const saved = await addStaffAccount(deps.tickets, policy, change.account);
  if (!saved.ok) return saved;
  if (!saved.value.created) await deps.sessions.endSessionsOf(saved.value.id);
  return ok({ ...saved.value, active: true });
}
