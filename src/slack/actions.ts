import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import { asLanguage } from "../kernel/language.js";
import type { StaffAction } from "../tickets/index.js";
import { actions } from "./cards.js";
import { openHome } from "./home.js";
import {
  blocks,
  type ModalMetadata,
  reasonModal,
  reassignModal,
  replyModal,
  rerouteModal,
  resolveModal,
  VERIFY_ACTION,
  type WindowNote,
} from "./modals.js";
import { refusalText } from "./refusals.js";
import { languageOf, type Origin, tellStaff } from "./respond.js";
import { formatMoment, type SlackContext } from "./slack-context.js";
import type { StaffMember } from "./staff-directory.js";

type Refusal = { ok: false; code: string; details?: Record<string, unknown> };
type Outcome = { ok: true } | Refusal;

function originOf(body: BlockAction): Origin {
  const channel = body.channel?.id ?? body.container?.channel_id;
  return { userId: body.user.id, ...(channel ? { channel } : {}) };
}

/**
 * Card and App Home buttons (R3.1–R3.3, R1.5). Each one acks at once, maps the Slack user to a
 * staff row (R4.1) and runs the use case; a refusal is answered ephemerally in the staff member's
 * language; buttons that need text open a modal with the interaction's trigger_id.
 */
export function registerActions(app: App, ctx: SlackContext): void {
  const refuse = async (origin: Origin, staff: StaffMember | null, refusal: Refusal) => {
    await tellStaff(ctx, origin, refusalText(ctx.i18n, ctx.policy, languageOf(ctx, staff), refusal));
  };

  /** Runs a button: the staff member, then the work; a refusal goes back to them. */
  const button = (actionId: string, work: (staff: StaffMember, value: string, body: BlockAction) => Promise<Outcome>) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const origin = originOf(body);
      const staff = await ctx.staff.resolve(body.user.id);
      if (!staff) return refuse(origin, null, { ok: false, code: "not_staff" });
      const outcome = await work(staff, action.value ?? "", body);
      if (!outcome.ok) return refuse(origin, staff, outcome);
      if (body.view?.type === "home") await openHome(ctx, staff);
    });
  };

  const claimed = (staff: StaffMember, body: BlockAction, number: number) =>
    tellStaff(ctx, originOf(body), ctx.i18n.t(staff.language, "slack:done.claimed", { number }));

  button(actions.claim, async (staff, ticketId, body) => {
    const result = await ctx.tickets.claim(staff.id, ticketId);
    if (result.ok) await claimed(staff, body, result.value.number);
    return result;
  });
  button(actions.claimNext, async (staff, _department, body) => {
    const result = await ctx.tickets.claimNext(staff.id);
    if (result.ok) await claimed(staff, body, result.value.number);
    return result;
  });
  button(actions.unclaim, (staff, ticketId) => ctx.tickets.unclaim(staff.id, ticketId));
  button(actions.approve, (staff, ticketId) => ctx.tickets.approve(staff.id, ticketId));

  /** Buttons that open a modal: checked first (R4.1), so nobody types a reply they may not send. */
  const opens = (
    actionId: string,
    action: StaffAction,
    view: (meta: ModalMetadata, staff: StaffMember, departmentId: string) => object | Promise<object>,
  ) =>
    button(actionId, async (staff, ticketId, body) => {
      const allowed = await ctx.tickets.mayAct(staff.id, action, ticketId);
      if (!allowed.ok) return allowed;
      const channel = body.channel?.id;
      const meta: ModalMetadata = {
        ticketId,
        number: allowed.value.number,
        departmentId: allowed.value.departmentId,
        ...(channel ? { channel } : {}),
      };
      await ctx.client.views.open({ trigger_id: body.trigger_id, view: (await view(meta, staff, allowed.value.departmentId)) as never });
      return { ok: true };
    });
  const text = (staff: StaffMember) => ({ i18n: ctx.i18n, language: staff.language });
  const identityOf = async (staff: StaffMember, ticketId: string) => {
    const identity = await ctx.tickets.ticketIdentity(staff.id, ticketId);
    return identity.ok ? identity.value : undefined;
  };
  // The ticket's channel bills or refuses a reply now: the modal says so before anything is written.
  const windowOf = async (staff: StaffMember, ticketId: string): Promise<WindowNote | undefined> => {
    const found = await ctx.tickets.replyWindow(staff.id, ticketId);
    const window = found.ok ? found.value : null;
    if (!window || window.state === "free" || !window.lastInteractionAt) return undefined;
    const channel = ctx.i18n.t(staff.language, `slack:channel.${window.channel}`);
    const zone = ctx.policy.company.timeZone;
    return {
      state: window.state,
      channel,
      last: formatMoment(window.lastInteractionAt, zone),
      paidUntil: window.paidUntil ? formatMoment(window.paidUntil, zone) : "",
    };
  };
  opens(actions.reply, "reply", async (meta, staff) =>
    replyModal(
      meta,
      ctx.content.cannedFor(meta.departmentId),
      text(staff),
      undefined,
      await identityOf(staff, meta.ticketId),
      await windowOf(staff, meta.ticketId),
    ),
  );
  // From the Reply modal's warning: a one-time code to the customer's chat (a web chat's: their email); they type it in the chat.
  button(VERIFY_ACTION, async (staff, ticketId, body) => {
    const sent = await ctx.tickets.sendVerificationCode(staff.id, ticketId);
    if (sent.ok) await tellStaff(ctx, originOf(body), ctx.i18n.t(staff.language, "slack:done.verificationSent"));
    return sent.ok ? { ok: true } : sent;
  });
  opens(actions.resolve, "resolve", async (meta, staff) => resolveModal(meta, text(staff), await windowOf(staff, meta.ticketId)));
  opens(actions.handBack, "hand_back", (meta, staff) => reasonModal("hand_back", meta, text(staff)));
  opens(actions.reject, "reject", (meta, staff) => reasonModal("reject", meta, text(staff)));
  opens(actions.reroute, "reroute", (meta, staff, departmentId) => rerouteModal(meta, ctx.policy, departmentId, text(staff)));
  opens(actions.reassign, "reassign", (meta, staff) => reassignModal(meta, text(staff)));

  // A canned reply chosen in the Reply modal refills its text box in the ticket's language.
  app.action<BlockAction<StaticSelectAction>>(blocks.cannedSelect, async ({ ack, body, action }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const meta = JSON.parse(view.private_metadata) as ModalMetadata;
    const offered = ctx.content.cannedFor(meta.departmentId);
    const canned = offered.find((c) => c.id === action.selected_option.value);
    if (!canned) return;
    const ticket = await ctx.tickets.ticketBrief(meta.ticketId);
    const staff = await ctx.staff.resolve(body.user.id);
    const language = asLanguage(ticket?.language);
    const updated = replyModal(
      meta,
      offered,
      { i18n: ctx.i18n, language: languageOf(ctx, staff) },
      { cannedId: canned.id, text: canned.text[language] },
      staff ? await identityOf(staff, meta.ticketId) : undefined,
      staff ? await windowOf(staff, meta.ticketId) : undefined,
    );
    await ctx.client.views.update({ view_id: view.id, hash: view.hash, view: updated });
  });
}
