import type { Database, Tx } from "../db/database.js";
import { inTransaction } from "../db/transaction-scope.js";
import type { Policy } from "../policy/policy.schema.js";
import {
  type CannedItem,
  type ContentChangeRecord,
  type ContentSnapshot,
  type FaqItem,
  type HelpKey,
  type HelpTexts,
  helpKeys,
  type NoticeItem,
} from "./types.js";

/**
 * The content module's tables: FAQ entries, canned replies, help texts, notices, and the record of
 * every change (ContentChange). Each change and its record commit together.
 */

/** The database the content lives in (its signals tell the other instances). */
export type ContentDb = Database;

/** Topic of the signal every instance listens to: "content changed, read it again". */
const CONTENT_TOPIC = "content";

export const announceChange = (db: Database): Promise<void> => db.signals.publish(CONTENT_TOPIC, "changed");
export const onChangeElsewhere = (db: Database, listener: () => void): (() => void) => db.signals.subscribe(CONTENT_TOPIC, listener);

type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue | null };
/** Dates become ISO strings: the record is JSON. */
const asJson = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

async function record(tx: Tx, change: ContentChangeRecord) {
  await tx.contentChange.create({
    data: {
      kind: change.kind,
      itemId: change.itemId,
      action: change.action,
      changedBy: change.changedBy,
      at: change.at,
      ...(change.detail === undefined ? {} : { detail: asJson(change.detail) }),
    },
  });
}

/** Fills each empty table from the policy file (FAQ, canned replies, help texts); returns what was seeded. */
export async function seedFromPolicy(db: Database, policy: Policy, at: Date): Promise<string[]> {
  return inTransaction(db.prisma, async (tx) => {
    const seeded: string[] = [];
    if ((await tx.faqEntry.count()) === 0 && policy.faq.length > 0) {
      await tx.faqEntry.createMany({
        data: policy.faq.map((f) => ({
          id: f.id,
          questionVi: f.question.vi,
          questionEn: f.question.en,
          variants: [],
          answerVi: f.answer.vi,
          answerEn: f.answer.en,
          keywords: f.keywords,
          link: f.link ?? null,
        })),
        skipDuplicates: true,
      });
      seeded.push("faq");
    }
    if ((await tx.cannedReply.count()) === 0 && policy.replies.canned.length > 0) {
      await tx.cannedReply.createMany({
        data: policy.replies.canned.map((c) => ({
          id: c.id,
          department: null,
          titleVi: c.title.vi,
          titleEn: c.title.en,
          textVi: c.text.vi,
          textEn: c.text.en,
        })),
        skipDuplicates: true,
      });
      seeded.push("canned");
    }
    if ((await tx.helpText.count()) === 0) {
      await tx.helpText.createMany({
        data: helpKeys.map((key) => ({ key, textVi: policy.help[key].vi, textEn: policy.help[key].en })),
        skipDuplicates: true,
      });
      seeded.push("help");
    }
    for (const kind of seeded) {
      await record(tx, { kind: kind as ContentChangeRecord["kind"], itemId: "*", action: "seeded", changedBy: "system", at });
    }
    return seeded;
  });
}

/** Everything the instances hold: every FAQ entry and canned reply (disabled ones for the console), live notices. */
/**
 * Where the record of changes stands: every edit adds a ContentChange row in its own transaction, so
 * another value means the tables changed since. Read before the content, so a change in between is
 * read again at the next look rather than missed.
 */
export async function contentVersion(db: Database): Promise<string> {
  const [count, newest] = await Promise.all([
    db.prisma.contentChange.count(),
    db.prisma.contentChange.findFirst({ orderBy: [{ at: "desc" }, { id: "desc" }], select: { id: true } }),
  ]);
  return `${count}:${newest?.id ?? ""}`;
}

export async function readContent(db: Database, policy: Policy, now: Date): Promise<ContentSnapshot> {
  const [faq, canned, help, notices] = await Promise.all([
    db.prisma.faqEntry.findMany({ orderBy: { id: "asc" } }),
    db.prisma.cannedReply.findMany({ orderBy: { id: "asc" } }),
    db.prisma.helpText.findMany(),
    db.prisma.notice.findMany({ where: { withdrawnAt: null, endsAt: { gt: now } }, orderBy: { startsAt: "asc" } }),
  ]);
  const helpTexts = Object.fromEntries(helpKeys.map((key) => [key, policy.help[key]])) as HelpTexts;
  for (const row of help) {
    if ((helpKeys as readonly string[]).includes(row.key)) helpTexts[row.key as HelpKey] = { vi: row.textVi, en: row.textEn };
  }
  return {
    faq: faq.map(
      (r): FaqItem => ({
        id: r.id,
        question: { vi: r.questionVi, en: r.questionEn },
        variants: r.variants,
        answer: { vi: r.answerVi, en: r.answerEn },
        keywords: r.keywords,
        ...(r.link ? { link: r.link } : {}),
        enabled: r.enabled,
      }),
    ),
    canned: canned.map(
      (r): CannedItem => ({
        id: r.id,
        department: r.department,
        title: { vi: r.titleVi, en: r.titleEn },
        text: { vi: r.textVi, en: r.textEn },
        enabled: r.enabled,
      }),
    ),
    help: helpTexts,
    notices: notices.map(noticeItem),
  };
}

