import type { NoticeItem } from "./types.js";

/** A notice is shown from its start until its end time, unless withdrawn earlier. */
export function isNoticeActive(notice: NoticeItem, now: Date): boolean {
  return notice.withdrawnAt === null && notice.startsAt <= now && now < notice.endsAt;
}

/** The notices a customer choosing `categoryId` sees now: those of that category and those for every category. */
export function noticesFor(notices: readonly NoticeItem[], categoryId: string, now: Date): NoticeItem[] {
  return notices.filter((n) => isNoticeActive(n, now) && (n.categories.length === 0 || n.categories.includes(categoryId)));
}
