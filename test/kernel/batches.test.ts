import { describe, expect, it } from "vitest";
import { inBatches } from "../../src/kernel/batches.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("inBatches", () => {
  it("runs a lone call at once, and the calls made while it runs together, in order", async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const double = inBatches(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n) => n * 2);
    });
    const first = double(1);
    await tick();
    expect(batches).toEqual([[1]]); // not held back: nothing else was under way
    const later = [double(2), double(3), double(4)];
    await tick();
    expect(batches).toEqual([[1]]); // waiting for the first
    release();
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("keeps batches to the largest size asked", async () => {
    const sizes: number[] = [];
    const echo = inBatches(async (items: number[]) => {
      sizes.push(items.length);
      await tick();
      return items;
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map(echo))).toEqual([1, 2, 3, 4, 5]);
    expect(sizes).toEqual([1, 2, 2]);
  });

  it("fails only the caller whose item fails: a failed batch is tried again one by one", async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    const check = inBatches(async (items: string[]) => {
      calls++;
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      if (items.includes("bad")) throw new Error("bad item");
      return items.map((item) => item.toUpperCase());
    });
    const first = check("a");
    await tick();
    const rest = [check("b"), check("bad"), check("c")].map((p) => p.catch((error: Error) => error.message));
    release();
    expect(await first).toBe("A");
    expect(await Promise.all(rest)).toEqual(["B", "bad item", "C"]);
  });
});
