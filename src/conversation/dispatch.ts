import type { Language } from "../kernel/language.js";
import { int4Of } from "../kernel/numbers.js";
import type { OutboundMessage } from "../kernel/outbound.js";
import { words } from "../kernel/text.js";
import { looksLikeCode } from "../tickets/index.js";
import { type DialogContext, message } from "./dialog-context.js";
import { faqAnswer, noAnswer } from "./faq.js";
import { hoursAnswer, whoIsAvailable } from "./hours.js";
import { chooseAnswer, chooseCategory, intakeChoice, intakeInput, startIntake } from "./intake.js";
import { cancel, expired } from "./intake-form.js";
import { detectIntent } from "./intents.js";
import { guide, helpMenu, languageMenu, mainMenu, welcome } from "./menu.js";
import { askPrivacyCode, confirmCode, privacyMenu } from "./privacy.js";
import { confirmWithdraw, keptOpen, rateTicket, statusAnswer, ticketAction } from "./status.js";
import { type DialogState, key, type StepResult } from "./types.js";
import { yesOrNo } from "./yes-no.js";

/** Which dialog step a customer's message is: a button (or its number), a command, the open form, then free text. */

const same = (state: DialogState, messages: OutboundMessage[]): StepResult => ({ state, messages });

/** Picks the step for the message: buttons (or their numbers), commands, the open form, then free text. */
export async function dispatch(ctx: DialogContext, state: DialogState): Promise<StepResult> {
  const { inbound } = ctx;
  if (inbound.unsupported) {
    return same(state, [
      message(ctx.language, [key(inbound.unsupported === "edited" ? "conversation:editedIgnored" : "common:errors.unsupportedMessage")]),
    ]);
  }
  const text = inbound.text?.trim() ?? "";
  const numbered = /^\d{1,2}$/.test(text) ? state.choices[Number(text) - 1] : undefined;
  const choice = inbound.choice ?? numbered ?? typedConfirmation(state, text);
  if (choice) return onChoice(ctx, state, choice);
  if (text.startsWith("/")) return onCommand(ctx, state, text);
  // A one-time code (a copy or deletion of their data, a contact verification) is taken wherever the dialog is.
  if (looksLikeCode(text) && (await ctx.tickets.pendingPrivacyRequest(ctx.customer.id))) return confirmCode(ctx, state, text);
  const attachments = inbound.attachments ?? [];
  if (state.mode === "intake") return intakeInput(ctx, state, text, attachments);
  if (text === "" && attachments.length === 0) return same(state, []);
  if (state.mode === "faq" && text !== "" && attachments.length === 0) {
    const idle = { ...state, mode: "idle" as const, faqQuery: text };
    return same(idle, faqAnswer(ctx, text) ?? noAnswer(ctx));
  }
  return onFreeText(ctx, { ...state, mode: "idle" }, text);
}

/** "có" or "không" typed under the question that confirms a withdrawal: its yes or no button. */
function typedConfirmation(state: DialogState, text: string): string | undefined {
  const answer = yesOrNo(words(text).join(" "));
  return answer ? state.choices.find((c) => /^withdraw:\d+:(yes|no)$/.test(c) && c.endsWith(`:${answer}`)) : undefined;
}

async function onCommand(ctx: DialogContext, state: DialogState, text: string): Promise<StepResult> {
  const command = (text.slice(1).split(/[\s@]/)[0] ?? "").toLowerCase();
  const idle: DialogState = { ...state, mode: "idle", intake: undefined };
  switch (command) {
    case "start":
      return same(idle, welcome(ctx));
    case "help":
      return same(state, [helpMenu(ctx.language)]);
    case "new":
      return startIntake(ctx, idle);
    case "status":
      return same(state, await statusAnswer(ctx));
    case "lang": {
      // "/lang en" switches at once; "/lang" alone shows the choice.
      const wanted = text.split(/\s+/)[1]?.toLowerCase();
      return same(state, wanted === "vi" || wanted === "en" ? await switchLanguage(ctx, wanted) : [languageMenu(ctx.language)]);
    }
    case "cancel":
      return state.mode === "intake" ? cancel(ctx, state) : same(idle, [mainMenu(ctx.language)]);
    case "dulieu":
    case "data":
    case "privacy":
      return same(idle, [await dataMenu(ctx)]);
    default:
      return same(state, [message(ctx.language, [key("common:errors.notUnderstood")]), mainMenu(ctx.language)]);
  }
}

