import { afterEach, describe, expect, it } from "vitest";
import { USER, type ZaloHarness, zaloHarness } from "./harness.js";

let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.standin.close();
  await h?.app.stop();
  h = undefined;
});

/** The research's test vector: 271 bytes signed with app 1234567890123456789 and OA secret TEST_OA_SECRET. */
const VECTOR_BODY =
  '{"app_id":"1234567890123456789","sender":{"id":"6150000000000000001"},"user_id_by_app":"5520000000000000002","recipient":{"id":"4510000000000000003"},"event_name":"user_send_text","message":{"text":"Xin chào","msg_id":"a1b2c3d4e5f60718293a"},"timestamp":"1767225600000"}';
const VECTOR_MAC = "mac=7b4b430e94fe500c67796bdfd61113fd280b21ae83e80e38adfea6863e54a815";

const inject = (harness: ZaloHarness, payload: string, headers: Record<string, string>) =>
  harness.app.server.inject({
    method: "POST",
    url: "/webhooks/zalo",
    headers: { "content-type": "application/json", ...headers },
    payload,
  });

describe("POST /webhooks/zalo", () => {
  it("accepts the research's test vector, stores it once and answers the user", async () => {
    h = await zaloHarness({ now: "2026-01-01T00:00:00Z" });
    h.standin.interact(USER);
    const response = await inject(h, VECTOR_BODY, { "x-zevent-signature": VECTOR_MAC });
    expect(response.statusCode).toBe(200);
    const stored = await h.db.prisma.inboundEvent.findMany();
    expect(stored.map((e) => [e.source, e.dedupKey, e.partitionKey])).toEqual([["zalo", "msg:a1b2c3d4e5f60718293a", `zalo:${USER}`]]);
    await h.settle();
    expect(h.texts().length).toBeGreaterThan(0);
  });

  it("refuses a bad, a missing and a re-serialised signature with 401 and stores nothing", async () => {
    h = await zaloHarness({ now: "2026-01-01T00:00:00Z" });
    const wrong = VECTOR_MAC.replace("7b4b", "7b4c");
    expect((await inject(h, VECTOR_BODY, { "x-zevent-signature": wrong })).statusCode).toBe(401);
    expect((await inject(h, VECTOR_BODY, {})).statusCode).toBe(401);
    // The same event with other whitespace: the mac covers the bytes, not the JSON value.
    const pretty = JSON.stringify(JSON.parse(VECTOR_BODY), null, 1);
    expect((await inject(h, pretty, { "x-zevent-signature": VECTOR_MAC })).statusCode).toBe(401);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
  });

  it("refuses a signed event older than the log keeps handled events (only a replay sends one): 400, nothing stored", async () => {
    h = await zaloHarness({ now: "2026-02-01T00:00:00Z" });
    const response = await inject(h, VECTOR_BODY, { "x-zevent-signature": VECTOR_MAC });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ ok: false, error: "stale_event" });
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
  });

  it("handles a duplicate delivery once: one reply", async () => {
    h = await zaloHarness();
    const event = h.textEvent("Mấy giờ bên bạn làm việc?", USER, "dup-1");
    expect((await h.post(event)).statusCode).toBe(200);
    const after = h.texts().length;
    expect(after).toBeGreaterThan(0);
    expect((await h.post(event)).statusCode).toBe(200);
    expect(h.texts().length).toBe(after);
    expect(await h.db.prisma.inboundEvent.count()).toBe(1);
  });

  it("acknowledges the OA's echoes, receipts and anonymous visitors without storing them; a malformed user event is a 400", async () => {
    h = await zaloHarness();
    const echo = { ...h.textEvent("Đã tạo phiếu"), event_name: "oa_send_text", sender: { id: h.standin.oaId }, recipient: { id: USER } };
    expect((await h.post(echo)).statusCode).toBe(200);
    expect((await h.post({ ...h.textEvent("x"), event_name: "user_seen_message" })).statusCode).toBe(200);
    expect((await h.post({ ...h.textEvent("chào"), event_name: "anonymous_send_text" })).statusCode).toBe(200);
    expect((await h.post({ ...h.textEvent("x"), message: { text: "no id" } })).statusCode).toBe(400);
    expect(await h.db.prisma.inboundEvent.count()).toBe(0);
    expect(h.standin.sent()).toEqual([]);
  });

  it("greets a new follower with the welcome and the menu as buttons", async () => {
    h = await zaloHarness();
    await h.follow();
    expect(h.since()).toContain("Xin chào");
    expect(h.buttonsOfLast()).toEqual(["menu:new", "menu:faq", "menu:hours", "menu:status", "menu:help", "menu:lang"]);
    // Zalo takes at most 5 buttons under a message: the sixth follows in a second one.
    const withButtons = h.standin.sent().filter((m) => m.buttons?.length);
    expect(withButtons.map((m) => m.buttons?.length)).toEqual([5, 1]);
    expect(withButtons[0]?.buttons?.[0]).toMatchObject({ type: "oa.query.hide", payload: "#hotro:menu:new" });
  });
});
