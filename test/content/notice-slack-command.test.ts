import { afterEach, describe, expect, it } from "vitest";
import { parseNoticeCommand } from "../../src/slack/notice-command.js";
import { channels, type SlackHarness, slackHarness, users } from "../slack/harness.js";

/** `/hotro-notice` from Slack: Customer care lists, posts and withdraws service notices; nobody else may. */

let h: SlackHarness | undefined;
afterEach(() => h?.close());

/** A slash command as Slack sends it: a signed form, answered with the ephemeral response in the HTTP body. */
async function command(harness: SlackHarness, userId: string, text: string, channel = channels.care) {
  const body = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: harness.standin.identity.teamId,
    team_domain: "congty",
    channel_id: channel,
    channel_name: "cs-khach-hang",
    user_id: userId,
    user_name: "hoa",
    command: "/hotro-notice",
    text,
    api_app_id: "A0HOTRO",
    response_url: "https://hooks.slack.com/commands/T0TEAM001/1/abc",
    trigger_id: "13345224609.738474920.8088930838d88f008e0",
  }).toString();
  const response = await harness.send(body, "application/x-www-form-urlencoded");
  expect(response.statusCode).toBe(200);
  return response.json() as { response_type: string; text: string };
}

describe("/hotro-notice in Slack", () => {
  it("Customer care posts a notice customers then read, lists it and withdraws it; the changes are recorded", async () => {
    h = await slackHarness();
    const empty = await command(h, users.hoa, "");
    expect(empty.response_type).toBe("ephemeral");
    expect(empty.text).toContain("No notice is showing to customers now.");

    const posted = await command(h, users.hoa, "post 2h Máy chủ email đang gặp sự cố | The email server has a problem");
    const id = /`([0-9a-f-]+)`/.exec(posted.text)?.[1] ?? "";
    // 09:00 in Hanoi plus two hours.
    expect(posted.text).toContain("see it until 25/11/2026 11:00");
    const live = h.app.content.liveNotices();
    expect(live.map((n) => [n.id, n.text, n.categories])).toEqual([
      [id, { vi: "Máy chủ email đang gặp sự cố", en: "The email server has a problem" }, []],
    ]);
    expect(h.app.content.noticesFor("email_accounts").map((n) => n.id)).toEqual([id]);
    const hoa = await h.db.prisma.staff.findFirstOrThrow({ where: { slackUserId: users.hoa } });
    expect(live[0]?.createdBy).toBe(hoa.id);

    const listed = await command(h, users.hoa, "list");
    expect(listed.text).toContain(`\`${id}\` (until 25/11/2026 11:00): The email server has a problem`);

    expect((await command(h, users.hoa, `withdraw ${id}`)).text).toContain(`Notice \`${id}\` withdrawn.`);
    expect(h.app.content.liveNotices()).toEqual([]);
    expect((await command(h, users.hoa, `withdraw ${id}`)).text).toContain("No running notice has this id.");
    const changes = await h.db.prisma.contentChange.findMany({ where: { kind: "notice", itemId: id }, orderBy: { at: "asc" } });
    expect(changes.map((c) => [c.action, c.changedBy])).toEqual([
      ["created", hoa.id],
      ["withdrawn", hoa.id],
    ]);
  });

  it("refuses staff outside Customer care and explains a command it cannot read", async () => {
    h = await slackHarness();
    const refused = await command(h, users.lan, "post 2h Sự cố | Outage", channels.sales);
    expect(refused.text).toContain("Only Customer care");
    expect(h.app.content.liveNotices()).toEqual([]);
    const stranger = await command(h, "U0NOBODY1", "list");
    expect(stranger.text).not.toContain("Notices showing");

    const noEnglish = await command(h, users.hoa, "post 2h Chỉ có tiếng Việt");
    expect(noEnglish.text).toContain("Give the text in both languages");
    expect(noEnglish.text).toContain("Usage:");
    expect((await command(h, users.hoa, "post 90d Dài | Long")).text).toContain("from 1 minute to 30 days");
    expect(h.app.content.liveNotices()).toEqual([]);
  });

  it("reads the command's words", () => {
    expect(parseNoticeCommand("  ")).toEqual({ kind: "list" });
    expect(parseNoticeCommand("post 30m  Bảo trì lúc 12:00 | Maintenance at 12:00 ")).toEqual({
      kind: "post",
      minutes: 30,
      text: { vi: "Bảo trì lúc 12:00", en: "Maintenance at 12:00" },
    });
    expect(parseNoticeCommand("post 1d a | b | c")).toMatchObject({ minutes: 1440, text: { vi: "a", en: "b | c" } });
    expect(parseNoticeCommand("post 0h a | b")).toEqual({ kind: "usage", problem: "duration" });
    expect(parseNoticeCommand("withdraw")).toEqual({ kind: "usage", problem: "id" });
    expect(parseNoticeCommand("delete everything")).toEqual({ kind: "usage", problem: "unknown" });
  });
});
