import type { OutboundButton, OutboundMessage, TextPart } from "../kernel/outbound.js";
import { button, type DialogContext, message } from "./dialog-context.js";
import { mainMenu } from "./menu.js";
import { type DialogState, type IntakeState, key, raw, type StepResult } from "./types.js";

/** The intake form's questions: which one comes next, how each is asked, the summary to confirm. */

export type Stage = IntakeState["stage"];

export const cancelRow = (): OutboundButton[] => [button("in:cancel", "common:buttons.cancel")];

export const with_ = (state: DialogState, intake: IntakeState): DialogState => ({ ...state, mode: "intake", intake });

export function categoryQuestion(ctx: DialogContext): OutboundMessage {
  const rows = ctx.policy.categories.map((c) => [{ id: `cat:${c.id}`, label: raw(c.name[ctx.language]) }]);
  return message(ctx.language, [key("conversation:intake.chooseCategory")], [...rows, cancelRow()]);
}

/** Does the form ask any contact detail (name, phone or email, website)? Then consent comes first. */
export const asksContact = (ctx: DialogContext): boolean => {
  const contact = ctx.policy.intake.contact;
  return contact.name || contact.phoneOrEmail || contact.website !== "off";
};

/** The consent that holds for this form: answered in it, or given earlier to the current notice. */
export const consentOf = (ctx: DialogContext, intake: IntakeState) => intake.consent ?? (ctx.consent === "given" ? "given" : undefined);

/** The next question the form still needs (or the summary when editing a field). */
export function advance(ctx: DialogContext, state: DialogState, intake: IntakeState, before: TextPart[] = []): StepResult {
  const contact = ctx.policy.intake.contact;
  const consent = consentOf(ctx, intake);
  // Decree 13/2023: contact details are asked (and kept) only with consent; a refusal goes straight to the summary.
  const next: Stage = intake.editing
    ? "summary"
    : !intake.categoryId
      ? "category"
      : intake.stage === "category" || intake.stage === "question"
        ? "description"
        : asksContact(ctx) && consent === undefined
          ? "consent"
          : consent === "refused"
            ? "summary"
            : contact.name && !intake.name
              ? "name"
              : contact.phoneOrEmail && !intake.phone && !intake.email
                ? "contact"
                : contact.website !== "off" && intake.website === undefined
                  ? "website"
                  : "summary";
  const updated: IntakeState = { ...intake, stage: next, editing: next === "summary" ? false : intake.editing };
  return { state: with_(state, updated), messages: [ask(ctx, updated, before)] };
}

export function ask(ctx: DialogContext, intake: IntakeState, before: TextPart[]): OutboundMessage {
  const m = (text: TextPart[], buttons?: OutboundButton[][]) => message(ctx.language, [...before, ...text], buttons);
  switch (intake.stage) {
    case "category":
      return categoryQuestion(ctx);
    case "description": {
      const prefilled = intake.description.join(" ");
      const text = prefilled ? key("conversation:intake.prefilled", { text: prefilled }) : key("conversation:intake.describe");
      return m([text], [[button("in:done", "conversation:intake.done")], cancelRow()]);
    }
    case "consent":
      return consentQuestion(ctx, before);
    case "name":
      return m([key("conversation:intake.askName")], [cancelRow()]);
    case "contact":
      return m([key("conversation:intake.askContact")], [cancelRow()]);
    case "website":
      return ctx.policy.intake.contact.website === "required"
        ? m([key("conversation:intake.askWebsiteRequired")], [cancelRow()])
        : m([key("conversation:intake.askWebsite")], [[button("in:skip", "common:buttons.skip")], cancelRow()]);
    default:
      return summary(ctx, intake);
  }
}

/** The policy's consent question, with the full notice linked, before any contact detail is asked. */
export function consentQuestion(ctx: DialogContext, before: TextPart[] = []): OutboundMessage {
  const question = message(
    ctx.language,
    [...before, raw(ctx.policy.privacy.consentQuestion[ctx.language])],
    [
      [button("in:consent_yes", "conversation:privacy.consentYes")],
      [button("in:consent_no", "conversation:privacy.consentNo")],
      cancelRow(),
    ],
  );
  return ctx.privacyLink
    ? { ...question, links: [{ url: ctx.privacyLink(ctx.language), label: key("conversation:privacy.noticeLink") }] }
    : question;
}

export function summary(ctx: DialogContext, intake: IntakeState): OutboundMessage {
  const none = "—";
  const category = ctx.policy.categories.find((c) => c.id === intake.categoryId);
  const answer = category?.question?.answers.find((a) => a.id === intake.answerId);
  const vars = {
    category: `${category?.name[ctx.language] ?? none}${answer ? ` (${answer.label[ctx.language]})` : ""}`,
    description: intake.description.join("\n") || none,
    attachments: intake.attachments.map((a) => a.name).join(", ") || none,
    name: intake.name ?? none,
    contact: [intake.phone, intake.email].filter(Boolean).join(", ") || none,
    website: intake.website || none,
  };
  return message(
    ctx.language,
    [
      key("conversation:intake.summary", vars),
      ...(consentOf(ctx, intake) === "refused" ? [key("conversation:privacy.noContactKept")] : []),
    ],
    [[button("in:confirm", "conversation:intake.confirm")], [button("in:edit", "conversation:intake.edit")], cancelRow()],
  );
}

export function fieldInUse(ctx: DialogContext, field: string, intake?: IntakeState): boolean {
  const contact = ctx.policy.intake.contact;
  if (intake && consentOf(ctx, intake) === "refused" && ["name", "contact", "website"].includes(field)) return false;
  if (field === "name") return contact.name;
  if (field === "contact") return contact.phoneOrEmail;
  if (field === "website") return contact.website !== "off";
  return true;
}

export function cancel(ctx: DialogContext, state: DialogState): StepResult {
  return {
    state: { ...state, mode: "idle", intake: undefined },
    messages: [message(ctx.language, [key("conversation:intake.cancelled")]), mainMenu(ctx.language)],
  };
}

export function expired(ctx: DialogContext, state: DialogState): StepResult {
  return { state, messages: [message(ctx.language, [key("conversation:expired")]), mainMenu(ctx.language)] };
}
