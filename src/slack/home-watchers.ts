/** How long after opening App Home a staff member's Home is kept fresh. */
export const HOME_FRESH_FOR_MS = 30 * 60_000;

interface Watcher {
  openedAt: number;
  /** The departments whose queues the Home shows. */
  departments: string[];
  /** The tickets it showed when last published, so a ticket that leaves it is noticed too. */
  shown: Set<string>;
  /** What was last published, so an unchanged Home is not sent again. */
  digest: string;
}

/**
 * Who looked at App Home recently, in memory: cheap to keep, and lost on restart by design
 * (the next app_home_opened publishes a fresh Home anyway). Only these users' Homes are
 * re-published when a ticket changes; everyone else's is rebuilt when they open it.
 */
export class HomeWatchers {
  private readonly watchers = new Map<string, Watcher>();

  constructor(private readonly freshForMs = HOME_FRESH_FOR_MS) {}

  /** The user opened Home (or pressed a button on it). */
  opened(slackUserId: string, departments: string[], at: Date): void {
    const known = this.watchers.get(slackUserId);
    this.watchers.set(slackUserId, { shown: new Set(), digest: "", ...known, openedAt: at.getTime(), departments });
  }

  /** What was just published to a user's Home. */
  published(slackUserId: string, shown: Iterable<string>, digest: string): void {
    const known = this.watchers.get(slackUserId);
    if (known) this.watchers.set(slackUserId, { ...known, shown: new Set(shown), digest });
  }

  /** The last digest published to a user's Home, if they are watched. */
  digestOf(slackUserId: string): string | undefined {
    return this.watchers.get(slackUserId)?.digest;
  }

  /**
   * Users who opened Home within the window and whose Home a change to this ticket touches: it is
   * (or was) on their Home, it is in one of their departments, or they claimed it. Stale entries are dropped.
   */
  concernedBy(ticket: { id: string; departmentId: string; claimerSlackUserId: string | null }, now: Date): string[] {
    const users: string[] = [];
    for (const [userId, watcher] of this.watchers) {
      if (now.getTime() - watcher.openedAt > this.freshForMs) {
        this.watchers.delete(userId);
        continue;
      }
      const concerned =
        watcher.shown.has(ticket.id) || watcher.departments.includes(ticket.departmentId) || ticket.claimerSlackUserId === userId;
      if (concerned) users.push(userId);
    }
    return users;
  }
}
