/* The staff console: plain JavaScript over /console/api. Every customer-written string is set as text. */
(() => {
  const { h, barChart } = window.HotroViews;
  const boot = JSON.parse(document.getElementById("texts").textContent);
  const language = boot.language;
  const app = document.getElementById("app");
  const state = { csrf: "", me: null, view: "queue", ticketId: null, drafts: {} };

  function t(path, vars) {
    let value = path.split(".").reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined), boot.texts);
    if (typeof value !== "string") return path;
    for (const [name, v] of Object.entries(vars || {})) value = value.split(`{{${name}}}`).join(String(v));
    return value;
  }
  const tc = (key, vars) => t(`console.${key}`, vars);
  // Times in the company's time zone, whatever the staff member's computer says.
  const when = (iso) =>
    iso
      ? new Date(iso).toLocaleString(language === "vi" ? "vi-VN" : "en-GB", {
          timeZone: state.me ? state.me.timeZone : undefined,
          dateStyle: "short",
          timeStyle: "short",
        })
      : "";
  const eventLabel = (type) => {
    const label = t(`console.events.${type}`);
    return label.startsWith("console.") ? type : label;
  };

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": state.csrf, "x-lang": language },
      // Fastify refuses an empty body sent as JSON: state changes always carry an object.
      body: method === "GET" ? undefined : JSON.stringify(body === undefined ? {} : body),
    });
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 && !path.endsWith("/sign-in")) {
      state.me = null;
      renderSignIn();
    }
    return { status: response.status, data, headers: response.headers };
  }

  const errorBox = () => h("p", { id: "error", class: "error", role: "alert" });
  function showError(box, data) {
    box.textContent = data.message || t(`errors.${data.error}`) || t("errors.generic");
  }

  // ---- sign-in and first-administrator setup ----
  function renderSignIn(notice) {
    document.getElementById("nav").replaceChildren();
    document.getElementById("who").textContent = "";
    const error = errorBox();
    const form = h(
      "form",
      { id: "sign-in", class: "card narrow" },
      h("h1", {}, tc("signIn")),
      notice ? h("p", { class: "notice" }, notice) : null,
      h("label", { for: "login" }, tc("login")),
      h("input", { id: "login", name: "login", autocomplete: "username", required: true }),
      h("label", { for: "password" }, tc("password")),
      h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true }),
      h("button", { type: "submit" }, tc("signIn")),
      error,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { status, data } = await api("POST", "/console/api/sign-in", { login: form.login.value, password: form.password.value });
      if (status === 200) return start();
      error.textContent = status === 429 ? tc("slowDown", { seconds: data.retryAfterSeconds }) : tc("badCredentials");
    });
    app.replaceChildren(form);
  }

  async function renderSetup() {
    const token = location.hash.slice(1);
    const check = await api("GET", `/console/api/setup?token=${encodeURIComponent(token)}`);
    if (!check.data.valid) return renderSignIn(tc("setupInvalid"));
    const error = errorBox();
    const form = h(
      "form",
      { id: "setup", class: "card narrow" },
      h("h1", {}, tc("setupTitle")),
      h("p", {}, tc("setupHint")),
      h("label", { for: "setup-name" }, tc("name")),
      h("input", { id: "setup-name", name: "name", required: true }),
      h("label", { for: "setup-login" }, tc("login")),
      h("input", { id: "setup-login", name: "login", autocomplete: "username", required: true }),
      h("label", { for: "setup-password" }, tc("password")),
      h("input", { id: "setup-password", name: "password", type: "password", autocomplete: "new-password", minlength: 10, required: true }),
      h("button", { type: "submit" }, tc("signIn")),
      error,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { token, name: form.name.value, login: form.login.value, password: form.password.value };
      const { status, data } = await api("POST", "/console/api/setup", body);
      if (status !== 200) return showError(error, data);
      history.replaceState(null, "", "/console");
      renderSignIn(tc("setupDone"));
    });
    app.replaceChildren(form);
  }

  // ---- the signed-in console ----
  async function start() {
    const { status, data } = await api("GET", "/console/api/me");
    if (status !== 200) return renderSignIn();
    state.me = data;
    state.csrf = data.csrf;
    document.getElementById("who").textContent = data.staff.name;
    const tab = (view, label) => h("button", { type: "button", "data-view": view, onclick: () => go(view) }, label);
    const other = language === "vi" ? "en" : "vi";
    const tabs = [
      tab("queue", tc("queue")),
      data.staff.customerCare ? tab("care", tc("care")) : null,
      tab("search", tc("search")),
      tab("dashboard", tc("dashboard")),
      h("a", { href: `/console?lang=${other}`, lang: other }, other === "en" ? "English" : "Tiếng Việt"),
      h("button", { type: "button", id: "sign-out", onclick: signOut }, tc("signOut")),
    ];
    document.getElementById("nav").replaceChildren(...tabs.filter(Boolean));
    go("queue");
  }

  async function signOut() {
    await api("POST", "/console/api/sign-out");
    state.me = null;
    renderSignIn();
  }

  function go(view, ticketId) {
    state.view = view;
    state.ticketId = ticketId || null;
    for (const button of document.querySelectorAll("#nav [data-view]"))
      button.setAttribute("aria-current", String(button.dataset.view === view));
    return refresh();
  }

  async function refresh() {
    const views = {
      queue: viewQueue,
      care: viewCare,
      search: viewSearch,
      dashboard: viewDashboard,
      ticket: () => window.HotroConsole.viewTicket(),
    };
    await views[state.view]();
  }

  // Live updates: poll, but never while someone is typing or choosing.
  setInterval(() => {
    const active = document.activeElement;
    const busy = active && ["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName);
    if (state.me && !busy && state.view !== "search") refresh();
  }, 5000);

  const sla = (value) => (value ? h("span", { class: `sla ${value}` }, tc(`sla.${value}`)) : null);
  const status = (value) => h("span", { class: `status ${value}` }, t(`status.${value}`));
  const openLink = (row) =>
    h(
      "a",
      {
        href: `#ticket-${row.number}`,
        class: "ticket-link",
        onclick: (e) => {
          e.preventDefault();
          go("ticket", row.id);
        },
      },
      `#${row.number}`,
    );

  function ticketTable(rows, options) {
    if (rows.length === 0) return h("p", { class: "empty" }, tc("noTickets"));
    return h(
      "table",
      { class: "tickets" },
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            { class: "ticket-row", "data-number": row.number },
            h("td", {}, openLink(row)),
            h("td", {}, row.position ? `${tc("position")} ${row.position}` : status(row.status)),
            h("td", { class: "customer" }, row.customerName || ""),
            h("td", { class: "excerpt" }, row.excerpt),
            h("td", {}, row.department),
            h("td", {}, sla(row.sla), row.claimedBy ? h("small", {}, tc("claimedBy", { name: row.claimedBy.name })) : null),
            options?.claim ? h("td", {}, h("button", { type: "button", class: "claim", onclick: () => claim(row.id) }, tc("claim"))) : null,
          ),
        ),
      ),
    );
  }

  async function viewQueue() {
    const { data } = await api("GET", "/console/api/queue");
    if (!data.ok) return;
    const error = errorBox();
    const claimNext = h("button", { type: "button", id: "claim-next", class: "primary" }, tc("claimNext"));
    claimNext.addEventListener("click", async () => {
      const result = await api("POST", "/console/api/claim-next");
      if (result.status !== 200) return showError(error, result.data);
      go("ticket", result.data.ticket.id);
    });
    const sections = data.departments.map((d) =>
      h(
        "section",
        { class: "department" },
        h("h2", {}, d.name),
        h("h3", {}, tc("waiting")),
        ticketTable(d.waiting, { claim: true }),
        h("h3", {}, tc("claimed")),
        ticketTable(d.claimed),
      ),
    );
    app.replaceChildren(h("div", { class: "toolbar" }, claimNext, error), ...sections);
    state.queueError = error;
  }

  async function claim(id) {
    const result = await api("POST", `/console/api/tickets/${id}/claim`);
    if (result.status !== 200) return showError(document.getElementById("error") || app.appendChild(errorBox()), result.data);
    go("ticket", id);
  }

  async function viewCare() {
    const { data } = await api("GET", "/console/api/care");
    if (!data.ok) return;
    app.replaceChildren(
      h("section", {}, h("h2", {}, tc("approvals")), ticketTable(data.approvals)),
      h("section", {}, h("h2", {}, tc("satisfaction")), ticketTable(data.satisfaction)),
      h("section", {}, h("h2", {}, tc("allRequests")), ticketTable(data.all)),
      await privacyRequestList(),
    );
  }

  /** Decree 13/2023: every copy, deletion and verification asked, with who, when and what was done. */
  async function privacyRequestList() {
    const { data } = await api("GET", "/console/api/privacy-requests");
    const rows = data.ok ? data.requests : [];
    return h(
      "section",
      { id: "privacy-requests" },
      h("h2", {}, tc("privacyRequests")),
      rows.length === 0
        ? h("p", { class: "empty" }, "—")
        : h(
            "table",
            {},
            h(
              "tbody",
              {},
              rows.map((r) =>
                h(
                  "tr",
                  {},
                  h("td", {}, when(r.requestedAt)),
                  h("td", {}, tc(`privacyKind.${r.kind}`)),
                  h("td", {}, tc(`privacyState.${r.state}`)),
                  h("td", {}, r.requestedBy.startsWith("staff:") ? r.requestedBy : r.channel),
                  h("td", {}, r.completedAt ? when(r.completedAt) : ""),
                ),
              ),
            ),
          ),
    );
  }

  async function viewSearch() {
    const input = h("input", {
      id: "search-q",
      type: "search",
      placeholder: tc("searchPlaceholder"),
      "aria-label": tc("search"),
      value: state.lastSearch || "",
    });
    const results = h("div", { id: "search-results" });
    const form = h("form", { class: "toolbar", role: "search" }, input, h("button", { type: "submit" }, tc("search")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      state.lastSearch = input.value;
      const { data } = await api("GET", `/console/api/search?q=${encodeURIComponent(input.value)}`);
      if (!data.ok || data.results.length === 0) return results.replaceChildren(h("p", { class: "empty" }, tc("noResults")));
      results.replaceChildren(
        ...data.results.map((row) =>
          h(
            "article",
            { class: "card result" },
            h("h3", {}, openLink(row), " ", status(row.status), " ", row.customerName || ""),
            h("p", { class: "excerpt" }, row.excerpt),
            row.earlier.length
              ? h(
                  "p",
                  {},
                  h("small", {}, tc("earlier")),
                  " ",
                  row.earlier.map((e) => h("span", { class: "chip" }, openLink(e), " ", t(`status.${e.status}`))),
                )
              : null,
          ),
        ),
      );
    });
    app.replaceChildren(form, results);
    input.focus();
  }

  async function viewDashboard() {
    const { data } = await api("GET", "/console/api/dashboard");
    if (!data.ok) return;
    const minutes = (m) => (m.average === null ? tc("none") : tc("minutes", { value: Math.round(m.average) }));
    const stat = (label, value, id) => h("div", { class: "stat", id }, h("span", {}, label), h("strong", {}, value));
    app.replaceChildren(
      h(
        "section",
        { id: "dashboard" },
        h("h2", {}, tc("dashboard")),
        h("p", {}, tc("lastDays", { days: data.days })),
        h(
          "div",
          { class: "stats" },
          stat(
            tc("averageRating"),
            data.rating.average === null ? tc("none") : `${data.rating.average.toFixed(1)}★ (${data.rating.count})`,
            "stat-rating",
          ),
          stat(tc("firstResponse"), minutes(data.firstResponseMinutes), "stat-first-response"),
          stat(tc("resolution"), minutes(data.resolutionMinutes), "stat-resolution"),
        ),
        barChart(
          data.perDepartment,
          [
            { key: "open", label: tc("open") },
            { key: "resolved", label: tc("resolved") },
            { key: "breached", label: tc("breached") },
          ],
          tc("dashboard"),
        ),
        h(
          "table",
          { class: "numbers" },
          h(
            "thead",
            {},
            h("tr", {}, h("th", {}, tc("department")), h("th", {}, tc("open")), h("th", {}, tc("resolved")), h("th", {}, tc("breached"))),
          ),
          h(
            "tbody",
            {},
            data.perDepartment.map((d) =>
              h(
                "tr",
                { "data-department": d.id },
                h("td", {}, d.name),
                h("td", { class: "open" }, d.open),
                h("td", { class: "resolved" }, d.resolved),
                h("td", { class: "breached" }, d.breached),
              ),
            ),
          ),
        ),
      ),
    );
  }

  window.HotroConsole = { t, tc, api, state, go, refresh, errorBox, showError, when, eventLabel, status, sla, openLink };
  if (location.pathname === "/console/setup") renderSetup();
  else start();
})();
