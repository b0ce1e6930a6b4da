/**
 * A button's payload: Zalo posts it back as the user's text when tapped (`oa.query.hide`, so the
 * chat does not show the id). The prefix tells a tap from a typed message.
 */
const PREFIX = "#hotro:";

export const choicePayload = (id: string): string => `${PREFIX}${id}`;

/** The choice id of a tapped button's text, if it is one. */
export function choiceOf(text: string | undefined): string | undefined {
  return text?.startsWith(PREFIX) ? text.slice(PREFIX.length) : undefined;
}
