import type { KnownBlock, ModalView } from "@slack/types";
import type { CannedItem } from "../content/index.js";
import type { Translator } from "../i18n/i18n.js";
import type { Language } from "../kernel/language.js";
import type { Policy } from "../policy/policy.schema.js";
import { clip } from "./mrkdwn.js";

/** Modal callback ids, and the block ids whose errors Slack shows inline (response_action: errors). */
export const modals = {
  reply: "reply",
  resolve: "resolve",
  handBack: "hand_back",
  reject: "reject",
  reroute: "reroute",
  reassign: "reassign",
} as const;
export type ModalKind = (typeof modals)[keyof typeof modals];

export const blocks = {
  replyText: "reply_text",
  replyFiles: "reply_files",
  cannedSelect: "reply_canned",
  resolution: "resolution",
  reason: "reason",
  department: "department",
  assignee: "assignee",
  identityWarning: "identity_warning",
  windowNote: "reply_window",
  paidConfirm: "paid_confirm",
} as const;

/** The ticket's channel's reply window as the modal shows it: times already formatted, the channel by name. */
export interface WindowNote {
  state: "paid" | "closed";
  channel: string;
  last: string;
  paidUntil: string;
}

/** What Slack carries from the button to the submission. */
export interface ModalMetadata {
  ticketId: string;
  number: number;
  channel?: string;
  /** The ticket's department when the modal opened: its canned replies are offered. */
  departmentId?: string;
}

interface ModalText {
  i18n: Translator;
  language: Language;
}

const plain = (text: string) => ({ type: "plain_text" as const, text: clip(text, 150) });

function modal(
  kind: ModalKind,
  meta: ModalMetadata,
  title: string,
  submit: string,
  body: KnownBlock[],
  { i18n, language }: ModalText,
): ModalView {
  return {
    type: "modal",
    callback_id: kind,
    private_metadata: JSON.stringify(meta),
    title: plain(clip(title, 24)),
    submit: plain(clip(submit, 24)),
    close: plain(clip(i18n.t(language, "slack:modal.cancel"), 24)),
    blocks: body,
  };
}

function textInput(blockId: string, label: string, options: { multiline?: boolean; initial?: string; hint?: string } = {}): KnownBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plain(label),
    ...(options.hint ? { hint: plain(options.hint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: "value",
      multiline: options.multiline ?? true,
      ...(options.initial ? { initial_value: options.initial } : {}),
    },
  };
}

/**
 * Reply to the customer: canned replies (the department's and the shared ones, as edited in the console) to start from (choosing one refills the
 * text box; its block id changes so Slack shows the new initial value), and the text itself.
 */
export function replyModal(
  meta: ModalMetadata,
  canned: readonly CannedItem[],
  text: ModalText,
  start?: { cannedId: string; text: string },
  identity?: { required: boolean; verified: boolean },
  window?: WindowNote,
): ModalView {
  const t = (key: string, vars?: Record<string, unknown>) => text.i18n.t(text.language, `slack:${key}`, vars);
  const body: KnownBlock[] = [...windowBlocks(window, t)];
  // Account work (password, DNS, domain transfer) on an unverified contact: warn before anything is sent.
  if (identity?.required && !identity.verified) {
    body.push({
      type: "section",
      block_id: blocks.identityWarning,
      text: { type: "mrkdwn", text: `:warning: ${t("modal.reply.unverified")}` },
      accessory: {
        type: "button",
        action_id: VERIFY_ACTION,
        value: meta.ticketId,
        text: plain(t("modal.reply.sendVerification")),
      },
    });
  }
  if (canned.length > 0) {
    body.push({
      type: "actions",
      block_id: blocks.cannedSelect,
      elements: [
        {
          type: "static_select",
          action_id: blocks.cannedSelect,
          placeholder: plain(t("modal.reply.canned")),
          // Slack takes at most 100 options in a static select.
          options: canned.slice(0, 100).map((c) => ({ text: plain(c.title[text.language]), value: c.id })),
        },
      ],
    });
  }
  const blockId = start ? `${blocks.replyText}_${start.cannedId}` : blocks.replyText;
  body.push(textInput(blockId, t("modal.reply.text"), { hint: t("modal.reply.hint"), ...(start ? { initial: start.text } : {}) }));
  body.push({
    type: "input",
    block_id: blocks.replyFiles,
    optional: true,
    label: plain(t("modal.reply.files")),
    element: { type: "file_input", action_id: "value", max_files: 5 },
  });
  return modal(modals.reply, meta, t("modal.reply.title", { number: meta.number }), t("modal.reply.submit"), body, text);
}

