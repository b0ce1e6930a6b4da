import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type WebchatHarness, webchatHarness } from "../channels/webchat/harness.js";

/** The same personal-data dialog over the web chat: notice, consent, a copy as signed links. */

let h: WebchatHarness | undefined;
afterEach(async () => {
  await h?.app.stop();
  h = undefined;
});

describe("personal data in the web chat (Decree 13/2023)", () => {
  it("gives the notice, asks consent, and delivers the visitor's own copy as signed links after the code", async () => {
    h = await webchatHarness();
    const v = await h.session();
    await h.say(v, "/start");
    const first = await h.fresh(v);
    expect(first[0]?.text).toContain("chúng tôi lưu tên, số điện thoại, email, tin nhắn và tệp quý khách gửi");
    // The link to the full notice: a button in the web chat.
    expect(first[0]?.links?.map((l) => l.url)).toEqual([expect.stringMatching(/\/privacy\?lang=vi$/)]);
    // The full notice the link leads to, in both languages.
    const vi = await h.app.server.inject({ method: "GET", url: "/privacy?lang=vi" });
    expect(vi.statusCode).toBe(200);
    expect(vi.body).toContain("Thông báo xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)");
    expect((await h.app.server.inject({ method: "GET", url: "/privacy?lang=en" })).body).toContain("Personal data notice");

    await h.press(v, "cat:hosting_domain");
    await h.say(v, "Website congty.vn báo lỗi 500");
    await h.press(v, "in:done");
    expect(await h.freshText(v)).toContain("Quý khách có đồng ý");
    await h.press(v, "in:consent_yes");
    await h.say(v, "Trần Thị Bình");
    await h.say(v, "binh@congty.vn");
    await h.press(v, "in:skip");
    await h.press(v, "in:confirm");
    expect(await h.db.prisma.consentRecord.findFirstOrThrow()).toMatchObject({ decision: "given", channel: "webchat" });

    const w = await h.session();
    await h.press(w, "cat:hosting_domain");
    await h.say(w, "Tên miền cua-hang-khac.vn hết hạn");
    await h.press(w, "in:done");
    await h.press(w, "in:consent_no");
    await h.press(w, "in:confirm");
    expect((await h.db.prisma.ticket.findFirstOrThrow({ where: { chatId: w.visitorId } })).contact).toEqual({});

    await h.fresh(v);
    await h.say(v, "Tôi muốn xem dữ liệu của tôi");
    await h.press(v, "priv:export");
    const code = /(\d{6})/.exec((await h.fresh(v)).map((m) => m.text).find((t) => t.includes("Mã xác nhận")) ?? "")?.[1] ?? "";
    expect(code).toMatch(/^\d{6}$/);
    await h.say(v, code);
    const ready = (await h.fresh(v)).map((m) => m.text).join("\n");
    expect(ready).toContain("Bản sao dữ liệu của quý khách (1 yêu cầu)");
    expect(ready).toMatch(/du-lieu-ca-nhan\.json: http:\/\/localhost:\d+\/files\/privacy\//);

    const request = await h.db.prisma.privacyRequest.findFirstOrThrow({ where: { kind: "export", state: "done" } });
    const json = readFileSync(path.join(h.dataDir, "files", "privacy", `${request.id}.json`), "utf8");
    expect(json).toContain("binh@congty.vn");
    expect(json).toContain("Website congty.vn báo lỗi 500");
    expect(json).not.toContain("cua-hang-khac");
  });
});
