/** Layer rules (docs/ARCHITECTURE.md, "Modules and what each may import"): checked by `npm run deps:validate`. */
module.exports = {
  forbidden: [
    {
      name: "kernel-imports-nothing",
      severity: "error",
      from: { path: "^src/kernel/" },
      to: { path: "^src/", pathNot: "^src/kernel/" },
    },
    {
      name: "domain-is-pure",
      comment: "The ticket domain imports only the kernel, the policy types and small pure libraries.",
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
      name: "tickets-never-import-conversation-or-adapters",
      severity: "error",
      from: { path: "^src/tickets/" },
      to: { path: "^src/(conversation|channels|slack|console|webchat|server)/" },
    },
    {
      name: "adapters-use-the-public-door",
      comment: "Channels, Slack and the console reach tickets only through src/tickets/index.ts.",
      severity: "error",
      from: { path: "^src/(channels|slack|console|conversation)/" },
      to: { path: "^src/tickets/(application|domain)/" },
    },
    {
      name: "channels-stay-apart",
      severity: "error",
      from: { path: "^src/channels/([^/]+)/" },
      to: { path: "^src/channels/", pathNot: "^src/channels/$1/|^src/channels/[^/]+\\.ts$" },
    },
    {
      name: "platform-libraries-stay-in-their-adapter",
      severity: "error",
      from: { pathNot: "^src/(channels/telegram|slack)/|^src/main\\.ts$|^src/app\\.ts$" },
      to: { path: "node_modules/(grammy|@grammyjs|@slack)/" },
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
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "src/db/generated" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
