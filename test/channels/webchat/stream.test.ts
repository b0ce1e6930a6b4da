import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { FeedMessage } from "../../../src/channels/webchat/feed.js";
import { type Visitor, type WebchatHarness, webchatHarness } from "./harness.js";

let h: WebchatHarness | undefined;
afterEach(async () => {
  await h?.app.stop();
  h = undefined;
});

/** A Server-Sent Events reader over fetch: collects the `message` events as they come. */
async function openStream(base: string, v: Visitor, after: number, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const query = new URLSearchParams({ visitorId: v.visitorId, token: v.token, after: String(after) });
  const response = await fetch(`${base}/webchat/stream?${query}`, { signal: controller.signal, headers });
  const events: { id: string; data: FeedMessage }[] = [];
  const body = response.body;
  if (!body) throw new Error("no body");
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.match(new RegExp(`^${name}: (.*)$`, "m"))?.[1];
        const data = field("data");
        if (field("event") === "message" && data) events.push({ id: field("id") ?? "", data: JSON.parse(data) as FeedMessage });
        end = buffer.indexOf("\n\n");
      }
    }
  })();
  const waitFor = async (count: number) => {
    await expect.poll(() => events.length, { timeout: 5000 }).toBeGreaterThanOrEqual(count);
    return events;
  };
  return { response, events, waitFor, close: () => controller.abort(), pump };
}

describe("web chat stream (Server-Sent Events)", () => {
  it("sends the backlog after `after`, then each message as it is delivered, with the seq as event id", async () => {
    h = await webchatHarness();
    await h.app.server.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(h.app.server.server.address() as AddressInfo).port}`;
    const v = await h.session();
    await h.say(v, "/start");
    const backlog = await h.poll(v);
    // The personal-data notice, the welcome and the menu.
    expect(backlog.length).toBe(3);
    const firstSeq = backlog[0]?.seq ?? 0;

    const stream = await openStream(base, v, firstSeq);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toContain("text/event-stream");
    const resumed = await stream.waitFor(2);
    expect(resumed.map((e) => e.data.seq)).toEqual([backlog[1]?.seq, backlog[2]?.seq]);
    expect(resumed.map((e) => e.id)).toEqual([String(backlog[1]?.seq), String(backlog[2]?.seq)]);

    // Live: the sender wakes the stream as soon as the answer is stored.
    await h.say(v, "mấy giờ làm việc?");
    const events = await stream.waitFor(3);
    expect(events[2]?.data.text).toContain("Tình trạng các bộ phận lúc này");
    expect(events.map((e) => e.data.seq)).toEqual([...events.map((e) => e.data.seq)].sort((a, b) => a - b));
    stream.close();
  });

  it("resumes from Last-Event-ID on the browser's own reconnect: nothing lost, nothing repeated", async () => {
    h = await webchatHarness();
    await h.app.server.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(h.app.server.server.address() as AddressInfo).port}`;
    const v = await h.session();
    await h.say(v, "/start");
    const seen = await h.poll(v);
    const first = seen[0];
    const second = seen.at(-1);
    // Messages delivered while the visitor was away.
    await h.say(v, "mấy giờ làm việc?");
    const stream = await openStream(base, v, 0, { "last-event-id": String(second?.seq) });
    const events = await stream.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.map((e) => e.data.seq).every((seq) => seq > (second?.seq ?? 0))).toBe(true);
    expect(events.map((e) => e.data.seq)).not.toContain(first?.seq);
    expect(events[0]?.data.text).toContain("Tình trạng các bộ phận lúc này");
    stream.close();
  });

  it("an open stream does not keep the server from stopping", async () => {
    h = await webchatHarness();
    await h.app.server.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(h.app.server.server.address() as AddressInfo).port}`;
    const v = await h.session();
    const stream = await openStream(base, v, 0);
    expect(stream.response.status).toBe(200);
    const started = Date.now();
    await h.app.stop();
    h = undefined;
    expect(Date.now() - started).toBeLessThan(5000);
    await stream.pump;
  });
});
