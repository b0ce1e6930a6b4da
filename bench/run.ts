/**
 * `npm run bench`: measures hotro on this machine and writes BENCHMARKS.md. Each figure comes with a
 * baseline measured in the same run, so results from different machines compare as ratios.
 *
 *   npm run bench                  PGlite, and PostgreSQL when BENCH_DATABASE_URL is set
 *   npm run bench -- --quick       fewer repetitions, short load, no crash bench (under a minute): BENCHMARKS.quick.md
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { benchCrash, crashPlan } from "./crash.js";
import { benchInbound, fullPlan, quickPlan } from "./inbound.js";
import type { Measurement } from "./measure.js";
import { benchQueue, queuePlan, quickQueuePlan } from "./queue.js";
import { benchStartup } from "./startup.js";
import { logFolder } from "./target.js";

const root = path.resolve(import.meta.dirname, "..");
const quick = process.argv.includes("--quick");
const plan = quick ? quickPlan : fullPlan;
const databaseUrl = process.env.BENCH_DATABASE_URL;
const withPostgres = databaseUrl ? { databaseUrl } : {};

execFileSync(process.execPath, [path.join(root, "scripts/prepare.mjs")], { stdio: "inherit" });

const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAtStart: os.loadavg()[0]?.toFixed(2) ?? "?",
  date: new Date().toISOString(),
};
console.log(JSON.stringify({ bench: "machine", ...machine }));

const results: Measurement[] = [];
const record = (measurements: Measurement[]) => {
  for (const measurement of measurements) console.log(JSON.stringify(measurement));
  results.push(...measurements);
};

// The start-up bench's first embedded folder, migrated, is copied by the later benches: initdb costs seconds.
const scratch = await mkdtemp(path.join(os.tmpdir(), "hotro-bench-run-"));
const embeddedTemplate = path.join(scratch, "embedded");
try {
  record(await benchStartup({ runs: quick ? 1 : 3, keepEmbeddedFolder: embeddedTemplate, ...withPostgres }));
  record(await benchInbound({ plan, embeddedTemplate, ...withPostgres }));
  record(await benchQueue({ plan: quick ? quickQueuePlan : queuePlan, ...withPostgres }));
  if (!quick) record(await benchCrash({ plan: crashPlan, embeddedTemplate, ...withPostgres }));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const loadAtEnd = os.loadavg()[0]?.toFixed(2) ?? "?";

const table = (rows: Measurement[], columns?: string[]) => {
  const keys = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== "bench");
  return [
    `| ${keys.join(" | ")} |`,
    `| ${keys.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${keys.map((k) => r[k] ?? "").join(" | ")} |`),
  ].join("\n");
};
const of = (bench: string) => results.filter((r) => r.bench === bench);
/** The server's own warnings and errors during a bench, one line per server. */
const logLines = (bench: string) => of(bench).map((r) => `- ${r.name}: ${r.problems}`);

/** The bench process runs the load generator and the stand-in: near a full core, it may be what limits the figures. */
const harnessWarning = (rows: Measurement[]) => {
  const busy = rows.filter((r) => Number(r.harnessCpuPct) >= 80).map((r) => r.name);
  return busy.length
    ? `**The bench process used 80 % of a core or more in: ${busy.join("; ")}. Those figures may be limited by the harness.**\n\n`
    : "";
};

const throughputColumns = [
  "name",
  "sent",
  "offeredPerSec",
  "acksPerSec",
  "ackP50Ms",
  "ackP99Ms",
  "ackErrors",
  "processedPerSec",
  "vsEcho",
  "repliesPerSec",
  "answerP50Ms",
  "answerP99Ms",
  "drainMs",
  "unanswered",
  "mix",
  "dialogs",
];
const healthColumns = [
  "name",
  "backlogPeak",
  "leftInQueues",
  "loopP99Ms",
  "loopMaxMs",
  "healthzP99Ms",
  "healthzMaxMs",
  "healthzFailed",
  "rssIdleMb",
  "rssPeakMb",
  "rssAfterMb",
  "serverCpuPct",
  "harnessCpuPct",
  "floodWarnings",
];

