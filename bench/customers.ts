import type { Update } from "grammy/types";
import { callbackUpdate, textUpdate } from "../test/fixtures/telegram-updates.js";
import type { Poster } from "./load.js";
import { sleep } from "./load.js";
import { waitUntil } from "./measure.js";
import type { ReplyLog } from "./replies.js";

/**
 * The simulated customers: who sends what, and when each update counts as answered.
 *
 * Questions and messages to open tickets are sent open loop (a customer may have several waiting);
 * an intake dialog sends its next step only once the previous one was answered, as a person would,
 * so its steps can never be taken out of order. How many messages answer each kind of update is
 * measured on the server itself before the load (`calibrate`), so "answered" needs no guesses.
 */

/** One thing a customer does: a text or a button press. `kind` names it for the reply counts. */
interface Step {
  kind: string;
  text?: string;
  data?: string;
}

const QUESTIONS: Step[] = [
  { kind: "question: hours", text: "mấy giờ làm việc?" },
  { kind: "question: FAQ", text: "đổi mật khẩu email" },
];
/** A chat's first message also gets the personal-data notice: calibrated as a step of its own. */
const FIRST_QUESTION: Step = { kind: "question: first contact", text: QUESTIONS[0]?.text ?? "" };
const FOLLOW_UP: Step = { kind: "message to an open ticket", text: "Tôi gửi thêm thông tin: lỗi vẫn còn" };
const CATEGORIES = ["hosting_domain", "email_accounts"];

/** The intake steps of test/channels/telegram/intake-dialog.test.ts, from /start to the confirmation. */
function intake(category: string): Step[] {
  return [
    { kind: "intake: /start", text: "/start" },
    { kind: "intake: menu:new", data: "menu:new" },
    { kind: `intake: cat:${category}`, data: `cat:${category}` },
    { kind: "intake: description", text: "Website congty.vn của tôi báo lỗi 500 từ sáng nay" },
    { kind: "intake: xong", text: "xong" },
    { kind: "intake: consent", data: "in:consent_yes" },
    { kind: "intake: name", text: "Nguyễn Văn An" },
    { kind: "intake: phone", text: "0903 123 456" },
    { kind: "intake: website", text: "https://www.congty.vn" },
    { kind: "intake: in:confirm", data: "in:confirm" },
  ];
}

/** Replies expected per kind of step, measured by `calibrate`. */
export type Expectations = Map<string, number>;

/** Update ids are unique per server run: the webhook deduplicates on them. */
export function updateIds(): () => number {
  let last = 0;
  return () => ++last;
}

function toUpdate(step: Step, chatId: number, updateId: number): Update {
  const who = { chatId, userId: chatId, firstName: `Khách ${chatId}`, updateId, messageId: updateId, date: Math.floor(Date.now() / 1000) };
  return step.data
    ? callbackUpdate({ ...who, data: step.data, callbackQueryId: `q${updateId}` })
    : textUpdate({ ...who, text: step.text ?? "" });
}

/** Replies expected per kind of step, and chats left with an open ticket (for messages to open tickets). */
export interface Calibration {
  expect: Expectations;
  ticketChats: number[];
}

/**
 * Walks every kind of step, one at a time per chat, and counts the messages that answer it: those
 * that arrived once the server says it has nothing left to process or send (`settled`). `tickets`
 * intake dialogs run side by side and leave their tickets open. Also warms the server up.
 */
export async function calibrate(
  poster: Poster,
  replies: ReplyLog,
  options: { nextId: () => number; chatBase: number; tickets: number; settled: () => Promise<boolean> },
): Promise<Calibration> {
  const expect: Expectations = new Map();
  async function walk(chatId: number, steps: Step[]) {
    for (const step of steps) {
      const before = replies.count(chatId);
      const status = await poster.post(toUpdate(step, chatId, options.nextId()));
      if (status !== 200) throw new Error(`calibration: "${step.kind}" was answered ${status}`);
      await waitUntil(async () => replies.count(chatId) > before && (await options.settled()), 60_000);
      await sleep(20); // replies are read from the stand-in every 2 ms
      const count = replies.count(chatId) - before;
      if ((expect.get(step.kind) ?? count) !== count)
        throw new Error(`calibration: "${step.kind}" was answered by ${count} messages, and by another count before`);
      expect.set(step.kind, count);
    }
  }
  // Every category at least once; the first dialog's customer also writes to the ticket it opened.
  const ticketChats = Array.from({ length: Math.max(options.tickets, CATEGORIES.length) }, (_, i) => options.chatBase + 1 + i);
  await Promise.all([
    walk(options.chatBase, [FIRST_QUESTION, ...QUESTIONS]),
    ...ticketChats.map((chatId, i) => walk(chatId, [...intake(categoryOf(i)), ...(i === 0 ? [FOLLOW_UP] : [])])),
  ]);
  return { expect, ticketChats };
}

const categoryOf = (n: number) => CATEGORIES[n % CATEGORIES.length] ?? "other";

/** One update sent under load and what became of it. Times are `performance.now()`. */
export interface Sent {
  chatId: number;
  kind: string;
  dueAt: number;
  ackAt?: number;
  status?: number;
  /** The chat's reply count at which this update is answered. */
  target?: number;
  answeredAt?: number;
}

