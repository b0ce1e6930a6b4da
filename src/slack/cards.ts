import type { KnownBlock } from "@slack/types";
import type { Translator } from "../i18n/i18n.js";
import type { Language } from "../kernel/language.js";
import type { StoredFile } from "../kernel/stored-file.js";
import { categoryName, departmentName } from "../policy/names.js";
import type { Policy } from "../policy/policy.schema.js";
import type { CardData } from "../tickets/index.js";
import { filesLine } from "./file-links.js";
import { clip, escapeMrkdwn } from "./mrkdwn.js";
import { formatMoment } from "./slack-context.js";

/** Button action ids; each button's value is the ticket id. */
export const actions = {
  claim: "ticket_claim",
  claimNext: "claim_next",
  reply: "ticket_reply",
  resolve: "ticket_resolve",
  unclaim: "ticket_unclaim",
  handBack: "ticket_hand_back",
  approve: "ticket_approve",
  reject: "ticket_reject",
  reroute: "ticket_reroute",
  reassign: "ticket_reassign",
} as const;

/** work: the card staff act on; feed: Customer care's read-only copy (R1.5); moved: a card left behind after a reroute. */
export type CardRole = "work" | "feed" | "moved";

export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Cards name exact queue positions at the head of the line only: further back, "after the first 20"
 * stays true while the line moves, so a claim updates a few cards, not every card of a long queue.
 */
export const POSITIONS_SHOWN = 20;

function positionText(position: number, t: (key: string, vars?: Record<string, unknown>) => string): string {
  return position <= POSITIONS_SHOWN ? t("card.positionValue", { position }) : t("card.positionBeyond", { count: POSITIONS_SHOWN });
}

/**
 * A ticket's card. Everything the customer wrote goes out as plain_text or escaped mrkdwn, so it
 * can neither ping (`<!channel>`) nor inject markup.
 */
export function renderCard(
  data: CardData,
  role: CardRole,
  policy: Policy,
  i18n: Translator,
  language: Language,
  fileLink: (file: StoredFile) => string,
): RenderedMessage {
  const t = (key: string, vars?: Record<string, unknown>) => i18n.t(language, `slack:${key}`, vars);
  const { ticket } = data;
  const category = categoryName(policy, ticket.categoryId, language);
  const title = t("card.title", { number: ticket.number, category });
  const department = departmentName(policy, ticket.departmentId, language);
  const channel = i18n.has(`slack:channel.${ticket.channel}`) ? t(`channel.${ticket.channel}`) : ticket.channel;
  const customer = t("card.customerValue", { name: data.customerName ?? t("card.unknownCustomer"), channel });
  const claimer = data.claimer ? (data.claimer.slackUserId ? `<@${data.claimer.slackUserId}>` : escapeMrkdwn(data.claimer.name)) : null;
  const status =
    t(`status.${ticket.status}`) + (ticket.status === "claimed" && claimer ? ` · ${t("card.claimedBy", { name: claimer })}` : "");
  const deadline = ticket.resolutionDueAt
    ? t("card.deadlineValue", {
        deadline: formatMoment(ticket.resolutionDueAt, policy.company.timeZone),
        sla: data.sla ? t(`sla.${data.sla}`) : "",
      }).replace(/ · $/, "")
    : t("card.noDeadline");

  const field = (label: string, value: string) => ({ type: "mrkdwn" as const, text: `*${escapeMrkdwn(label)}*\n${value}` });
  const fields = [
    field(t("card.department"), escapeMrkdwn(department)),
    field(t("card.customer"), escapeMrkdwn(customer)),
    field(t("card.status"), status),
    field(t("card.deadline"), escapeMrkdwn(deadline)),
  ];
  if (data.position !== null) fields.push(field(t("card.position"), escapeMrkdwn(positionText(data.position, t))));

  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(title, 150), emoji: false } },
    { type: "section", block_id: "ticket_facts", fields },
  ];
  if (data.satisfaction) blocks.push(satisfactionBlock(data.satisfaction, t));
  blocks.push({
    type: "section",
    block_id: "ticket_description",
    text: { type: "plain_text", text: clip(ticket.description, 2900), emoji: false },
  });
  if (data.attachments.length > 0) {
    const text = filesLine(data.attachments, fileLink, (names) => t("card.attachments", { names }));
    // Too long for one block: the names alone, as text (never a link cut in half).
    const fallback = escapeMrkdwn(clip(t("card.attachments", { names: data.attachments.map((a) => a.name).join(", ") }), 2000));
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: text.length <= 3000 ? text : fallback }] });
  }
  if (role === "work") {
    const buttons = buttonsFor(ticket.status, ticket.id, t);
    if (buttons.length > 0) blocks.push({ type: "actions", block_id: `ticket_actions_${ticket.number}`, elements: buttons });
  } else {
    const note = role === "feed" ? t("card.readOnly") : t("card.movedTo", { department });
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(note) }] });
  }
  // The notification text is mrkdwn too: escaped.
  return { text: escapeMrkdwn(`${title} · ${t(`status.${ticket.status}`)}`), blocks };
}

/** R4.2: what a satisfaction case is about, said plainly; the comment is the customer's own words (plain text). */
function satisfactionBlock(
  case_: NonNullable<CardData["satisfaction"]>,
  t: (key: string, vars?: Record<string, unknown>) => string,
): KnownBlock {
  const comment = case_.comment?.trim()
    ? t("card.satisfactionComment", { comment: case_.comment.trim() })
    : t("card.satisfactionNoComment");
  const text = `${t("card.satisfaction", { number: case_.aboutNumber, stars: case_.stars })}\n${comment}`;
  return { type: "section", block_id: "ticket_satisfaction", text: { type: "plain_text", text: clip(text, 2900), emoji: false } };
}

function buttonsFor(status: string, ticketId: string, t: (key: string) => string) {
  const button = (key: string, actionId: string, style?: "primary" | "danger") => ({
    type: "button" as const,
    text: { type: "plain_text" as const, text: t(`button.${key}`) },
    action_id: actionId,
    value: ticketId,
    ...(style ? { style } : {}),
  });
  switch (status) {
    case "ready":
      return [button("claim", actions.claim, "primary"), button("reroute", actions.reroute)];
    case "claimed":
      return [
        button("reply", actions.reply, "primary"),
        button("resolve", actions.resolve),
        button("unclaim", actions.unclaim),
        button("handBack", actions.handBack),
        button("reroute", actions.reroute),
        button("reassign", actions.reassign),
      ];
    case "awaiting_approval":
      return [
        button("approve", actions.approve, "primary"),
        button("reject", actions.reject, "danger"),
        button("reroute", actions.reroute),
      ];
    default:
      return [];
  }
}

/** The pinned message of a department channel: one Claim next button (R3.1). */
export function renderClaimNextPin(policy: Policy, departmentId: string, i18n: Translator, language: Language): RenderedMessage {
  const text = i18n.t(language, "slack:pin.text", { department: departmentName(policy, departmentId, language) });
  return {
    text: escapeMrkdwn(text),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(text) } },
      {
        type: "actions",
        block_id: `claim_next_${departmentId}`,
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: i18n.t(language, "slack:button.claimNext") },
            action_id: actions.claimNext,
            value: departmentId,
            style: "primary",
          },
        ],
      },
    ],
  };
}
