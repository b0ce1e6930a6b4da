import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTelegramStandin, type TelegramStandin } from "../test/standins/telegram-standin.js";
import { type Calibration, calibrate, updateIds } from "./customers.js";
import { createPoster, type Poster } from "./load.js";
import { queuesEmpty } from "./monitor.js";
import { followReplies, type ReplyLog } from "./replies.js";
import {
  type BenchDatabase,
  echoSpec,
  embeddedDatabase,
  freePort,
  hotroSpec,
  launch,
  loggedProblems,
  postgresDatabase,
  type Running,
  type ServerSpec,
  WEBHOOK_SECRET,
} from "./servers.js";

/** What is measured: a server started on a fresh stand-in (and, for hotro, a fresh database). */
export interface Target {
  name: string;
  spec(standin: TelegramStandin, port: number, logFile: string): Promise<{ spec: ServerSpec; database?: BenchDatabase }>;
}

export const echoTarget: Target = {
  name: "echo bot (baseline)",
  spec: async (standin, port, logFile) => ({ spec: echoSpec(standin, port, logFile) }),
};

/** hotro on PostgreSQL when `databaseUrl` is given, else on PGlite (a copy of `embeddedTemplate` when given). */
export function hotroTarget(options: { databaseUrl?: string; embeddedTemplate?: string }): Target {
  return {
    name: `hotro, ${options.databaseUrl ? "PostgreSQL" : "PGlite"}`,
    async spec(standin, port, logFile) {
      const database = options.databaseUrl ? await postgresDatabase(options.databaseUrl) : await embeddedDatabase(options.embeddedTemplate);
      return { spec: hotroSpec(standin, database, port, logFile), database };
    },
  };
}

/** A target running, with the stand-in it talks to, a load generator pointed at it, and its calibrated replies. */
export interface Session {
  target: Target;
  spec: ServerSpec;
  /** Replaced when the server is restarted (crash bench). */
  server: Running;
  /** hotro's database (none for the echo bot). */
  database: BenchDatabase | undefined;
  poster: Poster;
  replies: ReplyLog;
  calibration: Calibration;
  nextId: () => number;
  /** Warnings and errors in the server's log so far, as "count× level: message", most frequent first. */
  logProblems(): Promise<string[]>;
  close(): Promise<void>;
}

/** Where the servers' logs are kept, one file per bench and server, replaced at each run. */
export const logFolder = path.join(tmpdir(), "hotro-bench-logs");

/** `tickets`: intake dialogs completed before the load, whose customers then write to their open tickets. */
export async function openSession(target: Target, options: { bench: string; inFlight: number; tickets: number }): Promise<Session> {
  const standin = await startTelegramStandin();
  const replies = await followReplies(standin);
  await mkdir(logFolder, { recursive: true });
  const logFile = path.join(logFolder, `${options.bench}-${target.name.replace(/\W+/g, "-").replace(/-$/, "")}.log`);
  await writeFile(logFile, "");
  const { spec, database } = await target.spec(standin, await freePort(), logFile);
  const closeAll = async (server?: Running, poster?: Poster) => {
    poster?.close();
    await server?.stop();
    replies.stop();
    await standin.close();
    await database?.drop();
  };
  let server: Running | undefined;
  let poster: Poster | undefined;
  try {
    server = await launch(spec);
    poster = createPoster({ url: `${server.origin}/webhooks/telegram`, secret: WEBHOOK_SECRET, connections: options.inFlight });
    const nextId = updateIds();
    // Chats below 1 000 000 are the calibration's; each phase of load takes its own range above.
    const origin = server.origin;
    const settled = () => queuesEmpty(origin, spec.metricsPrefix);
    const calibration = await calibrate(poster, replies, { nextId, chatBase: 1000, tickets: options.tickets, settled });
    const session: Session = {
      target,
      spec,
      server,
      database,
      poster,
      replies,
      calibration,
      nextId,
      async logProblems() {
        // Every first start says no staff account exists yet: expected here, not a problem of the load.
        const problems = [...(await loggedProblems(logFile))].filter(([what]) => !what.includes("No staff member can sign in yet"));
        problems.sort((a, b) => b[1] - a[1]);
        return problems.map(([what, count]) => `${count}× ${what}`);
      },
      close: () => closeAll(session.server, session.poster),
    };
    return session;
  } catch (error) {
    await closeAll(server, poster);
    throw error;
  }
}
