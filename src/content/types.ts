import type { LocalizedText } from "../policy/policy.schema.js";

/** Content Customer care edits live: kept in the database, seeded from the policy file while a table is empty. */

export type FaqItem = {
  id: string;
  question: LocalizedText;
  /** Other ways customers ask it, searched with the keywords. */
  variants: string[];
  answer: LocalizedText;
  keywords: string[];
  link?: string;
  enabled: boolean;
};

export type CannedItem = {
  id: string;
  /** Null: offered in every department. */
  department: string | null;
  title: LocalizedText;
  text: LocalizedText;
  enabled: boolean;
};

export const helpKeys = ["terms", "howToSend", "howToRespond"] as const;
export type HelpKey = (typeof helpKeys)[number];
export type HelpTexts = Record<HelpKey, LocalizedText>;

export type NoticeItem = {
  id: string;
  text: LocalizedText;
  /** Category ids; empty: every category. */
  categories: string[];
  startsAt: Date;
  endsAt: Date;
  withdrawnAt: Date | null;
  createdBy: string;
};

/** What every instance holds in memory, replaced as a whole when anything changes (readers never see half a change). */
export interface ContentSnapshot {
  faq: readonly FaqItem[];
  canned: readonly CannedItem[];
  help: HelpTexts;
  /** Notices not yet ended nor withdrawn (a notice still to start included). */
  notices: readonly NoticeItem[];
}

export type ContentKind = "faq" | "canned" | "help" | "notice" | "policy";

export type ContentChangeRecord = {
  kind: ContentKind;
  itemId: string;
  action: string;
  changedBy: string;
  at: Date;
  detail?: unknown;
};
