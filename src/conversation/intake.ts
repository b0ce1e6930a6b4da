import type { OutboundMessage, TextPart } from "../kernel/outbound.js";
import { words } from "../kernel/text.js";
import { departmentName } from "../policy/names.js";
import { type Attachment, type ConsentDecision, type Estimate, suggestCategories, type UsualFirstResponse } from "../tickets/index.js";
import { normalizeName, normalizeWebsite, parseContact } from "./contact-validation.js";
import { button, type DialogContext, message } from "./dialog-context.js";
import { estimateText, usualReplyText } from "./estimate-text.js";
import { advance, ask, cancel, cancelRow, categoryQuestion, expired, fieldInUse, type Stage, summary, with_ } from "./intake-form.js";
import { type DialogState, type IntakeState, key, raw, type StepResult } from "./types.js";
import { yesOrNo } from "./yes-no.js";

/**
 * The intake form, as the customer fills it: category (with the disambiguation question, R1.4), a
 * description over several messages and files, the contact details the policy asks, a summary to
 * confirm, edit or cancel. The questions themselves are in intake-form.ts.
 */

const DONE_WORDS = new Set(["xong", "done", "xong roi", "het", "finish", "finished", "that's all", "da xong"]);
const CANCEL_WORDS = new Set(["huy", "cancel", "thoi", "huy bo", "stop"]);

export function startIntake(ctx: DialogContext, state: DialogState, prefill?: string): StepResult {
  const intake: IntakeState = { stage: "category", description: prefill ? [prefill] : [], attachments: [], editing: false };
  const suggested = prefill ? suggestCategories(ctx.policy, prefill, 1)[0] : undefined;
  if (suggested) return chooseCategory(ctx, with_(state, intake), suggested.categoryId);
  return { state: with_(state, intake), messages: [categoryQuestion(ctx)] };
}

/** A category button works from any state, even from an old message: it (re)starts the form there. */
export function chooseCategory(ctx: DialogContext, state: DialogState, categoryId: string): StepResult {
  const category = ctx.policy.categories.find((c) => c.id === categoryId);
  if (!category) return expired(ctx, state);
  const current =
    state.mode === "intake" && state.intake
      ? state.intake
      : { stage: "category" as Stage, description: [], attachments: [], editing: false };
  const intake: IntakeState = { ...current, categoryId, answerId: undefined };
  const chosen = key("conversation:intake.categoryChosen", { category: (category.customerName ?? category.name)[ctx.language] });
  const notices = noticeParts(ctx, category.id);
  if (category.question) {
    const answers = category.question.answers.map((a) => [{ id: `ans:${category.id}:${a.id}`, label: raw(a.label[ctx.language]) }]);
    return {
      state: with_(state, { ...intake, stage: "question" }),
      messages: [message(ctx.language, [chosen, ...notices, raw(category.question.text[ctx.language])], [...answers, cancelRow()])],
    };
  }
  return advance(ctx, state, intake, [chosen, ...notices]);
}

/** Service notices for this category (a known outage), before the form goes on: the customer may still send the request. */
function noticeParts(ctx: DialogContext, categoryId: string): TextPart[] {
  const notices = ctx.noticesFor(categoryId);
  if (notices.length === 0) return [];
  return [...notices.map((n) => key("conversation:notice.text", { text: n.text[ctx.language] })), key("conversation:notice.stillOpen")];
}

export function chooseAnswer(ctx: DialogContext, state: DialogState, categoryId: string, answerId: string): StepResult {
  const category = ctx.policy.categories.find((c) => c.id === categoryId);
  const answer = category?.question?.answers.find((a) => a.id === answerId);
  if (!category || !answer) return expired(ctx, state);
  const base =
    state.mode === "intake" && state.intake
      ? state.intake
      : { stage: "question" as Stage, description: [], attachments: [], editing: false };
  return advance(ctx, state, { ...base, categoryId, answerId }, [raw(answer.label[ctx.language])]);
}