export interface Customers {
  /** The next update by the mix, and its record (to pass to `acked`). */
  next(dueAt: number): { sent: Sent; update: Update };
  acked(sent: Sent, status: number, at: number): void;
  /** Acknowledged (200) updates not answered yet. */
  outstanding(): number;
  all(): Sent[];
  /** Every chat that had an update acknowledged, with the replies its acknowledged updates call for. */
  expectedReplies(): Map<number, number>;
  dialogsCompleted(): number;
}

/** The mix, as shares of the updates sent. Dialog steps and follow-ups fall back to a question when none can be sent. */
const MIX = { newDialog: 0.04, dialogStep: 0.26, followUp: 0.1 };

export function createCustomers(options: {
  /** Customers asking questions; the same ones ask again (round robin). */
  questionChats: number;
  /** Chats of new customers are numbered from here: none may have written before. */
  chatBase: number;
  calibration: Calibration;
  replies: ReplyLog;
  nextId: () => number;
  seed: number;
}): Customers {
  const { replies } = options;
  const { expect } = options.calibration;
  const firstContactExtra = (expect.get(FIRST_QUESTION.kind) ?? 0) - (expect.get(QUESTIONS[0]?.kind ?? "") ?? 0);
  const random = mulberry32(options.seed);
  const sentAll: Sent[] = [];
  const waiting = new Map<number, { expected: number; queue: Sent[] }>();
  const dialogs = new Map<number, { steps: Step[]; at: number }>();
  /** Dialog chats whose last step was answered: their next step may go. */
  const ready: number[] = [];
  /** Chats that completed the intake: their ticket is open. */
  const tickets = [...options.calibration.ticketChats];
  // Those chats were answered before: their replies so far count for nothing here.
  for (const chatId of tickets) waiting.set(chatId, { expected: replies.count(chatId), queue: [] });
  let questionTurn = 0;
  let newChat = 0;
  let completed = 0;
  let outstanding = 0;

  function pick(): { chatId: number; step: Step } {
    const r = random();
    if (r < MIX.newDialog) {
      const chatId = options.chatBase + options.questionChats + newChat++;
      dialogs.set(chatId, { steps: intake(categoryOf(newChat)), at: 0 });
      return { chatId, step: dialogStep(chatId) };
    }
    const dialogChat = r < MIX.newDialog + MIX.dialogStep ? ready.shift() : undefined;
    if (dialogChat !== undefined) return { chatId: dialogChat, step: dialogStep(dialogChat) };
    const followUp = r >= MIX.newDialog + MIX.dialogStep && r < MIX.newDialog + MIX.dialogStep + MIX.followUp;
    if (followUp && tickets.length > 0) return { chatId: tickets[Math.floor(random() * tickets.length)] ?? 0, step: FOLLOW_UP };
    const chatId = options.chatBase + (questionTurn++ % options.questionChats);
    return { chatId, step: QUESTIONS[Math.floor(random() * QUESTIONS.length)] ?? FOLLOW_UP };
  }

  function dialogStep(chatId: number): Step {
    const dialog = dialogs.get(chatId);
    const step = dialog?.steps[dialog.at];
    if (!dialog || !step) throw new Error(`chat ${chatId} has no dialog step left`);
    dialog.at++;
    return step;
  }

  /** Marks as answered what the chat's replies cover; a dialog then moves on. */
  function check(chatId: number) {
    const chat = waiting.get(chatId);
    while (chat?.queue[0] && replies.count(chatId) >= (chat.queue[0].target ?? 0)) {
      const sent = chat.queue.shift() as Sent;
      sent.answeredAt = replies.timeOf(chatId, sent.target ?? 0);
      outstanding--;
      const dialog = dialogs.get(chatId);
      if (!dialog || !sent.kind.startsWith("intake")) continue;
      if (dialog.at < dialog.steps.length) ready.push(chatId);
      else {
        completed++;
        tickets.push(chatId);
      }
    }
  }
  replies.onReply(check);

  return {
    next(dueAt) {
      const { chatId, step } = pick();
      const sent: Sent = { chatId, kind: step.kind, dueAt };
      sentAll.push(sent);
      return { sent, update: toUpdate(step, chatId, options.nextId()) };
    },
    acked(sent, status, at) {
      sent.status = status;
      sent.ackAt = at;
      // A dialog whose step was refused stops there: its customer is counted, not re-driven.
      if (status !== 200) return;
      const replyCount = expect.get(sent.kind);
      if (replyCount === undefined) throw new Error(`no calibrated reply count for "${sent.kind}"`);
      // Chats are new to the server (each phase has its own chatBase), so counting starts at zero, and
      // a question that is a chat's first message also gets the first-contact notice (an intake's
      // /start was calibrated on new chats, so its count has it already).
      const known = waiting.get(sent.chatId);
      const chat = known ?? { expected: 0, queue: [] };
      waiting.set(sent.chatId, chat);
      chat.expected += replyCount + (!known && sent.kind.startsWith("question") ? firstContactExtra : 0);
      sent.target = chat.expected;
      chat.queue.push(sent);
      outstanding++;
      check(sent.chatId);
    },
    outstanding: () => outstanding,
    all: () => sentAll,
    expectedReplies: () => new Map([...waiting].map(([chatId, chat]) => [chatId, chat.expected])),
    dialogsCompleted: () => completed,
  };
}

/** A small seeded generator: the same seed gives the same mix in every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
