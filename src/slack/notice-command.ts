/**
 * `/hotro-notice` as typed in Slack: what Customer care asks for. Pure: the words in, a request out.
 *
 *   /hotro-notice                                  the running notices (also `list`)
 *   /hotro-notice post 2h <Vietnamese> | <English>  a notice for every type of request, for 2 hours
 *   /hotro-notice withdraw <id>                     ends a notice now
 */

export type NoticeCommand =
  | { kind: "list" }
  | { kind: "post"; minutes: number; text: { vi: string; en: string } }
  | { kind: "withdraw"; id: string }
  | { kind: "usage"; problem: "unknown" | "duration" | "text" | "id" };

/** A notice runs at least a minute and at most 30 days: longer news belongs in the help texts. */
const MAX_MINUTES = 30 * 24 * 60;
const TEXT_MAX = 4000;
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 24 * 60 };

export function parseNoticeCommand(input: string): NoticeCommand {
  const trimmed = input.trim();
  const [verb = "", ...rest] = trimmed.split(/\s+/);
  switch (verb.toLowerCase()) {
    case "":
    case "list":
      return { kind: "list" };
    case "withdraw": {
      const id = rest[0] ?? "";
      return rest.length === 1 && /^[A-Za-z0-9-]{1,64}$/.test(id) ? { kind: "withdraw", id } : { kind: "usage", problem: "id" };
    }
    case "post": {
      const duration = /^(\d{1,5})([mhd])$/i.exec(rest[0] ?? "");
      const minutes = duration ? Number(duration[1]) * (UNIT_MINUTES[(duration[2] ?? "").toLowerCase()] ?? 0) : 0;
      if (minutes < 1 || minutes > MAX_MINUTES) return { kind: "usage", problem: "duration" };
      // The words after the duration, as typed (spacing kept), split once at the first "|".
      const body = trimmed.slice(trimmed.indexOf(rest[0] ?? "") + (rest[0] ?? "").length);
      const bar = body.indexOf("|");
      const vi = (bar < 0 ? "" : body.slice(0, bar)).trim();
      const en = (bar < 0 ? "" : body.slice(bar + 1)).trim();
      if (!vi || !en || vi.length > TEXT_MAX || en.length > TEXT_MAX) return { kind: "usage", problem: "text" };
      return { kind: "post", minutes, text: { vi, en } };
    }
    default:
      return { kind: "usage", problem: "unknown" };
  }
}