/** Text (and files) typed while the form is open. */
export function intakeInput(
  ctx: DialogContext,
  state: DialogState,
  text: string,
  attachments: Attachment[],
): StepResult | Promise<StepResult> {
  const intake = state.intake;
  if (!intake) return expired(ctx, state);
  const folded = words(text).join(" ");
  if (CANCEL_WORDS.has(folded)) return cancel(ctx, state);
  const retry = (k: string) => ({ state, messages: [message(ctx.language, [key(k)], [cancelRow()])] });
  switch (intake.stage) {
    case "description": {
      if (DONE_WORDS.has(folded) && attachments.length === 0) return descriptionDone(ctx, state, intake);
      const description = text.trim() ? [...intake.description, text.trim()] : intake.description;
      const received: TextPart[] = attachments.map((a) => key("conversation:intake.attachmentReceived", { name: a.name }));
      const updated = { ...intake, description, attachments: [...intake.attachments, ...attachments] };
      return {
        state: with_(state, updated),
        messages: [
          message(
            ctx.language,
            [...received, key("conversation:intake.received")],
            [[button("in:done", "conversation:intake.done")], cancelRow()],
          ),
        ],
      };
    }
    case "consent": {
      const answer = consentWord(folded);
      return answer ? answerConsent(ctx, state, intake, answer) : { state, messages: [ask(ctx, intake, [])] };
    }
    case "name": {
      const name = normalizeName(text);
      return name ? advance(ctx, state, { ...intake, name }) : retry("conversation:intake.nameInvalid");
    }
    case "contact": {
      const contact = parseContact(text);
      if (!contact) return retry("conversation:intake.contactInvalid");
      const fields = contact.kind === "phone" ? { phone: contact.value, email: undefined } : { email: contact.value, phone: undefined };
      return advance(ctx, state, { ...intake, ...fields });
    }
    case "website": {
      const website = normalizeWebsite(text);
      return website ? advance(ctx, state, { ...intake, website }) : retry("conversation:intake.websiteInvalid");
    }
    case "category":
    case "question":
      // A typed description before choosing: kept, and the form asks again for the category.
      return {
        state: with_(state, { ...intake, description: text.trim() ? [...intake.description, text.trim()] : intake.description }),
        messages: [ask(ctx, intake, [])],
      };
    default:
      return { state, messages: [ask(ctx, intake, [])] };
  }
}

function consentWord(folded: string): ConsentDecision | null {
  const answer = yesOrNo(folded);
  return answer === "yes" ? "given" : answer === "no" ? "refused" : null;
}

/** Consent answered: recorded with who, when and which text (in this turn's transaction), then the form goes on. */
async function answerConsent(ctx: DialogContext, state: DialogState, intake: IntakeState, decision: ConsentDecision): Promise<StepResult> {
  await ctx.tickets.recordConsent({ customerId: ctx.customer.id, decision, channel: ctx.inbound.channel });
  // A refusal drops anything typed before it: nothing of the contact is kept.
  const answered: IntakeState =
    decision === "refused"
      ? { ...intake, consent: decision, name: undefined, phone: undefined, email: undefined, website: undefined }
      : { ...intake, consent: decision };
  return advance(ctx, state, answered);
}

function descriptionDone(ctx: DialogContext, state: DialogState, intake: IntakeState): StepResult {
  if (intake.description.join("").trim() === "") {
    return { state, messages: [message(ctx.language, [key("conversation:intake.descriptionEmpty")], [cancelRow()])] };
  }
  return advance(ctx, state, intake);
}

