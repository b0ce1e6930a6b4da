import type { WebClient } from "@slack/web-api";
import type { ContentService } from "../content/index.js";
import type { Translator } from "../i18n/i18n.js";
import type { Clock } from "../kernel/clock.js";
import { formatDateTime } from "../kernel/date-time.js";
import type { Language } from "../kernel/language.js";
import type { Logger } from "../kernel/logger.js";
import type { StoredFile } from "../kernel/stored-file.js";
import type { Policy } from "../policy/policy.schema.js";
import type { TicketService } from "../tickets/index.js";
import type { HomeWatchers } from "./home-watchers.js";
import type { ReplyFiles } from "./reply-files.js";
import type { StaffDirectory } from "./staff-directory.js";
import type { SlackStore } from "./store.js";

/** What the Slack app's parts share, built once by createSlackModule. */
export interface SlackContext {
  /** The Slack app's own table: where its cards and pins are. */
  store: SlackStore;
  /** The running policy (read at each use: a reload applies at once). */
  policy: Policy;
  /** Canned replies and notices, as edited in the console. */
  content: ContentService;
  clock: Clock;
  logger: Logger;
  tickets: TicketService;
  client: WebClient;
  i18n: Translator;
  staff: StaffDirectory;
  /** Who opened App Home recently, whose Home is re-published when their tickets or queues change. */
  homeWatchers: HomeWatchers;
  /** The Reply modal's file attachments, downloaded with the bot token into DATA_DIR/files/slack. */
  replyFiles: ReplyFiles;
  /** A signed link, served by our server, to a customer's stored file. */
  fileLink(file: StoredFile): string;
  /** Cards are read by a whole channel: they use the policy's default language. */
  channelLanguage: Language;
  /**
   * A modal's use case at most once per submitted view: submitted again (Slack showed an error, yet the
   * first went through), it is `repeated` and changes nothing. A refusal is not kept.
   */
  submissionOnce<T extends { ok: boolean }>(viewId: string, work: () => Promise<T>): Promise<T | { ok: true; repeated: true }>;
}

/** "dd/MM/yyyy HH:mm" in the company's time zone: the product's one date format. */
export const formatMoment = (at: Date, timeZone: string): string => formatDateTime(at, timeZone);

/** The channel a department's cards go to, from the policy. */
export function departmentChannel(policy: Policy, departmentId: string): string | undefined {
  return policy.departments.find((d) => d.id === departmentId)?.slackChannel;
}