/** The Reply modal's button that sends the customer a verification code. */
export const VERIFY_ACTION = "ticket_verify_identity";

/**
 * Said before anything is written: in the paid part of the window a required box to confirm the paid
 * message; past the window, that the reply stays on the ticket page and goes by email when it can.
 */
function windowBlocks(window: WindowNote | undefined, t: (key: string, vars?: Record<string, unknown>) => string): KnownBlock[] {
  if (!window) return [];
  const vars = { channel: window.channel, last: window.last, paidUntil: window.paidUntil };
  const note: KnownBlock = {
    type: "section",
    block_id: blocks.windowNote,
    text: { type: "mrkdwn", text: t(`modal.window.${window.state}`, vars) },
  };
  if (window.state === "closed") return [note];
  const confirm: KnownBlock = {
    type: "input",
    block_id: blocks.paidConfirm,
    label: plain(t("modal.window.confirm")),
    element: {
      type: "checkboxes",
      action_id: "value",
      options: [{ text: plain(t("modal.window.confirmOption")), value: "paid" }],
    },
  };
  return [note, confirm];
}

export function resolveModal(meta: ModalMetadata, text: ModalText, window?: WindowNote): ModalView {
  const t = (key: string, vars?: Record<string, unknown>) => text.i18n.t(text.language, `slack:${key}`, vars);
  const body = [...windowBlocks(window, t), textInput(blocks.resolution, t("modal.resolve.text"), { hint: t("modal.resolve.hint") })];
  return modal(modals.resolve, meta, t("modal.resolve.title", { number: meta.number }), t("modal.resolve.submit"), body, text);
}

/** Hand back to Customer care or reject an approval: a reason is required (sent to the customer for a rejection). */
export function reasonModal(kind: "hand_back" | "reject", meta: ModalMetadata, text: ModalText): ModalView {
  const t = (key: string, vars?: Record<string, unknown>) => text.i18n.t(text.language, `slack:${key}`, vars);
  const name = kind === "hand_back" ? "handBack" : "reject";
  const body = [textInput(blocks.reason, t(`modal.${name}.reason`), { hint: t(`modal.${name}.hint`) })];
  return modal(kind, meta, t(`modal.${name}.title`, { number: meta.number }), t(`modal.${name}.submit`), body, text);
}

export function rerouteModal(meta: ModalMetadata, policy: Policy, currentDepartment: string, text: ModalText): ModalView {
  const t = (key: string, vars?: Record<string, unknown>) => text.i18n.t(text.language, `slack:${key}`, vars);
  const body: KnownBlock[] = [
    {
      type: "input",
      block_id: blocks.department,
      label: plain(t("modal.reroute.department")),
      element: {
        type: "static_select",
        action_id: "value",
        options: policy.departments
          .filter((d) => d.id !== currentDepartment)
          .map((d) => ({ text: plain(d.name[text.language]), value: d.id })),
      },
    },
    textInput(blocks.reason, t("modal.reroute.reason")),
  ];
  return modal(modals.reroute, meta, t("modal.reroute.title", { number: meta.number }), t("modal.reroute.submit"), body, text);
}

export function reassignModal(meta: ModalMetadata, text: ModalText): ModalView {
  const t = (key: string, vars?: Record<string, unknown>) => text.i18n.t(text.language, `slack:${key}`, vars);
  const body: KnownBlock[] = [
    {
      type: "input",
      block_id: blocks.assignee,
      label: plain(t("modal.reassign.staff")),
      element: { type: "users_select", action_id: "value" },
    },
    textInput(blocks.reason, t("modal.reassign.reason")),
  ];
  return modal(modals.reassign, meta, t("modal.reassign.title", { number: meta.number }), t("modal.reassign.submit"), body, text);
}
