import { z } from "zod";
import { languages } from "../kernel/language.js";

/**
 * The company's support policy as data: another company runs the same software with its own
 * departments, hours and phrases. Validation errors name the exact path of the bad field.
 */

const text = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof text>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM (00:00–24:00)");
export const toMinutes = (value: string): number => {
  const [h = 0, m = 0] = value.split(":").map(Number);
  return h * 60 + m;
};

const window = z
  .object({ start: hhmm, end: hhmm })
  .refine((w) => toMinutes(w.end) > toMinutes(w.start), { message: "must be after start", path: ["end"] });
export type TimeWindow = z.infer<typeof window>;

/** Windows of one day, in order and not overlapping (split shifts: morning and afternoon). */
const dayWindows = z.array(window).superRefine((windows, ctx) => {
  windows.forEach((w, i) => {
    const previous = windows[i - 1];
    if (previous && toMinutes(w.start) < toMinutes(previous.end)) {
      ctx.addIssue({ code: "custom", path: [i, "start"], message: "must not be before the previous window's end" });
    }
  });
});

export const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof weekdays)[number];

/** A weekly calendar: the windows of each day; a day without windows is not a working day. */
const calendar = z.object(
  Object.fromEntries(weekdays.map((d) => [d, dayWindows.default([])])) as Record<Weekday, z.ZodDefault<typeof dayWindows>>,
);
export type WeeklyCalendar = z.infer<typeof calendar>;

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a lower-case id (a–z, 0–9, _)");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be MM-DD");

const department = z.object({
  id,
  name: text,
  calendar: z.string(),
  slackChannel: z.string().optional(),
  /** Slack user ids or console logins, besides the Slack channel's members. */
  members: z.array(z.string()).default([]),
});

const category = z.object({
  id,
  name: text,
  /** What customers read, when the staff's name is long or internal ("Thu hồi công nợ"); staff keep `name`. */
  customerName: text.optional(),
  /** Where the ticket goes; optional only when a disambiguation question decides it (R1.4). */
  department: z.string().optional(),
  requiresApproval: z.boolean().default(false),
  keywords: z.array(z.string()).default([]),
  question: z
    .object({
      text,
      answers: z.array(z.object({ id, label: text, department: z.string() })).min(2),
    })
    .optional(),
});

const holidayName = text;
const solarHoliday = z.object({ date: monthDay, days: z.number().int().min(1).max(15).default(1), name: holidayName });
const lunarHoliday = z.object({
  month: z.number().int().min(1).max(12),
  /** A lunar day, or "last" for the last day of the month (Tết eve is the last day of month 12). */
  day: z.union([z.number().int().min(1).max(30), z.literal("last")]),
  days: z.number().int().min(1).max(15).default(1),
  name: holidayName,
});

const yearOverride = z.object({
  /** Extra days off (the Prime Minister's yearly schedule, company choices such as 3/9). */
  daysOff: z.array(isoDate).default([]),
  /** Make-up working days: a rest day worked in exchange for a bridge day off. */
  workingDays: z.array(isoDate).default([]),
  /** Days the computed defaults give off that the company works this year. */
  notDaysOff: z.array(isoDate).default([]),
});

const slaDuration = z.object({
  hours: z.number().positive(),
  /** wall_clock: calendar hours; working_time: only the department's open hours count. */
  basis: z.enum(["wall_clock", "working_time"]).default("wall_clock"),
});

/**
 * Personal data (Decree 13/2023/NĐ-CP): what the customer is told at first contact and asked before
 * contact details are kept, how long closed tickets keep their content, the one-time codes that
 * confirm a request, and the categories where staff act on an account only for a verified contact.
 */
const privacy = z.object({
  /** Changes whenever the notice's text changes: each consent records the version it answered. */
  version: z.string().min(1),
  /** The one short message of the first contact: what is collected, why, how long (the link is added). */
  notice: text,
  /** The full notice served at /privacy, paragraphs separated by blank lines. */
  fullNotice: text,
  /** Asked in the intake form before name, phone and email are kept. */
  consentQuestion: text,
  /** Closed tickets keep messages, files and contact details this long, then are anonymised. */
  retentionMonths: z.number().int().min(1).default(24),
  /** A customer's copy or deletion is carried out within this many days of the confirmed request. */
  requestDays: z.number().int().min(1).default(3),
  /** A copy's files (JSON and text) are removed this many days after it was made; its links stop working. */
  exportDays: z.number().int().min(1).max(90).default(7),
  code: z
    .object({
      ttlMinutes: z.number().int().min(1).max(60).default(10),
      maxAttempts: z.number().int().min(1).max(10).default(5),
    })
    .default({ ttlMinutes: 10, maxAttempts: 5 }),
  /** Categories where staff change a customer's account (password reset, DNS, domain transfer): a verified contact first. */
  verifiedCategories: z.array(z.string()).default([]),
});
export type PrivacyPolicy = z.output<typeof privacy>;

/** Used when a policy file has no `privacy` section (the default policy carries its own texts). */
const defaultPrivacy: PrivacyPolicy = {
  version: "1",
  notice: {
    vi: "Chúng tôi lưu tên, số điện thoại, email, tin nhắn và tệp quý khách gửi để giải quyết yêu cầu hỗ trợ, trong 24 tháng sau khi yêu cầu đóng.",
    en: "We keep your name, phone, email, messages and files to handle your support requests, for 24 months after a request is closed.",
  },
  fullNotice: {
    vi: "Chúng tôi xử lý dữ liệu cá nhân theo Nghị định 13/2023/NĐ-CP.",
    en: "We process personal data under Decree 13/2023/ND-CP.",
  },
  consentQuestion: {
    vi: "Quý khách có đồng ý để chúng tôi lưu tên và thông tin liên hệ để trả lời yêu cầu này không?",
    en: "Do you agree that we keep your name and contact details to answer this request?",
  },
  retentionMonths: 24,
  requestDays: 3,
  exportDays: 7,
  code: { ttlMinutes: 10, maxAttempts: 5 },
  verifiedCategories: [],
};

