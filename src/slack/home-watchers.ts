/** How long after opening App Home a staff member's Home is kept fresh. */
export const HOME_FRESH_FOR_MS = 30 * 60_000;

/** The ticket a change is about, as far as whose Home it touches. */
export interface TouchedTicket {
  id: string;
  departmentId: string;
  claimerSlackUserId: string | null;
}

/**
 * Who looked at App Home recently (the SlackHomeWatcher table, shared by every instance: the
 * instance that changes a ticket is rarely the one that received app_home_opened). Only these
 * users' Homes are re-published when a ticket changes; everyone else's is rebuilt when they open it.
 */
export interface HomeWatchers {
  /** The user opened Home (or pressed a button on it); watchers gone stale are dropped. */
  opened(slackUserId: string, departments: string[], at: Date): Promise<void>;
  /** What was just published to a user's Home. */
  published(slackUserId: string, shown: string[], digest: string): Promise<void>;
  /** The last digest published to a user's Home, if they are watched. */
  digestOf(slackUserId: string): Promise<string | undefined>;
  /**
   * Users who opened Home within the window and whose Home a change to this ticket touches: it is
   * (or was) on their Home, it is in one of their departments, or they claimed it.
   */
  concernedBy(ticket: TouchedTicket, now: Date): Promise<string[]>;
}
