/* The staff console: plain JavaScript over /console/api. Every customer-written string is set as text. */
(() => {
  const { h, barChart, columnChart } = window.HotroViews;
  const boot = JSON.parse(document.getElementById("texts").textContent);
  const language = boot.language;
  const app = document.getElementById("app");
  const state = { csrf: "", me: null, view: "queue", ticketId: null, drafts: {} };
  // Views in the other console scripts (ticket, content, people, Zalo) run after this one; all have run at DOMContentLoaded.
  const scriptsLoaded = new Promise((resolve) => {
    if (document.readyState === "complete") return resolve();
    document.addEventListener("DOMContentLoaded", () => resolve(), { once: true });
    window.addEventListener("load", () => resolve(), { once: true });
  });

  function t(path, vars) {
    let value = path.split(".").reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined), boot.texts);
    if (typeof value !== "string") return path;
    for (const [name, v] of Object.entries(vars || {})) value = value.split(`{{${name}}}`).join(String(v));
    return value;
  }
  const tc = (key, vars) => t(`console.${key}`, vars);
  // Times in the company's time zone, whatever the staff member's computer says, as dd/MM/yyyy HH:mm.
  const when = (iso) => {
    if (!iso) return "";
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: state.me ? state.me.timeZone : undefined,
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(new Date(iso))
        .map((p) => [p.type, p.value]),
    );
    return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
  };
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
      stopListening();
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
      h("button", { type: "submit" }, tc("setupCreate")),
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
      data.staff.customerCare ? tab("content", tc("content.tab")) : null,
      data.staff.customerCare ? tab("zalo", tc("zalo.tab")) : null,
      tab("search", tc("search")),
      tab("dashboard", tc("dashboard")),
      data.staff.admin ? tab("people", tc("people.title")) : null,
      h("a", { href: `/console?lang=${other}`, lang: other }, other === "en" ? "English" : "Tiếng Việt"),
      h("button", { type: "button", id: "sign-out", onclick: signOut }, tc("signOut")),
    ];
    document.getElementById("nav").replaceChildren(...tabs.filter(Boolean));
    listen();
    // The Zalo consent's page links back to #zalo, a view of a script that may not have run yet.
    await scriptsLoaded;
    go(location.hash === "#zalo" && data.staff.customerCare ? "zalo" : "queue");
  }

  async function signOut() {
    await api("POST", "/console/api/sign-out");
    stopListening();
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
      content: () => window.HotroContent.viewContent(),
      people: () => window.HotroConsole.viewPeople(),
      zalo: () => window.HotroConsole.viewZalo(),
      ticket: () => window.HotroConsole.viewTicket(),
    };
    await views[state.view]();
  }

  // Live updates by push (SSE): each event names the tickets that changed; only the part of the
  // screen that shows them is read again and patched. Forms, drafts and errors are never re-rendered.
  let events = null;
  let updating = null;
  /** What changed since the last update: undefined nothing, null anything, else these ticket ids. */
  let pending;
  function listen() {
    if (events) return;
    events = new EventSource("/console/api/events");
    events.addEventListener("tickets", (event) => {
      const { ticketIds } = JSON.parse(event.data);
      if (pending === undefined) pending = ticketIds;
      else pending = pending === null || ticketIds === null ? null : [...pending, ...ticketIds];
      liveUpdate();
    });
  }
  function stopListening() {
    if (events) events.close();
    events = null;
  }
  async function liveUpdate() {
    if (updating) return;
    const changed = pending;
    pending = undefined;
    const live = { queue: updateQueue, care: viewCare, ticket: (ids) => window.HotroConsole.updateTicket(ids) }[state.view];
    updating = live && state.me ? live(changed).catch(() => undefined) : Promise.resolve();
    await updating;
    updating = null;
    document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates || 0) + 1);
    if (pending !== undefined) liveUpdate();
  }

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

  /** "2 ngày 3 giờ", "45 phút": a span of time, for waiting times and time left. */
  function span(ms) {
    const minutes = Math.max(0, Math.round(ms / 60_000));
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    if (days > 0) return tc("span.daysHours", { days, hours });
    if (hours > 0) return tc("span.hoursMinutes", { hours, minutes: minutes % 60 });
    return tc("span.minutes", { minutes });
  }

  /**
   * One line of a department as a table. The rows stay in the policy's order (R3.1: first come,
   * first served): no header sorts them. Rows are keyed by number and replaced only when what they
   * show changed, so a live update leaves the rest of the page (and the focus) alone.
   */
  function queueTable(id, rows, kind, now) {
    const caption = tc(kind === "waiting" ? "queueTable.waitingCaption" : "queueTable.claimedCaption");
    const head = [
      tc("queueTable.number"),
      tc("queueTable.customer"),
      tc("queueTable.category"),
      tc("queueTable.waiting"),
      tc("queueTable.sla"),
      kind === "waiting" ? tc("queueTable.position") : tc("queueTable.heldBy"),
    ];
    // Held tickets may be ordered by time left (it changes no one's turn); the waiting line never.
    const headCell = (label, i) => {
      if (kind !== "claimed" || i !== 4) return h("th", { scope: "col" }, label);
      const sorted = state.claimedSort === "deadline";
      return h(
        "th",
        { scope: "col", "aria-sort": sorted ? "ascending" : "none" },
        h("button", { type: "button", class: "link sort-deadline", onclick: () => sortClaimed(!sorted) }, label),
      );
    };
    const table = h(
      "table",
      { class: "tickets queue", id },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, head.map(headCell), kind === "waiting" ? h("td", {}) : null)),
      h("tbody", {}),
    );
    // In a holder from the start: an empty table's "nothing here" line goes right after it.
    const holder = h("div", { class: "queue-holder" }, table);
    patchQueueRows(table, rows, kind, now);
    return holder;
  }

  function queueRow(row, kind, now) {
    const nowMs = new Date(now).getTime();
    const waited = row.readyAt ? span(nowMs - new Date(row.readyAt).getTime()) : "";
    const left = row.resolutionDueAt ? new Date(row.resolutionDueAt).getTime() - nowMs : null;
    const slaCell = h(
      "td",
      { class: "sla-cell" },
      sla(row.sla),
      left === null
        ? null
        : h("small", {}, left > 0 ? tc("queueTable.left", { span: span(left) }) : tc("queueTable.overdue", { span: span(-left) })),
    );
    return h(
      "tr",
      { class: "ticket-row", "data-number": row.number },
      h("th", { scope: "row" }, openLink(row)),
      h(
        "td",
        { class: "who" },
        h("span", { class: "customer" }, row.customerName || tc("queueTable.noName")),
        h("div", { class: "excerpt" }, row.excerpt),
      ),
      h("td", {}, row.category),
      h("td", { class: "waited" }, waited),
      slaCell,
      kind === "waiting"
        ? h("td", { class: "position" }, String(row.position ?? ""))
        : h("td", {}, row.claimedBy ? row.claimedBy.name : ""),
      kind === "waiting"
        ? h(
            "td",
            {},
            h(
              "button",
              { type: "button", class: "claim", onclick: () => claim(row.id) },
              tc("claim"),
              h("span", { class: "visually-hidden" }, ` #${row.number}`),
            ),
          )
        : null,
    );
  }

  function sortClaimed(byDeadline) {
    state.claimedSort = byDeadline ? "deadline" : "queue";
    return viewQueue().then(() => document.querySelector(".sort-deadline")?.focus());
  }

  function patchQueueRows(table, given, kind, now) {
    const due = (row) => (row.resolutionDueAt ? new Date(row.resolutionDueAt).getTime() : Number.POSITIVE_INFINITY);
    const rows = kind === "claimed" && state.claimedSort === "deadline" ? [...given].sort((a, b) => due(a) - due(b)) : given;
    const body = table.tBodies[0];
    const existing = new Map([...body.rows].map((tr) => [tr.dataset.number, tr]));
    const next = rows.map((row) => {
      const digest = JSON.stringify([row, kind, Math.floor(new Date(now).getTime() / 60_000)]);
      const old = existing.get(String(row.number));
      if (old && old.dataset.digest === digest) return old;
      const tr = queueRow(row, kind, now);
      tr.dataset.digest = digest;
      return tr;
    });
    // Only rows that changed, came or went are touched; an unchanged row stays the same element.
    if (next.length !== body.rows.length || next.some((tr, i) => body.rows[i] !== tr)) body.replaceChildren(...next);
    const empty = table.nextElementSibling?.classList.contains("empty") ? table.nextElementSibling : null;
    table.hidden = rows.length === 0;
    if (rows.length === 0 && !empty)
      table.after(h("p", { class: "empty" }, tc(kind === "waiting" ? "queueTable.emptyWaiting" : "queueTable.emptyClaimed")));
    if (rows.length > 0 && empty) empty.remove();
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
        { class: "department", "data-department": d.id, "aria-labelledby": `dept-${d.id}` },
        h("h2", { id: `dept-${d.id}` }, d.name),
        queueTable(`waiting-${d.id}`, d.waiting, "waiting", data.now),
        queueTable(`claimed-${d.id}`, d.claimed, "claimed", data.now),
      ),
    );
    const notices = await window.HotroContent.noticeBanner();
    // replaceChildren, unlike h(), would print a null as the text "null".
    const none = data.departments.length === 0 ? [h("p", { class: "empty" }, tc("queueTable.noDepartments"))] : [];
    app.replaceChildren(...(notices ? [notices] : []), h("div", { class: "toolbar" }, claimNext, error), ...none, ...sections);
    state.queueError = error;
  }

  /** A live update of the queue: the rows of each table patched in place; the toolbar and its error stay. */
  async function updateQueue() {
    const { data } = await api("GET", "/console/api/queue");
    if (!data.ok || state.view !== "queue") return;
    for (const d of data.departments) {
      const waiting = document.getElementById(`waiting-${d.id}`);
      const claimed = document.getElementById(`claimed-${d.id}`);
      if (!waiting || !claimed) return viewQueue();
      patchQueueRows(waiting, d.waiting, "waiting", data.now);
      patchQueueRows(claimed, d.claimed, "claimed", data.now);
    }
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
            h("p", { class: "meta" }, row.department, " · ", when(row.createdAt)),
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
    const days = state.dashboardDays || 30;
    const { data } = await api("GET", `/console/api/dashboard?days=${days}`);
    if (!data.ok) return;
    const period = h(
      "select",
      { id: "dashboard-period" },
      [7, 30, 90].map((d) => h("option", { value: d, selected: d === days }, tc("charts.days", { days: d }))),
    );
    period.addEventListener("change", () => {
      state.dashboardDays = Number(period.value);
      viewDashboard().then(() => document.getElementById("dashboard-period")?.focus());
    });
    const csv = h(
      "a",
      { id: "dashboard-csv", class: "button", href: `/console/api/dashboard.csv?days=${days}&lang=${language}`, download: "" },
      tc("charts.export"),
    );
    const departments = data.perDepartment.map((d, index) => ({ key: d.id, label: d.name, index }));
    const point = (day, values) => ({ label: day.date, values });
    const hours = (m) => (m === null ? null : Math.round((m / 60) * 10) / 10);
    const any = data.daily.some((d) => Object.values(d.opened).some((n) => n > 0));
    const charts = any
      ? h(
          "div",
          { class: "charts" },
          h(
            "figure",
            {},
            h("figcaption", {}, tc("charts.perDay")),
            columnChart(
              data.daily.map((d) => point(d, d.opened)),
              departments,
              tc("charts.perDay"),
              { stacked: true },
            ),
          ),
          h(
            "figure",
            {},
            h("figcaption", {}, tc("charts.times")),
            columnChart(
              data.daily.map((d) => point(d, { first: hours(d.firstResponseMinutes), resolution: hours(d.resolutionMinutes) })),
              [
                { key: "first", label: tc("charts.firstResponse"), index: 0 },
                { key: "resolution", label: tc("charts.resolution"), index: 1 },
              ],
              tc("charts.times"),
              { format: (v) => `${v} h` },
            ),
          ),
          h(
            "figure",
            {},
            h("figcaption", {}, tc("charts.breaches")),
            columnChart(
              data.daily.map((d) => point(d, { breached: Object.values(d.breached).reduce((a, b) => a + b, 0) })),
              [{ key: "breached", label: tc("charts.breached"), index: 5 }],
              tc("charts.breaches"),
            ),
          ),
          h(
            "figure",
            {},
            h("figcaption", {}, tc("charts.ratings")),
            columnChart(
              data.daily.map((d) => point(d, { rating: d.rating.average === null ? null : Math.round(d.rating.average * 10) / 10 })),
              [{ key: "rating", label: tc("charts.rating"), index: 2 }],
              tc("charts.ratings"),
              { format: (v) => `${v}★` },
            ),
          ),
        )
      : h("p", { class: "empty" }, tc("charts.noData"));
    const minutes = (m) => (m.average === null ? tc("none") : tc("minutes", { value: Math.round(m.average) }));
    const stat = (label, value, id) => h("div", { class: "stat", id }, h("span", {}, label), h("strong", {}, value));
    app.replaceChildren(
      h(
        "section",
        { id: "dashboard" },
        h("h2", {}, tc("dashboard")),
        h("div", { class: "toolbar" }, h("label", { for: "dashboard-period" }, tc("charts.period")), period, csv),
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
        charts,
        barChart(
          data.perDepartment,
          [
            { key: "open", label: tc("open") },
            { key: "resolved", label: tc("resolved") },
            { key: "breached", label: tc("breached") },
          ],
          tc("dashboard"),
        ),
        // In a box of its own: on a phone a table wider than the screen scrolls there, not the page.
        h(
          "div",
          { class: "table-scroll" },
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
      ),
    );
  }

  window.HotroConsole = { t, tc, api, state, go, refresh, errorBox, showError, when, eventLabel, status, sla, openLink, span };
  if (location.pathname === "/console/setup") renderSetup();
  else start();
})();
