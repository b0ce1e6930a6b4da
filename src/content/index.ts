/** The content module's door: content edited live (FAQ, canned replies, help texts, notices) and the policy reload. */
export { type ContentService, createContentService } from "./content-service.js";
export { isNoticeActive } from "./notices.js";
export { createPolicyReloader, type PolicyReloader, type ReloadResult } from "./policy-reload.js";
export type { CannedItem, ContentChangeRecord, ContentSnapshot, FaqItem, HelpKey, HelpTexts, NoticeItem } from "./types.js";
export { helpKeys } from "./types.js";