async function onChoice(ctx: DialogContext, state: DialogState, choice: string): Promise<StepResult> {
  const [kind = "", a = "", b = ""] = choice.split(":");
  switch (kind) {
    case "menu":
      return onMenu(ctx, state, a);
    case "help":
      return same(state, guide(ctx, a) ?? expired(ctx, state).messages);
    case "lang": {
      if (a !== "vi" && a !== "en") return expired(ctx, state);
      return same(state, await switchLanguage(ctx, a));
    }
    case "cat":
      return chooseCategory(ctx, state, a);
    case "ans":
      return chooseAnswer(ctx, state, a, b);
    case "in":
    case "edit":
      return (await intakeChoice(ctx, state, choice)) ?? expired(ctx, state);
    case "faq":
      if (a === "yes") return same({ ...state, faqQuery: undefined }, [message(ctx.language, [key("common:faq.thanksFeedback")])]);
      if (a === "new") return startIntake(ctx, { ...state, faqQuery: undefined }, state.faqQuery);
      return expired(ctx, state);
    case "rate": {
      // The ids came back from a client: a number no ticket can have (beyond INT4, not digits) is a stale button.
      const number = int4Of(a);
      const stars = int4Of(b);
      return number === null || stars === null ? expired(ctx, state) : same(state, await rateTicket(ctx, number, stars));
    }
    case "priv":
      return same({ ...state, mode: "idle", intake: undefined }, await askPrivacyCode(ctx, a, b));
    case "reopen": {
      const number = int4Of(a);
      return number === null ? expired(ctx, state) : same(state, await ticketAction(ctx, kind, number));
    }
    case "withdraw": {
      const number = int4Of(a);
      if (number === null) return expired(ctx, state);
      if (b === "yes") return same(state, await ticketAction(ctx, kind, number));
      if (b === "no") return same(state, keptOpen(ctx, number));
      return same(state, await confirmWithdraw(ctx, number));
    }
    default:
      return expired(ctx, state);
  }
}

async function dataMenu(ctx: DialogContext): Promise<OutboundMessage> {
  return privacyMenu(ctx, Boolean(ctx.customer.email));
}

/** Keeps the choice in the customer's profile (and their tickets' notices follow it), then answers in it. */
async function switchLanguage(ctx: DialogContext, language: Language): Promise<OutboundMessage[]> {
  await ctx.tickets.setCustomerLanguage(ctx.customer.id, language);
  return [message(language, [key("common:language.switched")]), mainMenu(language)];
}

async function onMenu(ctx: DialogContext, state: DialogState, item: string): Promise<StepResult> {
  switch (item) {
    case "main":
      return same(state, [mainMenu(ctx.language)]);
    case "new":
      return startIntake(ctx, { ...state, mode: "idle", intake: undefined });
    case "faq":
      return same({ ...state, mode: "faq", intake: undefined }, [
        message(ctx.language, [key("conversation:faq.ask"), key("common:faq.documentation", { url: ctx.policy.documentationUrl })]),
      ]);
    case "hours":
      return same(state, hoursAnswer(ctx));
    case "status":
      return same(state, await statusAnswer(ctx));
    case "help":
      return same(state, [helpMenu(ctx.language)]);
    case "lang":
      return same(state, [languageMenu(ctx.language)]);
    default:
      return expired(ctx, state);
  }
}

/** Free text: intents first (R2.2, R3.4), then the open request (staff see it), then the FAQ (R2.1). */
async function onFreeText(ctx: DialogContext, state: DialogState, text: string): Promise<StepResult> {
  const attachments = ctx.inbound.attachments ?? [];
  const intent = attachments.length === 0 ? detectIntent(text) : null;
  switch (intent) {
    case "hours":
      return same(state, hoursAnswer(ctx));
    case "phone_call":
      return same(state, [message(ctx.language, [key("conversation:writtenOnly")])]);
    case "human":
      return toAPerson(ctx, state);
    case "greeting":
      return same(state, welcome(ctx));
    case "thanks":
      return same(state, [message(ctx.language, [key("conversation:youAreWelcome")])]);
    case "status":
      return same(state, await statusAnswer(ctx));
    case "new_request":
      return startIntake(ctx, state);
    case "help":
      return same(state, [helpMenu(ctx.language)]);
    case "my_data":
      return same(state, [await dataMenu(ctx)]);
  }
  // Most free text comes from customers with no active request (questions): known since the turn began, it goes to the FAQ.
  const added = ctx.customer.hasActiveRequest
    ? await ctx.tickets.addCustomerMessage({
        customerId: ctx.customer.id,
        channel: ctx.inbound.channel,
        text,
        attachments,
        ...(ctx.inbound.platformMessageId ? { platformMessageId: ctx.inbound.platformMessageId } : {}),
      })
    : undefined;
  if (added?.ok) return same(state, [message(ctx.language, [key("conversation:messageAdded", { number: added.value.number })])]);
  if (text === "") return same(state, [message(ctx.language, [key("conversation:attachmentWithoutRequest")]), mainMenu(ctx.language)]);
  const withQuery = { ...state, faqQuery: text };
  return same(withQuery, faqAnswer(ctx, text) ?? noAnswer(ctx));
}

/** "Cho tôi gặp nhân viên": staff answer in writing through a request; say who works now, then open one. */
function toAPerson(ctx: DialogContext, state: DialogState): StepResult {
  const intake = startIntake(ctx, state);
  return { state: intake.state, messages: [message(ctx.language, whoIsAvailable(ctx)), ...intake.messages] };
}
