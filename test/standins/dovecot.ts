import { type ChildProcess, spawn } from "node:child_process";
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { DOVECOT } from "../support/environment.js";

export { DOVECOT, hasDovecot } from "../support/environment.js";

export const MAILBOX_USER = "support";
export const MAILBOX_PASSWORD = "mật-khẩu secret";

export interface Dovecot {
  port: number;
  /** EMAIL_IMAP_URL for the support mailbox (the password URL-encoded). */
  imapUrl: string;
  /** A customer's client saving a mail into the mailbox (IMAP APPEND), as delivery would. */
  append(raw: string, options?: { folder?: string; flags?: string[] }): Promise<void>;
  /** What is in a folder now: UIDs and flags. */
  list(folder?: string): Promise<{ uid: number; flags: string[] }[]>;
  /** Empties a folder (between tests). */
  clear(folder?: string): Promise<void>;
  /** Takes \\Seen off every mail of a folder, as if our flag never reached the server. */
  unsee(folder?: string): Promise<void>;
  /** Stops the server (connections drop), keeping the mailbox; `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts dovecot on a loopback port with a throwaway configuration, mailbox and password file in a
 * temporary folder; plain IMAP (ssl = no) with a PLAIN login. As root (CI), dovecot's processes and the
 * mail files belong to `nobody`: dovecot refuses to run them as root.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), "hotro-dovecot-"));
  await chmod(dir, 0o755);
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const user = root ? "nobody" : userInfo().username;
  const uid = root ? 65534 : (process.getuid?.() ?? 1000);
  const gid = root ? 65534 : (process.getgid?.() ?? 1000);
  const group = root ? "nogroup" : String(gid);
  for (const sub of ["run", "state", "mail"]) await mkdir(path.join(dir, sub));
  if (root) await chown(path.join(dir, "mail"), uid, gid);
  await writeFile(path.join(dir, "passwd"), `${MAILBOX_USER}:{PLAIN}${MAILBOX_PASSWORD}\n`, { mode: 0o644 });
  const config = path.join(dir, "dovecot.conf");
  await writeFile(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = hotro-test-${port}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = ${Math.min(uid, 500)}
default_login_user = ${user}
default_internal_user = ${user}
default_internal_group = ${group}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    user = ${user}
  }
  unix_listener stats-writer {
    user = ${user}
  }
}
`,
  );
  let child: ChildProcess | undefined;

  async function start() {
    child = spawn(DOVECOT, ["-F", "-c", config], { stdio: "ignore" });
    await waitForGreeting(port);
  }

  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  }

  async function client<T>(work: (imap: ImapFlow) => Promise<T>): Promise<T> {
    const imap = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      auth: { user: MAILBOX_USER, pass: MAILBOX_PASSWORD },
      logger: false,
    });
    await imap.connect();
    try {
      return await work(imap);
    } finally {
      await imap.logout();
    }
  }

  await start();
  return {
    port,
    imapUrl: `imap://${MAILBOX_USER}:${encodeURIComponent(MAILBOX_PASSWORD)}@127.0.0.1:${port}/INBOX`,
    async append(raw, options = {}) {
      await client(async (imap) => {
        const folder = options.folder ?? "INBOX";
        if (folder !== "INBOX") await imap.mailboxCreate(folder).catch(() => undefined);
        await imap.append(folder, raw.replace(/\r?\n/g, "\r\n"), options.flags ?? []);
      });
    },
    list: (folder = "INBOX") =>
      client(async (imap) => {
        const lock = await imap.getMailboxLock(folder);
        try {
          const rows: { uid: number; flags: string[] }[] = [];
          for await (const message of imap.fetch("1:*", { uid: true, flags: true }))
            rows.push({ uid: message.uid, flags: [...(message.flags ?? [])] });
          return rows;
        } catch {
          return []; // an empty folder has no "1:*"
        } finally {
          lock.release();
        }
      }),
    clear: (folder = "INBOX") =>
      client(async (imap) => {
        const lock = await imap.getMailboxLock(folder).catch(() => undefined);
        if (!lock) return;
        try {
          if (imap.mailbox && imap.mailbox.exists > 0) await imap.messageDelete("1:*");
        } finally {
          lock.release();
        }
      }),
    unsee: (folder = "INBOX") =>
      client(async (imap) => {
        const lock = await imap.getMailboxLock(folder);
        try {
          if (imap.mailbox && imap.mailbox.exists > 0) await imap.messageFlagsRemove("1:*", ["\\Seen"]);
        } finally {
          lock.release();
        }
      }),
    stop,
    start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Until the server says "* OK" on a fresh connection (dovecot takes about a second to start). */
async function waitForGreeting(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.setTimeout(1000);
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
      socket.connect(port, "127.0.0.1");
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not answer on port ${port}`);
}