const sections = [
  `## Start-up to healthy, and memory when idle

\`healthyMs\`: from process start to the first 200 from \`/healthz\`; \`rssIdleMb\`: resident memory 3 s later;
\`vsBareNode\`: start-up time as a multiple of a bare Node HTTP server's.

${table(of("startup"))}`,

  `## Inbound: Telegram updates through the webhook

Telegram updates are posted to \`/webhooks/telegram\` by a load generator in the bench process (kept-alive
connections, at most ${plan.fixed.inFlight} requests in flight, as Telegram's own \`max_connections\`), first at a fixed
offered rate, then as fast as that allows (saturation). The Telegram stand-in (\`test/standins\`) runs in the
bench process too and records the replies. The mix: about 60 % questions (opening hours, an FAQ question)
from ${plan.questionChats} customers, 30 % intake dialogs from /start to the confirmed ticket (each customer sends the
next step only once the previous one was answered, so a slow server gets fewer) and 10 % messages to open
tickets. The baseline is \`bench/echo-bot.ts\`, a bare grammY webhook bot that echoes each update, under the
same load. Each server is started on a fresh stand-in and database, then warmed up by walking every kind of
update (${plan.openTickets} intake dialogs side by side, whose tickets stay open for the load), which also counts the messages
that answer each kind: "answered" below is exact.

- \`offeredPerSec\`: updates the generator sent per second (below the target rate when the server held the
  requests in flight); \`acksPerSec\`, \`ackP50Ms\`, \`ackP99Ms\`: webhook answers (200) per second and their
  latency, counted from when each update was due to be sent (so queueing at the generator is included);
  \`ackErrors\`: answers other than 200.
- \`processedPerSec\`: updates answered per second, from the first update to the last answer; \`vsEcho\`: as a
  share of the echo bot's at saturation; \`repliesPerSec\`: messages the stand-in took (sendMessage);
  \`answerP50Ms\`, \`answerP99Ms\`: from an update being due to its answer arriving; \`drainMs\`: from the last
  ack to the last answer; \`unanswered\`: acknowledged updates never answered; \`mix\`: the shares of
  questions, intake steps and messages to tickets sent (intake steps wait for answers, so a slow server
  gets fewer); \`dialogs\`: intake dialogs completed (tickets opened).

${table(of("inbound"), throughputColumns)}

- \`backlogPeak\`: the largest \`hotro_inbound_unprocessed_events\` seen (read every second);
  \`leftInQueues\`: inbound events and outbox messages still pending after the phase.
- \`loopP99Ms\`, \`loopMaxMs\`: the server's event-loop delay, from its own \`/metrics\` (prom-client; the worst
  one-second p99 and the maximum, less the 10 ms sampling interval); \`healthzP99Ms\`, \`healthzMaxMs\`,
  \`healthzFailed\`: a \`/healthz\` request every 100 ms while the phase ran (hotro's reads the database).
- \`rssIdleMb\`, \`rssPeakMb\`, \`rssAfterMb\`: resident memory before the phase, at its peak, and after the
  backlog cleared; \`serverCpuPct\`, \`harnessCpuPct\`: CPU used over the phase by the server and by the bench
  process (load generator and stand-in), 100 = one core; \`floodWarnings\`: hotro's "slow down" messages
  (flood control), left out of the answers.

${table(of("inbound"), healthColumns)}

${harnessWarning(of("inbound"))}What the servers logged at warn level and above (their logs are kept in \`${logFolder}\`):

${logLines("inbound-log").join("\n")}`,

  `## Staff's queue: claimNext and the queue view by length of the line

One Technical line of ready tickets (one per customer), in process on a fresh database. \`claimNext\`
(${(quick ? quickQueuePlan : queuePlan).claims} claims, each by its own staff member: lock the department's line, take its head, record it)
and the queue view a card or console refresh reads (the first 25 and how many wait;
${(quick ? quickQueuePlan : queuePlan).views} reads). \`claimGrowth\`, \`viewGrowth\`: p99 as a multiple of the shortest line's on the same database.
\`seedMs\`: time to write the line (not part of the figures).

${table(of("queue"))}`,

  ...(of("crash").length
    ? [
        `## Crash: kill -9 under load

hotro is killed with SIGKILL ${crashPlan.kills} times while updates arrive at ${crashPlan.pace.rate}/s (more than it processes) for
${crashPlan.pace.durationMs / 1000} s, and started again each time on the same database. The generator behaves as Telegram does: an update
not answered 200 is sent again (same \`update_id\`) until it is. Questions come from one chat each, dialogs and
messages to open tickets as above, so the replies each chat should get are known exactly. The databases
are crashed side by side (the counts do not depend on speed; the times do).

- \`acked\`: updates acknowledged, \`retries\`: deliveries that failed and were repeated; \`answered\`:
  acknowledged updates answered; \`replies\`: messages the stand-in took.
- \`duplicates\`: replies beyond those expected that repeat a text the chat already had (the same answer sent
  twice); \`worstChatDuplicates\`: the most of them in one chat (each kill can repeat at most the send in flight
  to each chat); \`extraReplies\`: other replies beyond those expected (an update handled twice, in a later state);
  \`missingReplies\` and \`unanswered\`: replies that never came, and acknowledged updates never answered.
- \`answerMaxMs\`: the slowest answer (work cut short by a kill waits for its lease, 15 s, to expire);
  \`restartMs\`: the slowest restart, from the kill to ready.
- \`eventsRetried\`, \`messagesRetried\`: inbound events and outbox messages taken up more than once, read
  from the database afterwards (done twice when the first attempt got further than it recorded).

${table(of("crash"))}

What the server logged at warn level and above:

${logLines("crash-log").join("\n")}`,
      ]
    : []),
];

const report = `# Benchmarks

Written by \`npm run bench${quick ? " -- --quick" : ""}\`; run it again to refresh. Start-up figures are medians of the runs; ratios
compare with a baseline measured in the same run on the same machine.

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAtStart} at start and ${loadAtEnd} at the end, ${machine.date}.
Databases: PGlite${databaseUrl ? " and PostgreSQL (BENCH_DATABASE_URL)" : " only (set BENCH_DATABASE_URL for PostgreSQL)"}.

${sections.join("\n\n")}
`;
// A quick run's short figures never replace the full run's, which the repository keeps.
const reportFile = quick ? "BENCHMARKS.quick.md" : "BENCHMARKS.md";
await writeFile(path.join(root, reportFile), report);
console.log(`\n${sections.join("\n\n")}\n\nwritten to ${reportFile}`);
