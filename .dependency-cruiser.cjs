/**
 * The architecture, checked by `npm run deps:validate` (part of `npm run check:static`).
 *
 * Layers: src/kernel (pure helpers) ← infrastructure (config, db, i18n, logging, policy, jobs,
 * delivery, inbound, server) ← the tickets module (domain ← application ← index.ts, its one door)
 * ← the conversation engine ← adapters (src/channels/*, src/slack, src/web) ← the composition root
 * (src/app.ts, src/main.ts, src/modules.ts). src/admin (admin commands, the admin socket, backups)
 * sits beside the composition root: it uses the staff accounts of src/web and the database.
 *
 * Data: tickets, customers and staff are reached only through src/tickets/index.ts. A module with
 * tables of its own keeps them in one store (its `store.ts`, or files under its `infra/`), the only
 * place of the module that imports src/db or a database library. (Which tables a store touches is
 * for review: an import rule cannot see it.)
 *
 * Every folder of src/ has an `allowed` rule below; a dependency no rule allows is an error.
 */
const ADAPTERS = "^src/(channels/[^/]+|slack|web)/";
const STORE = "^src/(channels/[^/]+|[^/]+)/(store\\.ts$|infra/)";
const DATABASE = ["^src/db/", "node_modules/(@prisma|prisma|pg|@electric-sql|pglite-prisma-adapter)/"];

module.exports = {
  forbidden: [
    {
      name: "database-only-in-stores",
      comment:
        "Only src/db, the tickets module's application layer, a module's store (store.ts or infra/) and the composition root import the database.",
      severity: "error",
      from: {
        path: "^src/",
        pathNot: ["^src/db/", "^src/tickets/application/", STORE, "^src/(app|main|modules)\\.ts$"],
      },
      to: { path: DATABASE },
    },
    {
      name: "tickets-only-through-the-door",
      comment: "Outside src/tickets, the tickets module is src/tickets/index.ts.",
      severity: "error",
      from: { pathNot: "^src/tickets/" },
      to: { path: "^src/tickets/(application|domain)/" },
    },
    {
      name: "domain-is-pure",
      comment: "The ticket domain imports only the kernel, the policy types and small pure libraries; the clock is passed in.",
      severity: "error",
      from: { path: "^src/tickets/domain/" },
      to: {
        pathNot: [
          "^src/tickets/domain/",
          "^src/kernel/",
          "^src/policy/policy\\.schema\\.ts$",
          "node_modules/(zod|temporal-polyfill|date-chinese|temporal-spec|temporal-utils|astronomia)/",
        ],
        dependencyTypesNot: ["core", "type-only"],
      },
    },
    {
      name: "adapters-stay-apart",
      comment: "Each channel, Slack and the web module know the tickets module and the conversation engine, never each other.",
      severity: "error",
      from: { path: "^src/(channels/[^/]+|slack|web)/" },
      to: { path: ADAPTERS, pathNot: "^src/$1/" },
    },
    {
      name: "platform-libraries-stay-in-their-adapter",
      severity: "error",
      from: { pathNot: "^src/(channels/telegram|slack)/|^src/main\\.ts$|^src/app\\.ts$" },
      to: { path: "node_modules/(grammy|@grammyjs|@slack)/" },
    },
    {
      name: "mail-libraries-stay-in-the-email-channel",
      severity: "error",
      from: { pathNot: "^src/channels/email/" },
      to: { path: "node_modules/(imapflow|mailparser|nodemailer)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-never-imports-test",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
  ],
  allowedSeverity: "error",
  allowed: [
    {
      comment: "Node's own modules and npm packages (the forbidden rules above say which where).",
      from: {},
      to: { dependencyTypes: ["core"] },
    },
    { from: {}, to: { path: "node_modules/" } },
    { comment: "Within a folder.", from: { path: "^src/(channels/[^/]+|tickets/[^/]+|[^/]+)/" }, to: { path: "^src/$1/" } },
    { comment: "Everyone may use the kernel.", from: { path: "^src/" }, to: { path: "^src/kernel/" } },
    { comment: "The composition root wires everything.", from: { path: "^src/(app|main|modules)\\.ts$" }, to: { path: "^src/" } },
    {
      comment: "Infrastructure: the database, configuration, texts, logs, the policy, background loops.",
      from: { path: "^src/(config|db|i18n|logging|policy|jobs)/" },
      to: { path: "^src/kernel/" },
    },
    {
      comment: "The outbox and the inbound log run on the worker loop and keep their rows in their store.",
      from: { path: "^src/(delivery|inbound)/" },
      to: { path: "^src/(jobs|db)/" },
    },
    { comment: "The HTTP server records webhooks in the inbound log.", from: { path: "^src/server/" }, to: { path: "^src/inbound/" } },
    {
      comment: "The ticket domain: the policy's types.",
      from: { path: "^src/tickets/domain/" },
      to: { path: "^src/policy/policy\\.schema\\.ts$" },
    },
    {
      comment: "The ticket use cases: the domain, the policy, the database, the outbox (written in the same transaction).",
      from: { path: "^src/tickets/application/" },
      to: { path: "^src/(tickets/domain|policy|db|delivery)/" },
    },
    {
      comment: "The tickets module's door.",
      from: { path: "^src/tickets/index\\.ts$" },
      to: { path: "^src/tickets/(application|domain)/" },
    },
    {
      comment:
        "The conversation engine: the tickets module, the policy, texts; its store keeps dialog state and writes answers to the outbox, marking the inbound event they answer.",
      from: { path: "^src/conversation/" },
      to: { path: ["^src/tickets/index\\.ts$", "^src/(policy|i18n|delivery|db)/", "^src/inbound/inbound-log\\.ts$", "^src/modules\\.ts$"] },
    },
    {
      comment:
        "Adapters: the tickets module, the conversation engine, the outbox and inbound log contracts, the HTTP helpers, configuration, texts, the policy, and their own store.",
      from: { path: ADAPTERS },
      to: {
        path: [
          "^src/tickets/index\\.ts$",
          "^src/conversation/index\\.ts$",
          "^src/(delivery|inbound|server|config|i18n|policy|db)/",
          "^src/modules\\.ts$",
        ],
      },
    },
    {
      comment:
        "Admin commands and backups: the tickets module, the staff accounts and their sessions, the database (in its infra/), configuration, the policy, background loops.",
      from: { path: "^src/admin/" },
      to: {
        path: ["^src/tickets/index\\.ts$", "^src/web/(staff-accounts\\.ts|infra/sessions\\.ts)$", "^src/(db|config|policy|jobs)/"],
      },
    },
  ],
  options: {
    // The generated Prisma client is a leaf: imports of it count, its own insides are not cruised.
    doNotFollow: { path: ["node_modules", "^src/db/generated/"] },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
