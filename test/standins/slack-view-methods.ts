import type { SlackMethod } from "./slack-chat-methods.js";
import { optionalJson, optionalString, type Params, SlackApiError } from "./slack-params.js";
import type { SlackView, SlackWorkspace } from "./slack-workspace.js";

const VIEW_BLOCKS = 100;

/** The view the caller sent, checked like Slack: an object of the expected type with at most 100 typed blocks. */
function readView(params: Params, expectedType: "modal" | "home"): Record<string, unknown> {
  const view = optionalJson(params, "view", "invalid_arguments");
  if (typeof view !== "object" || view === null || Array.isArray(view)) throw new SlackApiError("invalid_arguments");
  const fields = view as Record<string, unknown>;
  if (fields.type !== expectedType) throw new SlackApiError("invalid_arguments");
  const blocks = fields.blocks;
  if (!Array.isArray(blocks) || blocks.length > VIEW_BLOCKS) throw new SlackApiError("invalid_arguments");
  return fields;
}

/** trigger_id is single-use (and would expire after ~3 s; expiry is not simulated). */
function consumeTrigger(params: Params, workspace: SlackWorkspace): void {
  const triggerId = optionalString(params, "trigger_id");
  if (triggerId === undefined) throw new SlackApiError("invalid_trigger_id");
  if (workspace.usedTriggerIds.has(triggerId)) throw new SlackApiError("exchanged_trigger_id");
  workspace.usedTriggerIds.add(triggerId);
}

function store(workspace: SlackWorkspace, sent: Record<string, unknown>, id: string, rootViewId: string): SlackView {
  const { identity } = workspace;
  const view: SlackView = {
    id,
    team_id: identity.teamId,
    type: String(sent.type),
    blocks: sent.blocks,
    private_metadata: sent.private_metadata ?? "",
    callback_id: sent.callback_id ?? "",
    external_id: sent.external_id ?? "",
    state: { values: {} },
    hash: workspace.nextViewHash(),
    clear_on_close: sent.clear_on_close ?? false,
    notify_on_close: sent.notify_on_close ?? false,
    root_view_id: rootViewId,
    previous_view_id: null,
    app_id: identity.appId,
    app_installed_team_id: identity.teamId,
    bot_id: identity.botId,
    ...(sent.title !== undefined ? { title: sent.title } : {}),
    ...(sent.submit !== undefined ? { submit: sent.submit } : {}),
    ...(sent.close !== undefined ? { close: sent.close } : {}),
  };
  workspace.views.set(id, view);
  return view;
}

/** Finds the view to change by view_id or external_id and enforces the optimistic-lock `hash`. */
function existingView(params: Params, workspace: SlackWorkspace): SlackView {
  const viewId = optionalString(params, "view_id");
  const externalId = optionalString(params, "external_id");
  const found = viewId
    ? workspace.views.get(viewId)
    : [...workspace.views.values()].find((view) => externalId !== undefined && view.external_id === externalId);
  if (!found) throw new SlackApiError("not_found");
  const hash = optionalString(params, "hash");
  if (hash !== undefined && hash !== found.hash) throw new SlackApiError("hash_conflict");
  return found;
}

export const viewMethods: Record<string, SlackMethod> = {
  "views.open": (params, workspace) => {
    const sent = readView(params, "modal");
    consumeTrigger(params, workspace);
    const id = workspace.nextViewId();
    return { view: store(workspace, sent, id, id) };
  },

  "views.push": (params, workspace) => {
    const sent = readView(params, "modal");
    consumeTrigger(params, workspace);
    const id = workspace.nextViewId();
    return { view: store(workspace, sent, id, id) };
  },

  "views.update": (params, workspace) => {
    const previous = existingView(params, workspace);
    const sent = readView(params, previous.type === "home" ? "home" : "modal");
    return { view: store(workspace, sent, previous.id, String(previous.root_view_id)) };
  },

  "views.publish": (params, workspace) => {
    const userId = optionalString(params, "user_id");
    if (userId === undefined) throw new SlackApiError("invalid_arguments");
    const sent = readView(params, "home");
    const existingId = workspace.homeViewIdByUser.get(userId);
    const previous = existingId === undefined ? undefined : workspace.views.get(existingId);
    const hash = optionalString(params, "hash");
    if (hash !== undefined && previous && hash !== previous.hash) throw new SlackApiError("hash_conflict");
    const id = previous?.id ?? workspace.nextViewId();
    workspace.homeViewIdByUser.set(userId, id);
    return { view: store(workspace, sent, id, id) };
  },
};
