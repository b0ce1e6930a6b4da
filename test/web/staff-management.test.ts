import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, type WebHarness, webHarness } from "./web-harness.js";

describe("staff management (administrators)", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const isAdmin = async (login: string) => (await h.db.prisma.staff.findUniqueOrThrow({ where: { login } })).admin;

  it("makes the first account an administrator, and only the first", async () => {
    await h.staff("an", ["customer_care"]);
    await h.staff("lan", ["sales"]);
    expect(await isAdmin("an")).toBe(true);
    expect(await isAdmin("lan")).toBe(false);
    const me = await h.as(await h.signIn("an")).get("/console/api/me");
    expect(me.json().staff.admin).toBe(true);
  });

  it("answers 403 not_admin to someone who is not an administrator, and changes nothing", async () => {
    await h.staff("an", ["customer_care"]);
    const lanId = await h.staff("lan", ["sales"]);
    const lan = h.as(await h.signIn("lan"));
    expect((await lan.get("/console/api/people")).statusCode).toBe(403);
    const grant = await lan.post(`/console/api/people/${lanId}`, { admin: true });
    expect(grant.statusCode).toBe(403);
    expect(grant.json()).toMatchObject({ error: "not_admin", message: "Only an administrator can do this." });
    expect(await isAdmin("lan")).toBe(false);
  });

  it("adds a person who can then sign in; refuses a taken login, a short password and an unknown department", async () => {
    await h.staff("an", ["customer_care"]);
    const admin = h.as(await h.signIn("an"));
    const added = await admin.post("/console/api/people", {
      login: "Minh",
      name: "Trần Minh",
      password: PASSWORD,
      departments: ["technical"],
      generalDuty: true,
    });
    expect(added.statusCode).toBe(200);
    const minh = await h.db.prisma.staff.findUniqueOrThrow({ where: { login: "minh" } });
    expect(minh).toMatchObject({ name: "Trần Minh", departments: ["technical"], generalDuty: true, admin: false, source: "console" });
    await expect(h.signIn("minh")).resolves.toMatchObject({ csrf: expect.any(String) });

    const taken = await admin.post("/console/api/people", { login: "minh", name: "X", password: PASSWORD, departments: ["sales"] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toBe("login_taken");
    const short = await admin.post("/console/api/people", { login: "hoa", name: "Hoa", password: "short", departments: ["sales"] });
    expect(short.json().error).toBe("password_too_short");
    const unknown = await admin.post("/console/api/people", { login: "hoa", name: "Hoa", password: PASSWORD, departments: ["nowhere"] });
    expect(unknown.json().error).toBe("unknown_department");
    expect(await h.db.prisma.staff.count({ where: { login: "hoa" } })).toBe(0);
  });

  it("refuses a malformed body with 422 and the fields at fault, never a 500", async () => {
    await h.staff("an", ["customer_care"]);
    const lanId = await h.staff("lan", ["sales"]);
    const admin = h.as(await h.signIn("an"));
    const wrongType = await admin.post(`/console/api/people/${lanId}`, { departments: "sales" });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json()).toMatchObject({ error: "bad_request", details: { fields: ["departments"] } });
    const unknownField = await admin.post(`/console/api/people/${lanId}`, { passwordHash: "x" });
    expect(unknownField.statusCode).toBe(422);
    const missing = await admin.post("/console/api/people", { login: "x" });
    expect(missing.statusCode).toBe(422);
    expect((await admin.post("/console/api/people/nobody", { admin: true })).statusCode).toBe(404);
  });

  it("sets departments and general duty, which the console then owns (source console)", async () => {
    await h.staff("an", ["customer_care"]);
    await h.db.prisma.staff.create({ data: { name: "Slack Lan", slackUserId: "U0LAN", departments: ["sales"], source: "slack" } });
    const lan = await h.db.prisma.staff.findUniqueOrThrow({ where: { slackUserId: "U0LAN" } });
    const admin = h.as(await h.signIn("an"));
    const changed = await admin.post(`/console/api/people/${lan.id}`, { departments: ["sales", "design"], generalDuty: true });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().person).toMatchObject({ departments: ["sales", "design"], generalDuty: true, source: "console" });
    // The minute's Slack sync now only adds: leaving the design channel in Slack does not undo the console's choice.
    await h.app.tickets.saveSlackStaff({ slackUserId: "U0LAN", departments: ["sales"], generalDuty: false, fresh: null });
    const after = await h.db.prisma.staff.findUniqueOrThrow({ where: { id: lan.id } });
    expect(after.departments.sort()).toEqual(["design", "sales"]);
    expect(after.generalDuty).toBe(true);
    const none = await admin.post(`/console/api/people/${lan.id}`, { departments: [] });
    expect(none.json().error).toBe("no_department");
  });

  it("grants the admin role; the last active administrator can be neither demoted nor deactivated", async () => {
    const anId = await h.staff("an", ["customer_care"]);
    const lanId = await h.staff("lan", ["sales"]);
    const admin = h.as(await h.signIn("an"));
    const alone = await admin.post(`/console/api/people/${anId}`, { admin: false });
    expect(alone.statusCode).toBe(409);
    expect(alone.json().error).toBe("last_admin");
    expect((await admin.post(`/console/api/people/${anId}`, { active: false })).json().error).toBe("last_admin");
    expect((await admin.post(`/console/api/people/${lanId}`, { admin: true })).statusCode).toBe(200);
    expect(await isAdmin("lan")).toBe(true);
    // With a second administrator, the first may step down.
    expect((await admin.post(`/console/api/people/${anId}`, { admin: false })).statusCode).toBe(200);
    expect(await isAdmin("an")).toBe(false);
  });

  it("deactivating a person ends their sessions at once and stops their sign-in", async () => {
    await h.staff("an", ["customer_care"]);
    const lanId = await h.staff("lan", ["sales"]);
    const admin = h.as(await h.signIn("an"));
    const lan = h.as(await h.signIn("lan"));
    expect((await lan.get("/console/api/queue")).statusCode).toBe(200);
    expect((await admin.post(`/console/api/people/${lanId}`, { active: false })).statusCode).toBe(200);
    expect(await h.db.prisma.consoleSession.count({ where: { staffId: lanId } })).toBe(0);
    expect((await lan.get("/console/api/queue")).statusCode).toBe(401);
    await expect(h.signIn("lan")).rejects.toThrow("sign-in 401");
    // Reactivated, the same password works again.
    expect((await admin.post(`/console/api/people/${lanId}`, { active: true })).statusCode).toBe(200);
    await expect(h.signIn("lan")).resolves.toMatchObject({ csrf: expect.any(String) });
  });

  it("resetting a password ends the person's sessions; the new password signs in, the old one no longer does", async () => {
    const anId = await h.staff("an", ["customer_care"]);
    const lanId = await h.staff("lan", ["sales"]);
    const admin = h.as(await h.signIn("an"));
    const lan = h.as(await h.signIn("lan"));
    const reset = await admin.post(`/console/api/people/${lanId}/password`, { password: "một mật khẩu mới dài" });
    expect(reset.statusCode).toBe(200);
    expect((await lan.get("/console/api/me")).statusCode).toBe(401);
    await expect(h.signIn("lan")).rejects.toThrow("sign-in 401");
    await expect(h.signIn("lan", "một mật khẩu mới dài")).resolves.toMatchObject({ csrf: expect.any(String) });
    // Only that person's sessions end: the administrator is still signed in.
    expect((await admin.get("/console/api/people")).statusCode).toBe(200);
    expect(await h.db.prisma.consoleSession.count({ where: { staffId: anId } })).toBe(1);
    expect((await admin.post(`/console/api/people/${lanId}/password`, { password: "short" })).json().error).toBe("password_too_short");
  });

  it("lists everyone with their role, memberships and whether they can sign in, and never a password hash", async () => {
    await h.staff("an", ["customer_care"]);
    await h.db.prisma.staff.create({ data: { name: "Chưa có mật khẩu", login: "seeded", departments: ["design"], source: "policy" } });
    const people = (await h.as(await h.signIn("an")).get("/console/api/people")).json().people as Record<string, unknown>[];
    expect(people.find((p) => p.login === "an")).toMatchObject({ admin: true, canSignIn: true, departments: ["customer_care"] });
    expect(people.find((p) => p.login === "seeded")).toMatchObject({ admin: false, canSignIn: false });
    expect(JSON.stringify(people)).not.toMatch(/scrypt|passwordHash/);
  });
});
