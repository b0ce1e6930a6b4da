import { createCustomers, type Sent } from "./customers.js";
import { drive, type Pace, sleep } from "./load.js";
import { type Measurement, percentile, rssOf, waitUntil } from "./measure.js";
import { scrape, startMonitor } from "./monitor.js";
import type { ReplyLog } from "./replies.js";
import { echoTarget, hotroTarget, openSession, type Session, type Target } from "./target.js";

/**
 * Inbound throughput: Telegram updates posted to the webhook by many customers at once, first at a
 * fixed offered rate, then as fast as the requests in flight allow (saturation). For each: how fast
 * and how quickly the webhook answers (acks), how fast updates are answered (the stand-in's
 * sendMessage calls), how long the backlog takes to clear after the last ack, and the server's
 * health meanwhile. The baseline is a bare grammY echo bot under the same load.
 */

export interface InboundPlan {
  fixed: Pace;
  saturation: Pace;
  /** Customers asking questions (round robin); dialogs and follow-ups come from chats of their own. */
  questionChats: number;
  /** Tickets opened before the load, for the messages to open tickets to go to from the start. */
  openTickets: number;
  /** How long the answers to the last acks may take before the rest counts as unanswered. */
  drainTimeoutMs: number;
  /** A pause before each phase (and before reading memory after it), for the server to settle. */
  settleMs: number;
}

export const quickPlan: InboundPlan = {
  fixed: { rate: 200, durationMs: 1000, maxCount: Number.POSITIVE_INFINITY, inFlight: 50 },
  saturation: { durationMs: 3000, maxCount: 300, inFlight: 50 },
  questionChats: 500,
  openTickets: 4,
  drainTimeoutMs: 60_000,
  settleMs: 300,
};

/** Longer phases (hotro drains 1500 updates in well under a minute), more open tickets, and time to settle. */
export const fullPlan: InboundPlan = {
  ...quickPlan,
  fixed: { ...quickPlan.fixed, durationMs: 5000 },
  saturation: { ...quickPlan.saturation, durationMs: 20_000, maxCount: 1500 },
  openTickets: 20,
  drainTimeoutMs: 180_000,
  settleMs: 3000,
};

export async function benchInbound(options: {
  plan: InboundPlan;
  databaseUrl?: string;
  embeddedTemplate?: string;
}): Promise<Measurement[]> {
  const targets = [
    echoTarget,
    hotroTarget({ ...(options.embeddedTemplate ? { embeddedTemplate: options.embeddedTemplate } : {}) }),
    ...(options.databaseUrl ? [hotroTarget({ databaseUrl: options.databaseUrl })] : []),
  ];
  const results: Measurement[] = [];
  for (const target of targets) results.push(...(await benchTarget(target, options.plan)));
  // hotro's capacity as a share of the echo bot's: both saturated by the same generator in the same run.
  const echoCapacity = Number(results.find((r) => r.name === `${echoTarget.name}, saturation`)?.processedPerSec);
  for (const row of results) {
    if (row.name.endsWith("saturation") && !row.name.startsWith(echoTarget.name) && echoCapacity > 0) {
      row.vsEcho = Number((Number(row.processedPerSec) / echoCapacity).toFixed(2));
    }
  }
  return results;
}

export async function benchTarget(target: Target, plan: InboundPlan): Promise<Measurement[]> {
  const session = await openSession(target, {
    bench: "inbound",
    inFlight: Math.max(plan.fixed.inFlight, plan.saturation.inFlight),
    tickets: plan.openTickets,
  });
  try {
    const rows = [
      await runPhase(session, plan, { label: `${plan.fixed.rate}/s`, pace: plan.fixed, chatBase: 1_000_000 }),
      await runPhase(session, plan, { label: "saturation", pace: plan.saturation, chatBase: 2_000_000 }),
    ];
    return [...rows, await logRow("inbound-log", session)];
  } finally {
    await session.close();
  }
}

