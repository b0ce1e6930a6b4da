import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultPolicyFile, loadPolicyFile, parsePolicy } from "../../src/policy/load-policy.js";

/** The default policy as plain data, to break one field at a time. */
// biome-ignore lint/suspicious/noExplicitAny: the tests break arbitrary paths of the raw YAML data
type Data = Record<string, any>;
const source = parse(await readFile(defaultPolicyFile, "utf8")) as Data;
const data = (): Data => structuredClone(source);

function problemsOf(broken: Data): string[] {
  const parsed = parsePolicy(broken);
  return parsed.ok ? [] : parsed.problems;
}

describe("policy validation names the exact path of each problem", () => {
  it("accepts the default policy as it is", () => {
    expect(problemsOf(data())).toEqual([]);
  });

  it("refuses a department whose calendar does not exist", () => {
    const broken = data();
    broken.departments[2].calendar = "weekends";
    expect(problemsOf(broken)).toEqual(['departments[2].calendar: unknown calendar "weekends"']);
  });

  it("R2.2 refuses a shift that ends before it starts", () => {
    const broken = data();
    broken.calendars.office.monday[1] = { start: "16:30", end: "13:30" };
    expect(problemsOf(broken)).toEqual(["calendars.office.monday[1].end: must be after start"]);
  });

  it("R2.2 refuses overlapping shifts and bad times", () => {
    const broken = data();
    broken.calendars.office.tuesday = [
      { start: "08:00", end: "12:00" },
      { start: "11:00", end: "16:30" },
    ];
    broken.calendars.office.friday[0].start = "8h";
    const problems = problemsOf(broken);
    expect(problems).toContain("calendars.office.tuesday[1].start: must not be before the previous window's end");
    expect(problems).toContain("calendars.office.friday[0].start: must be HH:MM (00:00–24:00)");
  });

  it("R1.1 refuses a category pointing to an unknown department", () => {
    const broken = data();
    broken.categories[0].department = "marketing";
    expect(problemsOf(broken)).toEqual([
      'categories[0].department: unknown department "marketing" (known: sales, technical, design, customer_care)',
    ]);
  });

  it("R1.4 refuses a question answer pointing to an unknown department", () => {
    const broken = data();
    const index = broken.categories.findIndex((c: Data) => c.id === "web_interface");
    broken.categories[index].question.answers[1].department = "coding";
    expect(problemsOf(broken)).toEqual([
      `categories[${index}].question.answers[1].department: unknown department "coding" (known: sales, technical, design, customer_care)`,
    ]);
  });

  it("R1.1 refuses a category with neither a department nor a question", () => {
    const broken = data();
    delete broken.categories[1].department;
    expect(problemsOf(broken)).toEqual(["categories[1].department: is required unless a question decides the department"]);
  });

  it("refuses duplicate ids", () => {
    const broken = data();
    broken.categories[1].id = broken.categories[0].id;
    broken.departments[3].id = "sales";
    broken.faq[4].id = broken.faq[2].id;
    const problems = problemsOf(broken);
    expect(problems).toContain('categories[1].id: duplicate id "product_usage"');
    expect(problems).toContain('departments[3].id: duplicate id "sales"');
    expect(problems).toContain('faq[4].id: duplicate id "domain_registration"');
  });

  it("R3.4 refuses a verbal pattern that is not a regular expression", () => {
    const broken = data();
    broken.replies.verbalPatterns[3] = "goi (dien";
    expect(problemsOf(broken)).toEqual(["replies.verbalPatterns[3]: must be a valid regular expression"]);
  });

  it("refuses a missing translation, a bad time zone and a default language outside the list", () => {
    const broken = data();
    delete broken.replies.greeting.en;
    broken.company.timeZone = "Asia/Saigon_City";
    broken.company.languages = ["en"];
    const problems = problemsOf(broken);
    expect(problems).toContain("replies.greeting.en: Invalid input: expected string, received undefined");
    expect(problems).toContain("company.timeZone: must be an IANA time zone such as Asia/Ho_Chi_Minh");
    // The cross-field checks run only once every field is valid.
    expect(problems).toHaveLength(2);
  });

  it("names a broken file and a missing file", async () => {
    const missing = await loadPolicyFile("/nonexistent/policy.yaml");
    expect(missing).toEqual({ ok: false, problems: ["/nonexistent/policy.yaml: cannot be read (ENOENT)"] });
  });
});
