import type { App, ViewStateValue, ViewSubmitAction } from "@slack/bolt";
import type { CustomerReach } from "../tickets/index.js";
import { blocks, type ModalMetadata, modals } from "./modals.js";
import { refusalText } from "./refusals.js";
import { uploadsIn } from "./reply-files.js";
import { languageOf, tellStaff } from "./respond.js";
import type { SlackContext } from "./slack-context.js";
import type { StaffMember } from "./staff-directory.js";

type Values = Record<string, Record<string, ViewStateValue>>;
type Refusal = { ok: false; code: string; details?: Record<string, unknown> };
type Outcome = { ok: true } | Refusal;

/** The input block a refusal belongs to, so Slack shows it under that field. */
const fieldOf: Record<string, string> = {
  empty: blocks.replyText,
  verbal_exchange: blocks.replyText,
  abusive: blocks.replyText,
  reason_required: blocks.reason,
  unknown_department: blocks.department,
  target_not_in_department: blocks.assignee,
  file_too_large: blocks.replyFiles,
  file_unavailable: blocks.replyFiles,
};

const textOf = (values: Values, blockId: string): string => values[blockId]?.value?.value ?? "";

/**
 * Modal submissions: the use case runs before the answer, so a refusal comes back inline
 * (`response_action: "errors"`, R3.3 / R3.4 / R4.2) in the staff member's language; a success closes the modal.
 */
export function registerSubmissions(app: App, ctx: SlackContext): void {
  /** Past the channel's reply window the reply went by email, or nowhere: the staff member who wrote it is told. */
  const tellReach = async (staff: StaffMember, meta: ModalMetadata, reach: CustomerReach) => {
    if (reach === "channel") return;
    const found = await ctx.tickets.replyWindow(staff.id, meta.ticketId);
    const channel = found.ok && found.value ? ctx.i18n.t(staff.language, `slack:channel.${found.value.channel}`) : "";
    const key = reach === "email" ? "slack:done.pastWindowEmail" : "slack:done.pastWindowNone";
    const origin = { userId: staff.slackUserId, ...(meta.channel ? { channel: meta.channel } : {}) };
    await tellStaff(ctx, origin, ctx.i18n.t(staff.language, key, { number: meta.number, channel }));
  };

  /** The modal's use case, once per submitted view (its network work, such as fetching files, stays outside). */
  type Once = <T extends { ok: boolean }>(useCase: () => Promise<T>) => Promise<T | { ok: true; repeated: true }>;
  const submit = (
    callbackId: string,
    work: (staff: StaffMember, meta: ModalMetadata, values: Values, once: Once) => Promise<Outcome>,
    mainField: string,
  ) => {
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view }) => {
      const meta = JSON.parse(view.private_metadata) as ModalMetadata;
      const staff = await ctx.staff.resolve(body.user.id);
      const values = view.state.values as Values;
      const once: Once = (useCase) => ctx.submissionOnce(view.id, useCase);
      const outcome: Outcome = staff ? await work(staff, meta, values, once) : { ok: false, code: "not_staff" };
      if (outcome.ok) return ack();
      const text = refusalText(ctx.i18n, ctx.policy, languageOf(ctx, staff), outcome);
      // A paid message not confirmed: under the box when the modal shows it (the window may have moved since it opened).
      const field =
        outcome.code === "paid_message" && values[blocks.paidConfirm]
          ? blocks.paidConfirm
          : callbackId === modals.reply && fieldOf[outcome.code] !== blocks.replyFiles
            ? replyBlockOf(values)
            : (fieldOf[outcome.code] ?? mainField);
      await ack({ response_action: "errors", errors: { [field]: text } });
    });
  };

  // The modal's files are fetched first (a failure shows under the file field); a refused reply leaves none behind.
  submit(
    modals.reply,
    async (staff, meta, values, once) => {
      const fetched = await ctx.replyFiles.fetch(uploadsIn(values[blocks.replyFiles]));
      if (!fetched.ok) return fetched;
      const text = textOf(values, replyBlockOf(values));
      const result = await once(() =>
        ctx.tickets.reply(staff.id, meta.ticketId, text, fetched.attachments, { confirmPaid: paidConfirmed(values) }),
      );
      if (!result.ok || "repeated" in result) await ctx.replyFiles.discard(fetched.attachments);
      else await tellReach(staff, meta, result.value.reach);
      return result;
    },
    blocks.replyText,
  );
  // The resolution text is itself a reply (same rules); refused until a reply was delivered (R3.3).
  submit(
    modals.resolve,
    async (staff, meta, values, once) => {
      const text = textOf(values, blocks.resolution);
      const result = await once(() => ctx.tickets.resolve(staff.id, meta.ticketId, text, { confirmPaid: paidConfirmed(values) }));
      if (result.ok && !("repeated" in result)) await tellReach(staff, meta, result.value.reach);
      return result;
    },
    blocks.resolution,
  );
  submit(
    modals.handBack,
    (staff, meta, values, once) => once(() => ctx.tickets.handBack(staff.id, meta.ticketId, textOf(values, blocks.reason))),
    blocks.reason,
  );
  submit(
    modals.reject,
    (staff, meta, values, once) => once(() => ctx.tickets.reject(staff.id, meta.ticketId, textOf(values, blocks.reason))),
    blocks.reason,
  );
  submit(
    modals.reroute,
    (staff, meta, values, once) =>
      once(() =>
        ctx.tickets.reroute(
          staff.id,
          meta.ticketId,
          values[blocks.department]?.value?.selected_option?.value ?? "",
          textOf(values, blocks.reason),
        ),
      ),
    blocks.reason,
  );
  submit(
    modals.reassign,
    async (staff, meta, values, once) => {
      const userId = values[blocks.assignee]?.value?.selected_user ?? "";
      const target = userId ? await ctx.staff.resolve(userId) : null;
      if (!target) return { ok: false, code: "target_not_in_department" };
      const result = await once(() => ctx.tickets.reassign(staff.id, meta.ticketId, target.id, textOf(values, blocks.reason)));
      if (result.ok && !("repeated" in result) && meta.channel) {
        await tellStaff(
          ctx,
          { userId, channel: meta.channel },
          ctx.i18n.t(target.language, "slack:done.reassigned", { number: meta.number }),
        );
      }
      return result;
    },
    blocks.reason,
  );
}

/** The Reply or Resolve modal's box confirming a paid message, ticked. */
function paidConfirmed(values: Values): boolean {
  return (values[blocks.paidConfirm]?.value?.selected_options?.length ?? 0) > 0;
}

/** The reply text box: its block id changes when a canned reply refilled it. */
function replyBlockOf(values: Values): string {
  return Object.keys(values).find((id) => id.startsWith(blocks.replyText)) ?? blocks.replyText;
}
