import type { App } from "../../src/app.js";
import { addStaffAccount } from "../../src/web/staff-accounts.js";

const PASSWORD = "correct horse battery";

/** A Customer care admin signed in to the console of `app`: JSON requests with the session cookie and CSRF token. */
export async function careAdmin(app: App, login = "hoa") {
  const added = await addStaffAccount(app.tickets, app.policy.current(), {
    login,
    name: login.toUpperCase(),
    departments: [app.policy.current().customerCare.department],
    password: PASSWORD,
  });
  if (!added.ok) throw new Error(added.code);
  const signIn = await app.server.inject({ method: "POST", url: "/console/api/sign-in", payload: { login, password: PASSWORD } });
  if (signIn.statusCode !== 200) throw new Error(`sign-in ${signIn.statusCode}`);
  const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
  const csrf = (signIn.json() as { csrf: string }).csrf;
  return {
    staffId: added.value.id,
    get: (url: string) => app.server.inject({ method: "GET", url, headers: { cookie, "x-lang": "en" } }),
    post: (url: string, payload: object = {}) =>
      app.server.inject({ method: "POST", url, payload, headers: { cookie, "x-csrf-token": csrf, "x-lang": "en" } }),
  };
}
