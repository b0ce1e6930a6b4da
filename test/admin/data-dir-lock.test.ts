import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, dataDirHolder, dataDirLockFile } from "../../src/db/data-dir-lock.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hotro-lock-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid ?? 0;

describe("the data folder lock", () => {
  it("is held by one live process: another's live lock is refused and named; releasing removes the file", async () => {
    // The parent of this test run is alive and is not us: it stands for a running server.
    await writeFile(dataDirLockFile(dataDir), `${process.ppid}\n`);
    expect(dataDirHolder(dataDir)).toBe(process.ppid);
    expect(acquireDataDirLock(dataDir)).toMatchObject({ ok: false, holder: process.ppid });

    await rm(dataDirLockFile(dataDir));
    const attempt = acquireDataDirLock(dataDir);
    if (!attempt.ok) throw new Error("not acquired");
    expect((await readFile(dataDirLockFile(dataDir), "utf8")).trim()).toBe(String(process.pid));
    attempt.lock.release();
    expect(dataDirHolder(dataDir)).toBeNull();
    expect(acquireDataDirLock(dataDir).ok).toBe(true);
  });

  it("takes over a lock left by a process that died", async () => {
    await writeFile(dataDirLockFile(dataDir), `${deadPid()}\n`);
    expect(dataDirHolder(dataDir)).toBeNull();
    const attempt = acquireDataDirLock(dataDir);
    expect(attempt.ok).toBe(true);
    expect((await readFile(dataDirLockFile(dataDir), "utf8")).trim()).toBe(String(process.pid));
  });
});
