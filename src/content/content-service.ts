import type { Clock } from "../kernel/clock.js";
import type { Logger } from "../kernel/logger.js";
import type { PolicySource } from "../policy/policy-source.js";
import { noticesFor } from "./notices.js";
import * as store from "./store.js";
import type { CannedItem, ContentChangeRecord, ContentSnapshot, FaqItem, HelpKey, NoticeItem } from "./types.js";

export interface ContentService {
  /** The content this instance holds now (replaced as a whole on every change). */
  current(): ContentSnapshot;
  /** Enabled canned replies for a department (its own and those for every department). */
  cannedFor(departmentId: string | undefined): CannedItem[];
  /** Notices a customer choosing this category sees now. */
  noticesFor(categoryId: string): NoticeItem[];
  /** Notices running now or still to start. */
  liveNotices(): NoticeItem[];

  saveFaq(by: string, item: FaqItem): Promise<"created" | "updated">;
  saveCanned(by: string, item: CannedItem): Promise<"created" | "updated">;
  saveHelp(by: string, key: HelpKey, text: { vi: string; en: string }): Promise<void>;
  postNotice(by: string, notice: Omit<NoticeItem, "id" | "withdrawnAt" | "createdBy">): Promise<NoticeItem>;
  withdrawNotice(by: string, id: string): Promise<boolean>;
  recordChange(change: Omit<ContentChangeRecord, "at">): Promise<void>;
  recentChanges(limit?: number): Promise<ContentChangeRecord[]>;

  /** Seeds empty tables from the policy file, reads everything, and listens for changes made elsewhere. */
  start(): Promise<void>;
  /** Reads the tables again (after a change here or a signal from another instance). */
  reload(): Promise<void>;
  /**
   * Reads the tables again if they changed since the last read. Run now and then: a signal sent while
   * this instance's listening connection was down is missed, and the FAQ index would stay stale.
   */
  refreshIfChanged(): Promise<void>;
  stop(): void;
}

export function createContentService(deps: { db: store.ContentDb; policy: PolicySource; clock: Clock; logger: Logger }): ContentService {
  const { db, clock, logger } = deps;
  let snapshot: ContentSnapshot = emptyFrom(deps.policy);
  let unsubscribe: (() => void) | undefined;
  // Reads answer in order: a slow read started before a change never replaces the newer one.
  let generation = 0;

  /** The record of changes when the snapshot was read (undefined: not read yet). */
  let version: string | undefined;

  async function reload() {
    const mine = ++generation;
    const nextVersion = await store.contentVersion(db);
    const next = await store.readContent(db, deps.policy.current(), clock.now());
    if (mine === generation) {
      snapshot = next;
      version = nextVersion;
    }
  }

  /** After a change: this instance reads it at once, the others on the signal. */
  async function changed() {
    await reload();
    await store.announceChange(db).catch((error: unknown) => {
      // The others also read again at their next start; a missed signal must not fail the edit.
      logger.warn({ err: error }, "content change signal not sent");
    });
  }

  const at = (by: string) => ({ changedBy: by, at: clock.now() });
  /** Once the change has committed: read it here, tell the others. */
  const thenTell = async <T>(change: Promise<T>): Promise<T> => {
    const result = await change;
    await changed();
    return result;
  };

  return {
    current: () => snapshot,
    cannedFor: (departmentId) => snapshot.canned.filter((c) => c.enabled && (c.department === null || c.department === departmentId)),
    noticesFor: (categoryId) => noticesFor(snapshot.notices, categoryId, clock.now()),
    liveNotices: () => snapshot.notices.filter((n) => n.withdrawnAt === null && n.endsAt > clock.now()),

    saveFaq: (by, item) => thenTell(store.saveFaq(db, item, at(by))),
    saveCanned: (by, item) => thenTell(store.saveCanned(db, item, at(by))),
    saveHelp: (by, key, text) => thenTell(store.saveHelp(db, key, text, at(by))),
    postNotice: (by, notice) => thenTell(store.createNotice(db, notice, at(by))),
    async withdrawNotice(by, id) {
      const done = await store.withdrawNotice(db, id, at(by));
      if (done) await changed();
      return done;
    },
    recordChange: (change) => store.recordChange(db, { ...change, at: clock.now() }),
    recentChanges: (limit = 50) => store.recentChanges(db, limit),

    async start() {
      const seeded = await store.seedFromPolicy(db, deps.policy.current(), clock.now());
      if (seeded.length > 0) logger.info({ seeded }, "content seeded from the policy file");
      unsubscribe ??= store.onChangeElsewhere(db, () => {
        reload().catch((error: unknown) => logger.error({ err: error }, "content reload failed"));
      });
      await reload();
    },
    reload,
    async refreshIfChanged() {
      if ((await store.contentVersion(db)) !== version) await reload();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}

/** Before the first read: the policy file's content, so nothing is ever missing. */
function emptyFrom(policy: PolicySource): ContentSnapshot {
  const p = policy.current();
  return {
    faq: p.faq.map((f) => ({ ...f, variants: [], enabled: true })),
    canned: p.replies.canned.map((c) => ({ ...c, department: null, enabled: true })),
    help: p.help,
    notices: [],
  };
}
