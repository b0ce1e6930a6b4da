import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createTestDatabase, databaseKinds, openSecondInstance } from "../support/test-db.js";

let opened: Database[] = [];
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

describe.each(databaseKinds)("signals on %s", (kind) => {
  it("reach this instance's listeners of the topic, and only them, until they unsubscribe", async () => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    const heard: string[] = [];
    const stop = db.signals.subscribe("webchat", (text) => heard.push(`webchat:${text}`));
    db.signals.subscribe("home", (text) => heard.push(`home:${text}`));
    await expect
      .poll(async () => {
        await db.signals.publish("webchat", "v1");
        return heard.includes("webchat:v1");
      })
      .toBe(true);
    stop();
    await db.signals.publish("webchat", "v2");
    await db.signals.publish("home", "U1");
    await expect.poll(() => heard.includes("home:U1")).toBe(true);
    expect(heard).not.toContain("webchat:v2");
    expect(() => db.signals.subscribe("Bad; DROP", () => undefined)).toThrow(/invalid signal topic/);
  });
});

describe.runIf(databaseKinds.includes("postgres"))("signals between two instances on PostgreSQL", () => {
  it("a web chat reply stored by one instance wakes the listener on the other", async () => {
    const a = await createTestDatabase("postgres");
    const b = await openSecondInstance(a);
    opened.push(a, b);
    const heardOnB: string[] = [];
    b.signals.subscribe("webchat", (visitorId) => heardOnB.push(visitorId));
    await expect
      .poll(async () => {
        await a.signals.publish("webchat", "visitor-1");
        return heardOnB.includes("visitor-1");
      })
      .toBe(true);
  });
});
