import type { Database } from "../../../src/db/database.js";
import { loadPolicyFile } from "../../../src/policy/load-policy.js";
import type { Policy } from "../../../src/policy/policy.schema.js";
import { createPolicySchedule } from "../../../src/tickets/application/policy-schedule.js";
import { createTicketService, type OpenTicketInput, type TicketService } from "../../../src/tickets/index.js";
import { FakeClock } from "../../support/fake-clock.js";
import { createTestDatabase, type DatabaseKind } from "../../support/test-db.js";

export async function defaultPolicy(): Promise<Policy> {
  const loaded = await loadPolicyFile();
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  return loaded.policy;
}

/** A ticket service on a fresh database, the default policy and a fake clock (a Wednesday morning in Hanoi unless told). */
export async function ticketHarness(options: { kind?: DatabaseKind; now?: string; staffChannels?: string[] } = {}) {
  const db: Database = await createTestDatabase(options.kind);
  const policy = await defaultPolicy();
  const clock = new FakeClock(options.now ?? "2026-11-25T02:00:00Z"); // 09:00 Wed 25/11/2026 in Asia/Ho_Chi_Minh
  const committed: string[][] = [];
  const service: TicketService = createTicketService({
    db,
    policy,
    clock,
    schedule: createPolicySchedule(policy),
    staffChannels: options.staffChannels ?? ["slack"],
    afterCommit: ({ ticketIds }) => committed.push(ticketIds),
  });

  const staff = async (name: string, departments: string[], extra: { generalDuty?: boolean } = {}) =>
    db.prisma.staff.create({ data: { name, login: name, departments, generalDuty: extra.generalDuty ?? false } });

  let chat = 1000;
  const customer = async (name = "Khách") => {
    chat++;
    const c = await service.identifyCustomer({ channel: "telegram", externalId: String(chat), displayName: name, language: "vi" });
    return { ...c, chatId: String(chat) };
  };

  const open = async (customerRow: { id: string; chatId: string }, categoryId: string, extra: Partial<OpenTicketInput> = {}) => {
    const result = await service.open({
      customerId: customerRow.id,
      channel: "telegram",
      chatId: customerRow.chatId,
      language: "vi",
      categoryId,
      description: `Mô tả ${categoryId}`,
      contact: { name: "An", phone: "0903123456" },
      ...extra,
    });
    if (!result.ok) throw new Error(`open refused: ${result.code}`);
    return result.value.ticket;
  };

  /** The delivery worker's effect, without a platform: every pending outbox row marked sent. */
  const deliverAll = () =>
    db.prisma.outboxMessage.updateMany({ where: { status: "pending" }, data: { status: "sent", sentAt: clock.now() } });

  const outboxFor = (ticketId: string, kind?: string) =>
    db.prisma.outboxMessage.findMany({ where: { ticketId, ...(kind ? { kind } : {}) }, orderBy: { seq: "asc" } });

  /** A written reply, delivered, then the resolution (R3.3: a ticket is resolved once a reply reached the customer). */
  const answerAndResolve = async (staffId: string, ticketId: string) => {
    await service.reply(staffId, ticketId, "Chúng tôi đã xử lý.");
    await deliverAll();
    return service.resolve(staffId, ticketId, "Yêu cầu đã xử lý xong.");
  };

  /** Back to no tickets, customers or staff: one database for every run of a property. */
  const empty = () =>
    db.prisma.$executeRawUnsafe(
      `TRUNCATE "OutboxMessage", "TimelineEvent", "Message", "Rating", "Ticket", "CustomerIdentity", "Customer", "Staff" CASCADE`,
    );

  return {
    db,
    policy,
    clock,
    service,
    committed,
    staff,
    customer,
    open,
    deliverAll,
    outboxFor,
    answerAndResolve,
    empty,
    close: () => db.close(),
  };
}

export type TicketHarness = Awaited<ReturnType<typeof ticketHarness>>;
