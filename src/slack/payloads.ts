import { z } from "zod";
import { secret } from "../server/input.js";

/**
 * What Slack POSTs to /slack/events, checked after the signature and before Bolt sees it: the
 * fields our listeners and Bolt's routing read, with their types. A signed request of another shape
 * is not Slack's (or not one we asked for): 400, and nothing runs.
 */

const slackId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
/** A button's value or a selected option: one of our ids, or a canned reply's id. */
const value = secret(2000);

/** Modal metadata: ours is JSON (`ModalMetadata`); an App Home view carries none. */
const privateMetadata = z
  .string()
  .max(3000)
  .refine((raw) => raw === "" || isJsonObject(raw), { error: "not_our_metadata" });

const view = z.looseObject({
  id: slackId,
  type: z.string().max(40),
  hash: z.string().max(200).optional(),
  callback_id: z.string().max(255).optional(),
  private_metadata: privateMetadata.optional(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }).optional(),
});

/**
 * Who pressed or submitted: Bolt routes by the team (`team.id`, or, for an org-wide install where
 * `team` is null, the user's `team_id`); a payload naming no team cannot be routed.
 */
const actor = {
  user: z.looseObject({ id: slackId, team_id: slackId.optional() }),
  team: z.looseObject({ id: slackId }).nullable(),
};
const hasTeam = (body: { team: { id: string } | null; user: { team_id?: string | undefined } }) =>
  body.team !== null || body.user.team_id !== undefined;

const action = z.looseObject({
  action_id: z.string().max(255),
  block_id: z.string().max(255).optional(),
  value: value.optional(),
  selected_option: z.looseObject({ value }).optional(),
});

const blockActions = z
  .looseObject({
    type: z.literal("block_actions"),
    ...actor,
    trigger_id: z.string().max(255).optional(),
    actions: z.array(action).min(1).max(25),
    view: view.optional(),
  })
  .refine(hasTeam, { error: "no_team" });

const viewAction = z
  .looseObject({ type: z.enum(["view_submission", "view_closed"]), ...actor, view })
  .refine(hasTeam, { error: "no_team" });

/** An Events API callback, recorded in the inbound log and processed later: what deduplication and Bolt's routing need. */
export const eventCallbackSchema = z.looseObject({
  type: z.literal("event_callback"),
  event_id: slackId,
  team_id: slackId,
  event: z.looseObject({ type: z.string().max(100) }),
});

/** A slash command (a form, not a `payload`): the fields Bolt routes by and the listener reads. */
const slashCommand = z.looseObject({
  command: z.string().regex(/^\/[a-z0-9_-]{1,32}$/),
  text: secret(8000).default(""),
  user_id: slackId,
  team_id: slackId,
  channel_id: slackId.optional(),
  trigger_id: z.string().max(255).optional(),
});

/** The interactions the app listens to (buttons, selects, modals, its slash commands); it registers no shortcut. */
export const interactionSchema = z.union([blockActions, viewAction, slashCommand]);

function isJsonObject(raw: string): boolean {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