export const policySchema = z
  .object({
    company: z.object({
      name: text,
      timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Asia/Ho_Chi_Minh"),
      languages: z.array(z.enum(languages)).min(1),
      defaultLanguage: z.enum(languages),
    }),
    documentationUrl: z.url(),
    calendars: z.record(id, calendar),
    departments: z.array(department).min(1),
    customerCare: z.object({
      /** The department that approves, reroutes and handles satisfaction cases (R1.5). */
      department: z.string(),
      /** Slack channel receiving a read-only card of every new ticket. */
      feedChannel: z.string().optional(),
    }),
    generalDuty: z.object({
      members: z.array(z.string()).default([]),
      slackChannel: z.string().optional(),
      /** Hours kept by general-duty staff on public holidays (R2.6). */
      hours: dayWindows,
    }),
    categories: z.array(category).min(1),
    holidays: z.object({
      solar: z.array(solarHoliday).default([]),
      lunar: z.array(lunarHoliday).default([]),
      /** Days of the week nobody works; a holiday falling on one moves to the next working day. */
      restDays: z.array(z.enum(weekdays)).default(["saturday", "sunday"]),
      years: z.record(z.string().regex(/^\d{4}$/, "must be a year"), yearOverride).default({}),
    }),
    sla: z.object({
      resolution: slaDuration,
      chainStart: slaDuration,
      /** Fractions of the deadline at which staff are warned, e.g. 0.5 and 0.9. */
      warnings: z.array(z.number().gt(0).lt(1)).default([0.5, 0.9]),
      /** How long after resolution the customer may reopen a ticket. */
      reopenWindowHours: z.number().nonnegative().default(168),
    }),
    replies: z.object({
      greeting: text,
      emailClosing: text,
      closingOnChat: z.boolean().default(false),
      /** Regular expressions (matched on text folded to ASCII lower case) for phone-call or verbal-exchange proposals (R3.4). */
      verbalPatterns: z.array(z.string().refine(isRegExp, "must be a valid regular expression")).default([]),
      /** Words refused in replies (R4.2), matched as whole folded words. */
      abusiveWords: z.array(z.string()).default([]),
      canned: z.array(z.object({ id, title: text, text })).default([]),
    }),
    help: z.object({ terms: text, howToSend: text, howToRespond: text }),
    intake: z.object({
      contact: z.object({
        name: z.boolean().default(true),
        phoneOrEmail: z.boolean().default(true),
        website: z.enum(["required", "optional", "off"]).default("optional"),
      }),
      /** Flood control: at most this many messages per window per customer; more are queued politely. */
      rateLimit: z.object({ messages: z.number().int().positive(), perSeconds: z.number().int().positive() }),
    }),
    faq: z
      .array(z.object({ id, question: text, answer: text, keywords: z.array(z.string()).default([]), link: z.url().optional() }))
      .default([]),
    privacy: privacy.default(defaultPrivacy),
  })
  .superRefine((policy, ctx) => {
    const departmentIds = new Set(policy.departments.map((d) => d.id));
    const checkDepartment = (value: string | undefined, path: (string | number)[]) => {
      if (value !== undefined && !departmentIds.has(value)) {
        ctx.addIssue({ code: "custom", path, message: `unknown department "${value}" (known: ${[...departmentIds].join(", ")})` });
      }
    };
    policy.departments.forEach((d, i) => {
      if (!(d.calendar in policy.calendars))
        ctx.addIssue({ code: "custom", path: ["departments", i, "calendar"], message: `unknown calendar "${d.calendar}"` });
    });
    checkDepartment(policy.customerCare.department, ["customerCare", "department"]);
    policy.categories.forEach((c, i) => {
      checkDepartment(c.department, ["categories", i, "department"]);
      c.question?.answers.forEach((a, j) => {
        checkDepartment(a.department, ["categories", i, "question", "answers", j, "department"]);
      });
      if (c.department === undefined && c.question === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["categories", i, "department"],
          message: "is required unless a question decides the department",
        });
      }
    });
    const categoryIds = new Set(policy.categories.map((c) => c.id));
    policy.privacy.verifiedCategories.forEach((c, i) => {
      if (!categoryIds.has(c))
        ctx.addIssue({ code: "custom", path: ["privacy", "verifiedCategories", i], message: `unknown category "${c}"` });
    });
    if (!policy.company.languages.includes(policy.company.defaultLanguage)) {
      ctx.addIssue({ code: "custom", path: ["company", "defaultLanguage"], message: "must be one of company.languages" });
    }
    reportDuplicates(
      policy.departments.map((d) => d.id),
      "departments",
      ctx,
    );
    reportDuplicates(
      policy.categories.map((c) => c.id),
      "categories",
      ctx,
    );
    reportDuplicates(
      policy.faq.map((f) => f.id),
      "faq",
      ctx,
    );
  });

export type Policy = z.output<typeof policySchema>;
export type Category = Policy["categories"][number];
export type FaqEntry = Policy["faq"][number];

function reportDuplicates(ids: string[], path: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  ids.forEach((value, i) => {
    if (seen.has(value)) ctx.addIssue({ code: "custom", path: [path, i, "id"], message: `duplicate id "${value}"` });
    seen.add(value);
  });
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isRegExp(value: string): boolean {
  try {
    new RegExp(value, "u");
    return true;
  } catch {
    return false;
  }
}
