import { type Customers, createCustomers } from "./customers.js";
import { type InboundPlan, logRow } from "./inbound.js";
import { drive, type Pace, sleep } from "./load.js";
import { type Measurement, percentile, waitUntil } from "./measure.js";
import { queuesEmpty } from "./monitor.js";
import type { ReplyLog } from "./replies.js";
import { launch } from "./servers.js";
import { hotroTarget, openSession, type Session } from "./target.js";

/**
 * Crash: hotro is killed with SIGKILL under load several times and started again each time, while
 * the load generator behaves as Telegram does (an update not acknowledged with a 200 is sent again,
 * same update_id, until it is). Afterwards every acknowledged update should have been answered
 * exactly once: what was answered twice (duplicates) and what never was (losses) is counted per chat.
 */

/** `drainTimeoutMs` must leave time for the leases of work cut short by a kill (WORK_LEASE_SECONDS, 15 s by default) to expire and the work to be redone. */
export interface CrashPlan extends Pick<InboundPlan, "openTickets" | "drainTimeoutMs"> {
  pace: Pace;
  kills: number;
}

// Above hotro's processing rate, so that a backlog is being worked on at each kill.
export const crashPlan: CrashPlan = {
  pace: { rate: 60, durationMs: 15_000, maxCount: Number.POSITIVE_INFINITY, inFlight: 50 },
  kills: 3,
  openTickets: 20,
  drainTimeoutMs: 150_000,
};

export async function benchCrash(options: { plan: CrashPlan; databaseUrl?: string; embeddedTemplate?: string }): Promise<Measurement[]> {
  const targets = [
    hotroTarget({ ...(options.embeddedTemplate ? { embeddedTemplate: options.embeddedTemplate } : {}) }),
    ...(options.databaseUrl ? [hotroTarget({ databaseUrl: options.databaseUrl })] : []),
  ];
  // Side by side: most of the time goes into waiting for leases to expire, and what is counted
  // here (acks, answers, duplicates) does not depend on the speed of the machine.
  const results = await Promise.all(
    targets.map(async (target) => {
      const session = await openSession(target, {
        bench: "crash",
        inFlight: options.plan.pace.inFlight,
        tickets: options.plan.openTickets,
      });
      try {
        return [await crashUnderLoad(session, options.plan), await logRow("crash-log", session)];
      } finally {
        await session.close();
      }
    }),
  );
  return results.flat();
}

async function crashUnderLoad(session: Session, plan: CrashPlan): Promise<Measurement> {
  // Each question comes from a chat of its own: exactly one answer is expected per chat.
  const customers = createCustomers({
    questionChats: 1_000_000,
    chatBase: 1_000_000,
    calibration: session.calibration,
    replies: session.replies,
    nextId: session.nextId,
    seed: 1,
  });
  const messagesBefore = session.replies.messages();
  let retries = 0;
  const giveUpAt = performance.now() + plan.pace.durationMs + plan.drainTimeoutMs;
  const load = drive(plan.pace, async (dueAt) => {
    const { sent, update } = customers.next(dueAt);
    const acked = await postUntilAcked(() => session.poster.post(update), giveUpAt);
    retries += acked.failures;
    customers.acked(sent, acked.status, performance.now());
  });
  const restartMs = await killRepeatedly(session, plan);
  await load;
  await waitUntil(async () => customers.outstanding() === 0, plan.drainTimeoutMs).catch(() => undefined);
  // Work redone after a lease expired may still be on its way: wait until both queues are empty.
  await waitUntil(() => queuesEmpty(session.server.origin, session.spec.metricsPrefix), 90_000).catch(() => undefined);
  await sleep(2000);

  const acked = customers.all().filter((s) => s.status === 200);
  const answerMs = acked.flatMap((s) => (s.answeredAt === undefined ? [] : [s.answeredAt - s.dueAt]));
  return {
    bench: "crash",
    name: `${session.target.name}, ${plan.kills} × kill -9 at ${plan.pace.rate}/s`,
    sent: customers.all().length,
    acked: acked.length,
    retries,
    answered: answerMs.length,
    replies: session.replies.messages() - messagesBefore,
    ...repliesAgainstExpected(customers, session.replies),
    unanswered: acked.length - answerMs.length,
    answerP50Ms: Math.round(percentile(answerMs, 50)),
    answerMaxMs: Math.round(Math.max(0, ...answerMs)),
    restartMs: Math.round(Math.max(...restartMs)),
    ...(await takenUpAgain(session)),
  };
}

/**
 * From the database, once the server has stopped: events and outbox messages taken up more than
 * once. A kill cuts work short; it is taken up again once its lease (15 s) expires, and then done
 * twice if the first attempt had got further than it recorded (an answer committed but the event
 * not marked processed; a message Telegram took but not marked sent).
 */
async function takenUpAgain(session: Session): Promise<Record<string, number>> {
  if (!session.database) return {};
  await session.server.stop();
  const [events] = await session.database.query<{ count: number }>(`SELECT count(*)::int AS count FROM "InboundEvent" WHERE attempts > 1`);
  const [messages] = await session.database.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM "OutboxMessage" WHERE attempts > 1 AND status = 'sent'`,
  );
  return { eventsRetried: events?.count ?? 0, messagesRetried: messages?.count ?? 0 };
}

/** Telegram's way: an update not acknowledged is delivered again, until it is (or the bench gives up). */
async function postUntilAcked(post: () => Promise<number>, giveUpAt: number) {
  let failures = 0;
  for (;;) {
    const status = await post();
    if (status === 200 || performance.now() > giveUpAt) return { status, failures };
    failures++;
    await sleep(500);
  }
}

/** Kills the server at even intervals of the load and starts it again each time; returns each restart's time to ready. */
async function killRepeatedly(session: Session, plan: CrashPlan): Promise<number[]> {
  const restartMs: number[] = [];
  const start = performance.now();
  for (let kill = 1; kill <= plan.kills; kill++) {
    await sleep(start + (kill * plan.pace.durationMs) / (plan.kills + 1) - performance.now());
    await session.server.kill();
    const killedAt = performance.now();
    session.server = await launch(session.spec);
    restartMs.push(performance.now() - killedAt);
  }
  return restartMs;
}

/**
 * Per chat, the replies received against those its acknowledged updates call for. More than
 * expected means some update was answered twice: a duplicate when the extra reply repeats a text
 * the chat already had (the same answer sent again), an extra reply otherwise (the update was
 * handled again in a later state). Fewer than expected is a loss.
 */
function repliesAgainstExpected(customers: Customers, replies: ReplyLog): Record<string, number> {
  let duplicates = 0;
  let worstChatDuplicates = 0;
  let extra = 0;
  let missing = 0;
  for (const [chatId, expected] of customers.expectedReplies()) {
    const texts = replies.texts(chatId);
    const surplus = texts.length - expected;
    if (surplus < 0) missing -= surplus;
    if (surplus <= 0) continue;
    const repeats = Math.min(surplus, texts.length - new Set(texts).size);
    duplicates += repeats;
    worstChatDuplicates = Math.max(worstChatDuplicates, repeats);
    extra += surplus - repeats;
  }
  return { duplicates, worstChatDuplicates, extraReplies: extra, missingReplies: missing };
}
