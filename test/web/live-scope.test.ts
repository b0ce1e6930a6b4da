import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebHarness, webHarness } from "./web-harness.js";

/** A console's event stream read over real HTTP: every `tickets` event's ids, in order, and the raw text. */
async function openStream(base: string, cookie: string) {
  const abort = new AbortController();
  const response = await fetch(`${base}/console/api/events`, { headers: { cookie }, signal: abort.signal });
  expect(response.status).toBe(200);
  const events: (string[] | null)[] = [];
  let raw = "";
  let ready = false;
  let read = 0; // blocks already parsed
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      raw += decoder.decode(chunk, { stream: true });
      const blocks = raw.split("\n\n").slice(0, -1);
      for (const block of blocks.slice(read)) {
        if (/^event: ready$/m.test(block)) ready = true;
        const data = /^event: tickets\ndata: (.*)$/m.exec(block)?.[1];
        if (data) events.push((JSON.parse(data) as { ticketIds: string[] | null }).ticketIds);
      }
      read = blocks.length;
    }
  })().catch(() => undefined);
  return {
    events,
    raw: () => raw,
    ready: () => ready,
    async close() {
      abort.abort();
      await reading;
    },
  };
}

async function until(what: string, check: () => boolean) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("R4.1 the console's event stream names only the tickets its reader may see", () => {
  let h: WebHarness;
  let base: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await webHarness();
    ids.an = await h.staff("an", ["customer_care"]);
    ids.lan = await h.staff("lan", ["sales"]);
    ids.tuan = await h.staff("tuan", ["technical"]);
    await h.app.server.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(h.app.server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a Sales-only member hears nothing of a Technical ticket, nor any personal data; Customer care hears both", async () => {
    const sales = await openStream(base, (await h.signIn("lan")).cookie);
    const care = await openStream(base, (await h.signIn("an")).cookie);
    await until("both streams ready", () => sales.ready() && care.ready());

    const technical = await h.openRequest("Máy chủ báo lỗi 500", {
      name: "Trần Kỹ Thuật",
      phone: "0912345678",
      categoryId: "hosting_domain",
    });
    expect((await h.app.tickets.addNote(ids.tuan ?? "", technical.id, "Đã xem log", { echoToStaffChannels: false })).ok).toBe(true);
    // A Sales change after the Technical ones: once it is heard, everything before it has been narrowed (in order).
    const salesTicket = await h.openRequest("Cần báo giá tên miền", { name: "Lê Minh" });
    await until("the Sales ticket on the Sales stream", () => sales.events.flat().includes(salesTicket.id));
    await until("the Sales ticket on Customer care's stream", () => care.events.flat().includes(salesTicket.id));

    expect(sales.events).toEqual([[salesTicket.id]]);
    expect(sales.raw()).not.toContain(technical.id);
    for (const personal of ["Trần Kỹ Thuật", "0912345678", "Lê Minh", "Máy chủ", "báo giá"]) expect(sales.raw()).not.toContain(personal);
    expect(care.events.flat()).toContain(technical.id);
    await sales.close();
    await care.close();
  });

  it("a Sales ticket rerouted to Technical is named once more to Sales, so its queue drops it, then never again", async () => {
    const ticket = await h.openRequest("Hướng dẫn cài đặt email trên điện thoại", { name: "Phạm Thu" });
    const sales = await openStream(base, (await h.signIn("lan")).cookie);
    await until("the stream ready", () => sales.ready());

    expect((await h.app.tickets.reroute(ids.an ?? "", ticket.id, "technical", "Cần kỹ thuật cấu hình")).ok).toBe(true);
    expect((await h.app.tickets.addNote(ids.tuan ?? "", ticket.id, "Đang cấu hình", { echoToStaffChannels: false })).ok).toBe(true);
    const later = await h.openRequest("Cần báo giá hosting", { name: "Vũ Lan" });
    await until("the later Sales ticket", () => sales.events.flat().includes(later.id));

    expect(sales.events).toEqual([[ticket.id], [later.id]]);
    const queues = await h.as(await h.signIn("lan")).get("/console/api/queue");
    expect(queues.statusCode).toBe(200);
    expect(queues.body).not.toContain(ticket.id);
    await sales.close();
  });
});
