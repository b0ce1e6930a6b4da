import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actions } from "../../src/slack/cards.js";
import { MAX_REPLY_FILE_BYTES } from "../../src/slack/reply-files.js";
import type { UploadedSlackFile } from "../standins/slack-standin.js";
import { channels, type SlackHarness, slackHarness, users } from "./harness.js";

const input = (value: string) => ({ type: "plain_text_input", value }) as const;
const filesInput = (files: UploadedSlackFile[]) => ({ type: "file_input", files }) as never;

describe("R3.3 the Reply modal's file attachments", () => {
  let h: SlackHarness;
  let dataDir: string;
  let ticketId: string;
  let cardTs: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "hotro-slack-files-"));
    h = await slackHarness({ dataDir });
    const ticket = await h.open("price_quote");
    ticketId = ticket.id;
    await h.press(users.lan, actions.claim, ticketId, { channel: channels.sales });
    await h.deliver();
    cardTs = (await h.card(ticketId, channels.sales))?.ts ?? "";
  });
  afterEach(async () => {
    await h.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function replyMeta(): Promise<string> {
    await h.press(users.lan, actions.reply, ticketId, { channel: channels.sales, ts: cardTs });
    const view = h.standin.callsTo("views.open").at(-1)?.params.view as {
      private_metadata: string;
      blocks: { block_id?: string; element?: { type: string } }[];
    };
    expect(view.blocks.find((b) => b.block_id === "reply_files")?.element?.type).toBe("file_input");
    return view.private_metadata;
  }
  const storedKeys = async () => (await readdir(path.join(dataDir, "files", "slack")).catch(() => [] as string[])).map((f) => `slack/${f}`);

  it("downloads the files with the bot token, stores them under DATA_DIR/files/slack and attaches them to the reply", async () => {
    const quote = h.standin.uploadFile({ name: "bao-gia.pdf", mimetype: "application/pdf", bytes: Buffer.from("%PDF-1.4 báo giá") });
    const meta = await replyMeta();
    const response = await h.submit(users.lan, "reply", meta, {
      reply_text: { value: input("Báo giá gửi kèm.") },
      reply_files: { value: filesInput([quote]) },
    });
    expect(response.body).toBe("");
    expect(h.standin.downloads).toEqual([{ id: quote.id, token: h.standin.identity.token }]);

    const sent = await h.db.prisma.message.findFirstOrThrow({ where: { ticketId, direction: "out" } });
    const attachments = sent.attachments as { name: string; mimeType: string; size: number; key: string }[];
    expect(attachments).toEqual([
      { name: "bao-gia.pdf", mimeType: "application/pdf", size: quote.size, key: expect.stringMatching(/^slack\/[0-9a-f-]{36}$/) },
    ]);
    const key = attachments[0]?.key ?? "";
    expect(await readFile(path.join(dataDir, "files", key), "utf8")).toBe("%PDF-1.4 báo giá");
    // The Slack URL is kept nowhere: not on the message, not in the outbox.
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { ticketId } });
    expect(JSON.stringify([sent, rows])).not.toContain("files-pri");

    // The thread shows the reply with a link to our own signed copy of the file.
    await h.deliver();
    const line =
      h.standin
        .messages(channels.sales)
        .filter((m) => m.thread_ts === cardTs && m.ts !== cardTs)
        .at(-1)?.text ?? "";
    expect(line).toContain("Báo giá gửi kèm.");
    expect(line).toMatch(/Tệp đính kèm: <[^|>]+\|bao-gia\.pdf>/);
    expect(line).not.toContain("files-pri");
  });

  it(`a file over ${MAX_REPLY_FILE_BYTES / (1024 * 1024)} MB is refused inline under the file field, and nothing is sent or kept`, async () => {
    const big = h.standin.uploadFile({ name: "video.mp4", mimetype: "video/mp4", bytes: Buffer.alloc(MAX_REPLY_FILE_BYTES + 1) });
    const meta = await replyMeta();
    const response = await h.submit(users.lan, "reply", meta, {
      reply_text: { value: input("Video hướng dẫn gửi kèm.") },
      reply_files: { value: filesInput([big]) },
    });
    expect(response.json()).toEqual({
      response_action: "errors",
      errors: { reply_files: '"video.mp4" is larger than 10 MB: attach a smaller file.' },
    });
    expect(await h.db.prisma.message.count({ where: { ticketId, direction: "out" } })).toBe(0);
    expect(await storedKeys()).toEqual([]);
  });

  it("a reply refused for its text keeps none of its downloaded files", async () => {
    const photo = h.standin.uploadFile({ name: "anh.png", mimetype: "image/png", bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    const meta = await replyMeta();
    const response = await h.submit(users.lan, "reply", meta, {
      reply_text: { value: input("Em sẽ gọi điện cho anh") },
      reply_files: { value: filesInput([photo]) },
    });
    expect((response.json() as { errors: Record<string, string> }).errors.reply_text).toContain("gọi điện");
    expect(await storedKeys()).toEqual([]);
  });

  it("the bot token is never sent to a host that is not Slack's", async () => {
    const meta = await replyMeta();
    const foreign = {
      id: "F0EVIL001",
      name: "x.pdf",
      mimetype: "application/pdf",
      size: 1,
      url_private_download: "http://example.invalid/x.pdf",
    };
    const response = await h.submit(users.lan, "reply", meta, {
      reply_text: { value: input("Tệp gửi kèm.") },
      reply_files: { value: filesInput([foreign]) },
    });
    expect(response.json()).toEqual({
      response_action: "errors",
      errors: { reply_files: '"x.pdf" could not be fetched from Slack: attach it again.' },
    });
    expect(h.standin.downloads).toEqual([]);
  });
});