async function runPhase(session: Session, plan: InboundPlan, phase: { label: string; pace: Pace; chatBase: number }): Promise<Measurement> {
  const { server, replies } = session;
  const customers = createCustomers({
    questionChats: plan.questionChats,
    chatBase: phase.chatBase,
    calibration: session.calibration,
    replies,
    nextId: session.nextId,
    seed: phase.chatBase,
  });
  await sleep(plan.settleMs); // what came before is delivered and its timers have run
  const rssIdleMb = (await rssOf(server.pid)) / 1024;
  const before = { messages: replies.messages(), floodWarnings: replies.floodWarnings() };
  const monitor = startMonitor({ pid: server.pid, origin: server.origin, metricsPrefix: session.spec.metricsPrefix });

  const offered = await drive(phase.pace, async (dueAt) => {
    const { sent, update } = customers.next(dueAt);
    customers.acked(sent, await session.poster.post(update), performance.now());
  });
  await waitUntil(async () => customers.outstanding() === 0, plan.drainTimeoutMs).catch(() => undefined);
  reportUnanswered(customers.all(), replies);
  const health = await monitor.stop();
  const messages = replies.messages() - before.messages;
  await sleep(plan.settleMs);
  const left = await scrape(server.origin, session.spec.metricsPrefix).catch(() => new Map<string, number>());

  return {
    bench: "inbound",
    name: `${session.target.name}, ${phase.label}`,
    ...throughput(customers.all(), offered, messages),
    mix: mixOf(customers.all()),
    dialogs: customers.dialogsCompleted(),
    floodWarnings: replies.floodWarnings() - before.floodWarnings,
    leftInQueues: (left.get("inbound_unprocessed_events") ?? 0) + (left.get("outbox_pending_messages") ?? 0),
    ...health,
    rssIdleMb: Math.round(rssIdleMb),
    rssAfterMb: Math.round((await rssOf(server.pid)) / 1024),
  };
}

/** Acks and answers of one phase, from the records of every update sent, and the messages the stand-in took. */
function throughput(all: Sent[], offered: { sent: number; elapsedMs: number }, messages: number): Record<string, number> {
  const acked = all.filter((s) => s.status === 200);
  const answered = acked.filter((s) => s.answeredAt !== undefined);
  const firstDue = all.reduce((first, s) => Math.min(first, s.dueAt), Number.POSITIVE_INFINITY);
  const lastAck = acked.reduce((last, s) => Math.max(last, s.ackAt ?? 0), 0);
  const lastAnswer = answered.reduce((last, s) => Math.max(last, s.answeredAt ?? 0), 0);
  const perSec = (count: number, ms: number) => Math.round((count / ms) * 1000);
  const ackMs = acked.map((s) => (s.ackAt ?? 0) - s.dueAt);
  const answerMs = answered.map((s) => (s.answeredAt ?? 0) - s.dueAt);
  return {
    sent: offered.sent,
    offeredPerSec: perSec(offered.sent, offered.elapsedMs),
    ackErrors: all.length - acked.length,
    acksPerSec: perSec(acked.length, lastAck - firstDue),
    ackP50Ms: round1(percentile(ackMs, 50)),
    ackP99Ms: round1(percentile(ackMs, 99)),
    processedPerSec: perSec(answered.length, lastAnswer - firstDue),
    repliesPerSec: perSec(messages, lastAnswer - firstDue),
    answerP50Ms: Math.round(percentile(answerMs, 50)),
    answerP99Ms: Math.round(percentile(answerMs, 99)),
    drainMs: Math.max(0, Math.round(lastAnswer - lastAck)),
    unanswered: acked.length - answered.length,
  };
}

/** A few updates never answered, with what their chat did receive: where to start looking (stderr). */
function reportUnanswered(all: Sent[], replies: ReplyLog) {
  const unanswered = all.filter((s) => s.status === 200 && s.answeredAt === undefined).slice(0, 3);
  for (const sent of unanswered) {
    const received = replies.texts(sent.chatId).map((text) => text.slice(0, 60));
    console.error(JSON.stringify({ unanswered: sent.kind, chatId: sent.chatId, repliesExpected: sent.target, received }));
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The shares of questions, intake steps and messages to open tickets actually sent ("q 62 / i 28 / t 10"). */
function mixOf(all: Sent[]): string {
  const share = (prefix: string) => Math.round((all.filter((s) => s.kind.startsWith(prefix)).length / all.length) * 100);
  return `q ${share("question")} / i ${share("intake")} / t ${share("message to an open ticket")}`;
}

/** What the server logged at warn and above, as a row of its own. */
export async function logRow(bench: string, session: Session): Promise<Measurement> {
  const problems = await session.logProblems();
  return { bench, name: session.target.name, problems: problems.length ? problems.slice(0, 8).join("; ") : "none" };
}
