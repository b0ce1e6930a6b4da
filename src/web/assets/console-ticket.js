/* The console's ticket view: messages, timeline and every action, each through /console/api. */
(() => {
  const { h } = window.HotroViews;
  const C = window.HotroConsole;
  const { tc, t, api, state } = C;

  function field(id, label, control) {
    return h("div", { class: "field" }, h("label", { for: id }, label), control);
  }

  /** A text area whose draft survives the live refresh. */
  function draftArea(id, placeholder) {
    const area = h("textarea", { id, rows: 4, placeholder, value: state.drafts[`${state.ticketId}:${id}`] || "" });
    area.addEventListener("input", () => {
      state.drafts[`${state.ticketId}:${id}`] = area.value;
    });
    return area;
  }

  async function viewTicket() {
    const id = state.ticketId;
    const { status, data } = await api("GET", `/console/api/tickets/${id}`);
    const error = C.errorBox();
    if (status !== 200) {
      C.showError(error, data);
      return document.getElementById("app").replaceChildren(error);
    }
    const me = state.me.staff;
    const ticket = data.ticket;
    const mine = ticket.claimedBy && ticket.claimedBy.id === me.id;
    const act = async (path, body, clear) => {
      const result = await api("POST", `/console/api/tickets/${id}/${path}`, body);
      if (result.status !== 200) return C.showError(error, result.data);
      for (const key of clear || []) delete state.drafts[`${id}:${key}`];
      if (state.ticketId === id) await viewTicket();
      document.getElementById("notice").textContent = tc("done");
    };

    const messages = h(
      "ol",
      { class: "messages", id: "messages" },
      data.messages.map((m) =>
        h(
          "li",
          { class: `msg ${m.direction}` },
          h(
            "div",
            { class: "who" },
            m.direction === "in" ? tc("fromCustomer") : m.direction === "note" ? `${tc("fromNote")} · ${m.author || ""}` : m.author || "",
            " · ",
            C.when(m.createdAt),
          ),
          h("div", { class: "text" }, m.text),
          (m.attachments || []).length > 0 &&
            h(
              "ul",
              { class: "files" },
              m.attachments.map((f) => h("li", {}, h("a", { href: f.url, target: "_blank", rel: "noopener noreferrer" }, f.name))),
            ),
        ),
      ),
    );

    const sections = [];
    // Account work (password, DNS, domain transfer) waits for a verified contact: say so before any reply.
    const identity = data.identity;
    if (data.anonymizedAt) sections.push(h("p", { class: "card notice", id: "content-deleted" }, tc("contentDeleted")));
    if (identity?.required && !identity.verified) {
      sections.push(
        h(
          "section",
          { class: "card warning", id: "identity-warning", role: "alert" },
          h("p", {}, tc("identityUnverified")),
          h(
            "div",
            { class: "actions" },
            h(
              "button",
              { type: "button", id: "send-verification", onclick: () => act("verify", { via: "channel" }) },
              tc("sendVerification"),
            ),
            data.customer?.email &&
              h(
                "button",
                { type: "button", id: "send-verification-email", onclick: () => act("verify", { via: "email" }) },
                tc("sendVerificationEmail"),
              ),
          ),
        ),
      );
    } else if (identity?.required) {
      sections.push(h("p", { class: "card", id: "identity-verified" }, tc("identityVerified", { via: identity.verifiedVia || "" })));
    }
    if (mine && ticket.status === "claimed") {
      const reply = draftArea("reply-text", tc("replyPlaceholder"));
      const canned = h(
        "select",
        { id: "canned", "aria-label": tc("canned") },
        h("option", { value: "" }, tc("cannedPick")),
        state.me.canned.map((c) => h("option", { value: c.id }, c.title)),
      );
      canned.addEventListener("change", () => {
        const chosen = state.me.canned.find((c) => c.id === canned.value);
        if (chosen) reply.value = reply.value ? `${reply.value}\n\n${chosen.text}` : chosen.text;
        state.drafts[`${id}:reply-text`] = reply.value;
        canned.value = "";
      });
      const reason = draftArea("hand-back-reason", tc("reason"));
      sections.push(
        h(
          "section",
          { class: "card" },
          h("h3", {}, tc("reply")),
          canned,
          reply,
          h(
            "div",
            { class: "actions" },
            h(
              "button",
              { type: "button", id: "reply-send", class: "primary", onclick: () => act("reply", { text: reply.value }, ["reply-text"]) },
              tc("reply"),
            ),
            h(
              "button",
              { type: "button", id: "resolve", onclick: () => act("resolve", { text: reply.value }, ["reply-text"]) },
              tc("resolve"),
            ),
            h("button", { type: "button", id: "unclaim", onclick: () => act("unclaim") }, tc("unclaim")),
          ),
        ),
        h(
          "section",
          { class: "card" },
          field("hand-back-reason", tc("reason"), reason),
          h(
            "button",
            { type: "button", id: "hand-back", onclick: () => act("hand-back", { reason: reason.value }, ["hand-back-reason"]) },
            tc("handBack"),
          ),
        ),
      );
    } else if (ticket.status === "ready") {
      sections.push(
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", id: "claim", class: "primary", onclick: () => act("claim") }, tc("claim")),
        ),
      );
    }
    const note = draftArea("note-text", tc("notePlaceholder"));
    sections.push(
      h(
        "section",
        { class: "card" },
        field("note-text", tc("note"), note),
        h("button", { type: "button", id: "add-note", onclick: () => act("note", { text: note.value }, ["note-text"]) }, tc("note")),
      ),
    );
    if (me.customerCare) sections.push(careActions(data, act));

    const contact = Object.entries(data.ticket.contact || {}).map(([k, v]) => h("li", {}, `${k}: ${v}`));
    document.getElementById("app").replaceChildren(
      h("button", { type: "button", class: "link", onclick: () => C.go("queue") }, `← ${tc("back")}`),
      h("h2", { id: "ticket-title" }, `#${ticket.number} `, C.status(ticket.status), " ", C.sla(ticket.sla), " ", ticket.department),
      h("p", { id: "notice", role: "status" }),
      error,
      h(
        "div",
        { class: "columns" },
        h("div", {}, h("h3", {}, tc("messages")), messages, ...sections),
        h(
          "aside",
          {},
          h("h3", {}, tc("customer")),
          h("p", { class: "customer" }, data.customer?.name || ""),
          h("ul", { class: "contact" }, contact),
          h("p", {}, h("a", { href: data.link, target: "_blank", rel: "noopener noreferrer", id: "ticket-page-link" }, tc("ticketLink"))),
          data.earlier.length
            ? h(
                "div",
                {},
                h("h3", {}, tc("earlier")),
                h(
                  "ul",
                  {},
                  data.earlier.map((e) => h("li", {}, C.openLink(e), " ", t(`status.${e.status}`), " · ", e.department)),
                ),
              )
            : null,
          h("h3", {}, tc("timeline")),
          h(
            "ol",
            { class: "timeline", id: "timeline" },
            data.timeline.map((e) =>
              h(
                "li",
                {},
                C.when(e.at),
                " · ",
                C.eventLabel(e.type),
                " · ",
                e.actorName,
                e.data?.text ? h("div", { class: "text" }, e.data.text) : null,
                e.data?.reason ? h("div", { class: "text" }, e.data.reason) : null,
              ),
            ),
          ),
        ),
      ),
    );
  }

  function careActions(data, act) {
    const ticket = data.ticket;
    const reason = draftArea("care-reason", tc("reason"));
    const department = h(
      "select",
      { id: "reroute-department", "aria-label": tc("department") },
      state.me.departments.map((d) => h("option", { value: d.id }, d.name)),
    );
    const staff = h("select", { id: "reassign-staff", "aria-label": tc("staffMember") });
    api("GET", `/console/api/staff?department=${encodeURIComponent(ticket.departmentId)}`).then(({ data: d }) => {
      for (const s of d.staff || []) staff.append(h("option", { value: s.id }, s.name));
    });
    const buttons = [];
    if (ticket.status === "awaiting_approval") {
      buttons.push(h("button", { type: "button", id: "approve", onclick: () => act("approve") }, tc("approve")));
      buttons.push(
        h(
          "button",
          { type: "button", id: "reject", onclick: () => act("reject", { reason: reason.value }, ["care-reason"]) },
          tc("reject"),
        ),
      );
    }
    if (["ready", "claimed", "awaiting_approval", "parked"].includes(ticket.status)) {
      buttons.push(
        department,
        h(
          "button",
          {
            type: "button",
            id: "reroute",
            onclick: () => act("reroute", { department: department.value, reason: reason.value }, ["care-reason"]),
          },
          tc("reroute"),
        ),
      );
    }
    if (ticket.status === "claimed") {
      buttons.push(
        staff,
        h(
          "button",
          {
            type: "button",
            id: "reassign",
            onclick: () => act("reassign", { staffId: staff.value, reason: reason.value }, ["care-reason"]),
          },
          tc("reassign"),
        ),
      );
    }
    buttons.push(h("button", { type: "button", id: "revoke-link", onclick: () => act("revoke-link") }, tc("revokeLink")));
    return h(
      "section",
      { class: "card care" },
      h("h3", {}, tc("care")),
      field("care-reason", tc("reason"), reason),
      h("div", { class: "actions" }, buttons),
    );
  }

  C.viewTicket = viewTicket;
})();
