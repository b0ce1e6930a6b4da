import type { Database } from "../../db/database.js";
import type { Clock } from "../../kernel/clock.js";
import type { Policy } from "../../policy/policy.schema.js";
import type { TicketService } from "../../tickets/index.js";
import { createSessionStore } from "../../web/infra/sessions.js";
import type { AdminOperationDeps } from "../operations.js";
import { createBackup } from "./backup.js";

/** What admin operations act on, for the server and for an admin command that opened the database itself. */
export function adminOperationDeps(input: {
  db: Database;
  tickets: TicketService;
  policy: Policy;
  clock: Clock;
  dataDir: string;
  databaseUrl?: string | undefined;
}): AdminOperationDeps {
  const { db, tickets, policy, clock, dataDir, databaseUrl } = input;
  return {
    tickets,
    sessions: createSessionStore(db),
    policy,
    backup: () => createBackup({ db, dataDir, ...(databaseUrl ? { databaseUrl } : {}) }, clock.now()),
  };
}