/** Buttons of the form ("in:…", "edit:…"); null when the id is not one of them. */
export async function intakeChoice(ctx: DialogContext, state: DialogState, choice: string): Promise<StepResult | null> {
  const [kind, value] = choice.split(":");
  if (kind !== "in" && kind !== "edit") return null;
  if (value === "cancel") return cancel(ctx, state);
  const intake = state.mode === "intake" ? state.intake : undefined;
  if (!intake) return expired(ctx, state);
  if (kind === "edit") return editField(ctx, state, intake, value ?? "");
  switch (value) {
    case "consent_yes":
    case "consent_no":
      return intake.stage === "consent"
        ? answerConsent(ctx, state, intake, value === "consent_yes" ? "given" : "refused")
        : { state, messages: [ask(ctx, intake, [])] };
    case "done":
      return intake.stage === "description" ? descriptionDone(ctx, state, intake) : { state, messages: [ask(ctx, intake, [])] };
    case "skip":
      return intake.stage === "website" && ctx.policy.intake.contact.website === "optional"
        ? advance(ctx, state, { ...intake, website: "" })
        : { state, messages: [ask(ctx, intake, [])] };
    case "edit": {
      if (intake.stage !== "summary") return { state, messages: [ask(ctx, intake, [])] };
      const fields = ["category", "description", "name", "contact", "website"].filter((f) => fieldInUse(ctx, f, intake));
      const rows = fields.map((f) => [button(`edit:${f}`, `conversation:intake.field.${f}`)]);
      return {
        state: with_(state, { ...intake, stage: "edit" }),
        messages: [message(ctx.language, [key("conversation:intake.editWhich")], [...rows, cancelRow()])],
      };
    }
    case "confirm":
      return intake.stage === "summary" ? confirm(ctx, state, intake) : { state, messages: [ask(ctx, intake, [])] };
    default:
      return expired(ctx, state);
  }
}

function editField(ctx: DialogContext, state: DialogState, intake: IntakeState, field: string): StepResult {
  if (!fieldInUse(ctx, field, intake) || !["summary", "edit"].includes(intake.stage)) return { state, messages: [ask(ctx, intake, [])] };
  const editing: IntakeState = { ...intake, editing: true };
  const stages: Record<string, Partial<IntakeState>> = {
    category: { stage: "category", categoryId: undefined, answerId: undefined },
    description: { stage: "description", description: [] },
    name: { stage: "name" },
    contact: { stage: "contact" },
    website: { stage: "website" },
  };
  const updated = { ...editing, ...stages[field] } as IntakeState;
  return { state: with_(state, updated), messages: [ask(ctx, updated, [])] };
}

async function confirm(ctx: DialogContext, state: DialogState, intake: IntakeState): Promise<StepResult> {
  const { inbound } = ctx;
  const contact = {
    ...(intake.name ? { name: intake.name } : {}),
    ...(intake.phone ? { phone: intake.phone } : {}),
    ...(intake.email ? { email: intake.email } : {}),
    ...(intake.website ? { website: intake.website } : {}),
  };
  const opened = await ctx.tickets.open({
    customerId: ctx.customer.id,
    channel: inbound.channel,
    chatId: inbound.chatId,
    language: ctx.language,
    categoryId: intake.categoryId ?? "",
    ...(intake.answerId ? { answerId: intake.answerId } : {}),
    description: intake.description.join("\n\n"),
    contact,
    attachments: intake.attachments,
  });
  const idle: DialogState = { ...state, mode: "idle", intake: undefined };
  if (!opened.ok)
    return {
      state: { ...state, intake: { ...intake, stage: "summary" } },
      messages: [message(ctx.language, [key("conversation:intake.refused")]), summary(ctx, intake)],
    };
  const { ticket, estimate } = opened.value;
  const usual = await ctx.tickets.usualFirstResponse(ticket.departmentId);
  return { state: idle, messages: [requestCreated(ctx, ticket, estimate, usual)] };
}

/**
 * The acknowledgement of a new request: its number, department, estimate (R2.2, R2.5), the department's
 * usual first reply and the ticket page (R3.3). `usual` has no default: every channel's acknowledgement
 * says the same, so a caller must read it (`usualFirstResponse`) or say there is none.
 */
export function requestCreated(
  ctx: Pick<DialogContext, "policy" | "language" | "ticketLink">,
  ticket: { number: number; accessToken: string; departmentId: string },
  estimate: Estimate,
  usual: UsualFirstResponse | null,
  before: TextPart[] = [],
): OutboundMessage {
  const department = departmentName(ctx.policy, ticket.departmentId, ctx.language);
  return {
    ...message(ctx.language, [
      ...before,
      key("conversation:intake.created", { number: ticket.number, department }),
      ...estimateText(ctx.policy, estimate, ticket.departmentId, ctx.language),
      ...(estimate.kind === "in_queue" ? usualReplyText(ctx.policy, usual, ticket.departmentId, ctx.language) : []),
    ]),
    ...(ctx.ticketLink ? { links: [{ url: ctx.ticketLink(ticket), label: key("conversation:intake.ticket_link") }] } : {}),
  };
}