const noticeItem = (r: {
  id: string;
  textVi: string;
  textEn: string;
  categories: string[];
  startsAt: Date;
  endsAt: Date;
  withdrawnAt: Date | null;
  createdBy: string;
}): NoticeItem => ({
  id: r.id,
  text: { vi: r.textVi, en: r.textEn },
  categories: r.categories,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  withdrawnAt: r.withdrawnAt,
  createdBy: r.createdBy,
});

export type Change = { changedBy: string; at: Date };

/** Adds or replaces an FAQ entry. */
export async function saveFaq(db: Database, item: FaqItem, change: Change): Promise<"created" | "updated"> {
  return inTransaction(db.prisma, async (tx) => {
    const existed = (await tx.faqEntry.findUnique({ where: { id: item.id }, select: { id: true } })) !== null;
    const data = {
      questionVi: item.question.vi,
      questionEn: item.question.en,
      variants: item.variants,
      answerVi: item.answer.vi,
      answerEn: item.answer.en,
      keywords: item.keywords,
      link: item.link ?? null,
      enabled: item.enabled,
    };
    await tx.faqEntry.upsert({ where: { id: item.id }, create: { id: item.id, ...data }, update: data });
    const action = existed ? "updated" : "created";
    await record(tx, { kind: "faq", itemId: item.id, action, detail: item, ...change });
    return action;
  });
}

/** Adds or replaces a canned reply. */
export async function saveCanned(db: Database, item: CannedItem, change: Change): Promise<"created" | "updated"> {
  return inTransaction(db.prisma, async (tx) => {
    const existed = (await tx.cannedReply.findUnique({ where: { id: item.id }, select: { id: true } })) !== null;
    const data = {
      department: item.department,
      titleVi: item.title.vi,
      titleEn: item.title.en,
      textVi: item.text.vi,
      textEn: item.text.en,
      enabled: item.enabled,
    };
    await tx.cannedReply.upsert({ where: { id: item.id }, create: { id: item.id, ...data }, update: data });
    const action = existed ? "updated" : "created";
    await record(tx, { kind: "canned", itemId: item.id, action, detail: item, ...change });
    return action;
  });
}

export async function saveHelp(db: Database, key: HelpKey, text: { vi: string; en: string }, change: Change): Promise<void> {
  await inTransaction(db.prisma, async (tx) => {
    await tx.helpText.upsert({
      where: { key },
      create: { key, textVi: text.vi, textEn: text.en },
      update: { textVi: text.vi, textEn: text.en },
    });
    await record(tx, { kind: "help", itemId: key, action: "updated", detail: text, ...change });
  });
}

export async function createNotice(db: Database, notice: Omit<NoticeItem, "id" | "withdrawnAt" | "createdBy">, change: Change) {
  return inTransaction(db.prisma, async (tx) => {
    const row = await tx.notice.create({
      data: {
        textVi: notice.text.vi,
        textEn: notice.text.en,
        categories: notice.categories,
        startsAt: notice.startsAt,
        endsAt: notice.endsAt,
        createdBy: change.changedBy,
      },
    });
    await record(tx, { kind: "notice", itemId: row.id, action: "created", detail: notice, ...change });
    return noticeItem(row);
  });
}

/** Ends a notice now; false when there is no such notice still running. */
export async function withdrawNotice(db: Database, id: string, change: Change): Promise<boolean> {
  return inTransaction(db.prisma, async (tx) => {
    const updated = await tx.notice.updateMany({ where: { id, withdrawnAt: null }, data: { withdrawnAt: change.at } });
    if (updated.count === 0) return false;
    await record(tx, { kind: "notice", itemId: id, action: "withdrawn", ...change });
    return true;
  });
}

/** A change that touches no content table (a policy reload), for the record. */
export async function recordChange(db: Database, change: ContentChangeRecord): Promise<void> {
  await inTransaction(db.prisma, (tx) => record(tx, change));
}

export async function recentChanges(db: Database, limit: number): Promise<ContentChangeRecord[]> {
  const rows = await db.prisma.contentChange.findMany({ orderBy: { at: "desc" }, take: limit });
  return rows.map((r) => ({
    kind: r.kind as ContentChangeRecord["kind"],
    itemId: r.itemId,
    action: r.action,
    changedBy: r.changedBy,
    at: r.at,
  }));
}
