import type { Tx } from "../../db/database.js";
import { formatDateTime } from "../../kernel/date-time.js";
import type { Language } from "../../kernel/language.js";
import { type StoredFile, storedFiles } from "../../kernel/stored-file.js";
import { categoryName } from "../../policy/names.js";
import type { Policy } from "../../policy/policy.schema.js";

/**
 * A customer's copy of their data: everything kept about them (profile, channel identities,
 * consents, tickets with their messages and ratings, earlier requests), theirs only. Internal notes
 * are staff's working notes, not the customer's data, and stay out.
 */

/** Where a copy's two files are kept, under DATA_DIR/files. */
export const exportFileKeys = (requestId: string): [json: string, text: string] => [
  `privacy/${requestId}.json`,
  `privacy/${requestId}.txt`,
];

/** A copy's two files as the customer receives them: the JSON, then the text a person reads. */
export function exportFiles(requestId: string): [StoredFile, StoredFile] {
  const [json, text] = exportFileKeys(requestId);
  return [
    { key: json, name: "du-lieu-ca-nhan.json", mimeType: "application/json" },
    { key: text, name: "du-lieu-ca-nhan.txt", mimeType: "text/plain" },
  ];
}

export interface CustomerExport {
  exportedAt: string;
  customer: {
    id: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    website: string | null;
    language: string;
    createdAt: string;
    verifiedAt: string | null;
    verifiedContact: string | null;
  };
  identities: { channel: string; externalId: string; displayName: string | null; createdAt: string }[];
  consents: { decision: string; version: string; channel: string; at: string }[];
  tickets: {
    number: number;
    category: string;
    status: string;
    channel: string;
    description: string;
    contact: unknown;
    createdAt: string;
    resolvedAt: string | null;
    rating: { stars: number; comment: string | null } | null;
    messages: { direction: string; text: string; files: string[]; at: string }[];
  }[];
  requests: { kind: string; state: string; requestedAt: string; completedAt: string | null }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function customerExport(tx: Tx, customerId: string, now: Date): Promise<CustomerExport> {
  const customer = await tx.customer.findUniqueOrThrow({
    where: { id: customerId },
    include: {
      identities: { orderBy: { createdAt: "asc" } },
      consents: { orderBy: { at: "asc" } },
      tickets: {
        orderBy: { number: "asc" },
        include: { rating: true, messages: { where: { direction: { not: "note" } }, orderBy: { seq: "asc" } } },
      },
    },
  });
  const requests = await tx.privacyRequest.findMany({ where: { customerId }, orderBy: { requestedAt: "asc" } });
  return {
    exportedAt: now.toISOString(),
    customer: {
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      website: customer.website,
      language: customer.language,
      createdAt: customer.createdAt.toISOString(),
      verifiedAt: iso(customer.verifiedAt),
      verifiedContact: customer.verifiedContact,
    },
    identities: customer.identities.map((i) => ({
      channel: i.channel,
      externalId: i.externalId,
      displayName: i.displayName,
      createdAt: i.createdAt.toISOString(),
    })),
    consents: customer.consents.map((c) => ({ decision: c.decision, version: c.version, channel: c.channel, at: c.at.toISOString() })),
    tickets: customer.tickets.map((t) => ({
      number: t.number,
      category: t.categoryId,
      status: t.status,
      channel: t.channel,
      description: t.description,
      contact: t.contact,
      createdAt: t.createdAt.toISOString(),
      resolvedAt: iso(t.resolvedAt),
      rating: t.rating ? { stars: t.rating.stars, comment: t.rating.comment } : null,
      messages: t.messages.map((m) => ({
        direction: m.direction,
        text: m.text,
        files: storedFiles(m.attachments).map((f) => f.name),
        at: m.createdAt.toISOString(),
      })),
    })),
    requests: requests.map((r) => ({
      kind: r.kind,
      state: r.state,
      requestedAt: r.requestedAt.toISOString(),
      completedAt: iso(r.completedAt),
    })),
  };
}

const labels = {
  vi: {
    title: "Dữ liệu cá nhân của quý khách",
    exportedAt: "Xuất lúc",
    profile: "Thông tin liên hệ",
    name: "Tên",
    phone: "Điện thoại",
    email: "Email",
    website: "Website",
    channels: "Kênh liên hệ",
    consents: "Đồng ý xử lý dữ liệu",
    ticket: "Yêu cầu",
    customer: "Quý khách",
    staff: "Nhân viên",
    files: "Tệp",
  },
  en: {
    title: "Your personal data",
    exportedAt: "Exported at",
    profile: "Contact details",
    name: "Name",
    phone: "Phone",
    email: "Email",
    website: "Website",
    channels: "Channels",
    consents: "Consent to data processing",
    ticket: "Request",
    customer: "You",
    staff: "Staff",
    files: "Files",
  },
} as const;

/** The same copy as a text a person reads, in their language; times as dd/MM/yyyy HH:mm in the company's zone. */
export function exportAsText(data: CustomerExport, language: Language, policy: Policy): string {
  const l = labels[language];
  const time = (value: string | null) => (value ? formatDateTime(new Date(value), policy.company.timeZone) : "—");
  const lines: string[] = [`${l.title}`, `${l.exportedAt}: ${time(data.exportedAt)}`, "", `== ${l.profile} ==`];
  lines.push(`${l.name}: ${data.customer.name ?? "—"}`, `${l.phone}: ${data.customer.phone ?? "—"}`);
  lines.push(`${l.email}: ${data.customer.email ?? "—"}`, `${l.website}: ${data.customer.website ?? "—"}`, "", `== ${l.channels} ==`);
  for (const i of data.identities) lines.push(`${i.channel}: ${i.externalId}${i.displayName ? ` (${i.displayName})` : ""}`);
  lines.push("", `== ${l.consents} ==`);
  for (const c of data.consents) lines.push(`${time(c.at)} ${c.decision} (${c.version}, ${c.channel})`);
  for (const t of data.tickets) {
    lines.push("", `== ${l.ticket} #${t.number}: ${categoryName(policy, t.category, language)} (${t.status}) ==`, time(t.createdAt));
    lines.push(t.description);
    for (const m of t.messages) {
      const who = m.direction === "in" ? l.customer : l.staff;
      lines.push("", `[${time(m.at)}] ${who}:`, m.text);
      if (m.files.length > 0) lines.push(`${l.files}: ${m.files.join(", ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
