/* The console's ticket view: the conversation as a chat, the customer, one action bar; live updates patch it in place. */
(() => {
  const { h, ask } = window.HotroViews;
  const C = window.HotroConsole;
  const { tc, t, api, state } = C;

  function field(id, label, control) {
    return h("div", { class: "field" }, h("label", { for: id }, label), control);
  }

  /** A text area whose draft survives any re-render. */
  function draftArea(id, placeholder) {
    const area = h("textarea", { id, rows: 4, placeholder, value: state.drafts[`${state.ticketId}:${id}`] || "" });
    area.addEventListener("input", () => {
      state.drafts[`${state.ticketId}:${id}`] = area.value;
    });
    return area;
  }

  const foldChar = (c) =>
    c
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase();

  /** Where the refused words are in what was typed: as typed, else compared without diacritics. */
  function findRefused(text, needle) {
    if (!needle) return null;
    const exact = text.indexOf(needle);
    if (exact >= 0) return [exact, exact + needle.length];
    const chars = Array.from(text);
    let folded = "";
    const startOf = [];
    let at = 0;
    for (const c of chars) {
      const f = foldChar(c);
      for (let i = 0; i < f.length; i++) startOf.push(at);
      folded += f;
      at += c.length;
    }
    startOf.push(at);
    const wanted = Array.from(needle).map(foldChar).join("").replace(/\s+/g, " ");
    const index = folded.replace(/\s/g, " ").indexOf(wanted);
    if (index < 0) return null;
    return [startOf[index], startOf[index + wanted.length]];
  }

  /** A refused reply: the text stays in the box, the error is next to it, the refused words are marked. */
  function showRefusal(data, text) {
    const error = document.getElementById("reply-error");
    const preview = document.getElementById("reply-refused");
    const area = document.getElementById("reply-text");
    if (!error || !preview || !area) return C.showError(document.getElementById("error"), data);
    C.showError(error, data);
    const details = data.details || {};
    const range = findRefused(text, details.fragment || details.word);
    preview.replaceChildren(
      ...(range ? [text.slice(0, range[0]), h("mark", {}, text.slice(range[0], range[1])), text.slice(range[1])] : []),
    );
    preview.hidden = !range;
    area.setAttribute("aria-invalid", "true");
  }
  function clearRefusal() {
    const error = document.getElementById("reply-error");
    const preview = document.getElementById("reply-refused");
    if (error) error.textContent = "";
    if (preview) {
      preview.replaceChildren();
      preview.hidden = true;
    }
    document.getElementById("reply-text")?.removeAttribute("aria-invalid");
  }

  const CONTACT_KEYS = ["name", "phone", "email", "website", "company", "taxCode", "address"];
  const contactLabel = (key) => {
    const label = tc(`contactLabels.${key}`);
    return label.startsWith("console.") ? key : label;
  };

  function messageItem(m) {
    const label =
      m.direction === "in"
        ? tc("chat.customer")
        : m.direction === "note"
          ? tc("chat.note", { name: m.author || "" })
          : m.author
            ? tc("chat.staff", { name: m.author })
            : tc("chat.system");
    return h(
      "li",
      { class: `msg ${m.direction}`, "data-seq": m.seq },
      h("div", { class: "who" }, h("strong", {}, label), " · ", h("time", { datetime: m.createdAt }, C.when(m.createdAt))),
      h("div", { class: "text" }, m.text),
      (m.attachments || []).length > 0 &&
        h(
          "ul",
          { class: "files" },
          m.attachments.map((f) =>
            h(
              "li",
              {},
              /^image\//.test(f.mimeType || "")
                ? h(
                    "a",
                    { href: f.url, target: "_blank", rel: "noopener noreferrer" },
                    h("img", { src: f.url, alt: f.name, class: "inline-file" }),
                  )
                : h("a", { href: f.url, target: "_blank", rel: "noopener noreferrer" }, f.name),
            ),
          ),
        ),
    );
  }

  /** Appends the messages not shown yet (by seq): what is on screen is never rebuilt. */
  function patchMessages(list, messages) {
    const shown = new Set([...list.children].map((li) => li.dataset.seq));
    for (const m of messages) if (!shown.has(String(m.seq))) list.append(messageItem(m));
    list.classList.toggle("empty-chat", messages.length === 0);
  }

  function renderAside(aside, data) {
    const contact = data.ticket.contact || {};
    const keys = [
      ...CONTACT_KEYS.filter((k) => contact[k]),
      ...Object.keys(contact).filter((k) => !CONTACT_KEYS.includes(k) && contact[k]),
    ];
    aside.replaceChildren(
      h("h3", {}, tc("customer")),
      h("p", { class: "customer" }, data.customer?.name || contact.name || ""),
      h(
        "dl",
        { class: "contact" },
        keys.flatMap((k) => [h("dt", {}, contactLabel(k)), h("dd", {}, String(contact[k]))]),
      ),
      h("p", {}, h("a", { href: data.link, target: "_blank", rel: "noopener noreferrer", id: "ticket-page-link" }, tc("ticketLink"))),
      h("h3", {}, tc("earlier")),
      data.earlier.length
        ? h(
            "ul",
            { id: "earlier" },
            data.earlier.map((e) =>
              h("li", {}, C.openLink(e), " ", t(`status.${e.status}`), " · ", e.department, " · ", C.when(e.createdAt)),
            ),
          )
        : h("p", { class: "empty" }, tc("noEarlier")),
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
    );
  }

  /** What the action bar offers: rebuilt only when this changes, so a form being typed in is never replaced. */
  function modeOf(data) {
    const me = state.me.staff;
    const ticket = data.ticket;
    const mine = ticket.claimedBy && ticket.claimedBy.id === me.id;
    return [
      mine && ticket.status === "claimed" ? "working" : ticket.status === "ready" ? "ready" : "other",
      me.customerCare ? ticket.status : "",
    ].join(":");
  }

  function renderActions(container, data) {
    const id = data.ticket.id;
    const ticket = data.ticket;
    const error = document.getElementById("error");
    const act = async (path, body, clear) => {
      const result = await api("POST", `/console/api/tickets/${id}/${path}`, body);
      if (result.status !== 200) {
        if (path === "reply" || path === "resolve") return showRefusal(result.data, body.text);
        return C.showError(error, result.data);
      }
      for (const key of clear || []) delete state.drafts[`${id}:${key}`];
      if (state.ticketId === id) await viewTicket();
      const reach = result.data?.reach;
      document.getElementById("notice").textContent =
        reach === "email" ? tc("reachEmail") : reach === "none" ? tc("reachNone") : tc("done");
    };
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
          identity.route === "email" && !data.customer?.email && h("p", { id: "identity-needs-email" }, tc("identityNeedsEmail")),
          h(
            "div",
            { class: "actions" },
            // A web chat proves no identity: its code goes by email only.
            identity.route === "channel" &&
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
      const via = identity.verifiedVia || "";
      const said = identity.verifiedContact
        ? tc("identityVerifiedContact", { via, contact: identity.verifiedContact })
        : tc("identityVerified", { via });
      sections.push(h("p", { class: "card", id: "identity-verified" }, said));
    }
    const [mode] = modeOf(data).split(":");
    // The customer's channel bills a reply now (confirm first) or no longer takes it (kept here, sent by email when known).
    const window = data.replyWindow;
    const paidBox = h("input", { type: "checkbox", id: "paid-confirm" });
    if (mode === "working" && window && window.state !== "free" && window.lastInteractionAt) {
      const vars = {
        last: C.when(window.lastInteractionAt),
        paidUntil: C.when(window.paidUntil),
        channel: tc(`channels.${window.channel}`),
      };
      sections.push(
        window.state === "paid"
          ? h(
              "section",
              { class: "card warning", id: "window-paid", role: "alert" },
              h("p", {}, tc("windowPaid", vars)),
              h("label", { for: "paid-confirm" }, paidBox, " ", tc("windowConfirm")),
            )
          : h("p", { class: "card warning", id: "window-closed", role: "alert" }, tc("windowClosed", vars)),
      );
    }
    const confirmPaid = () => paidBox.checked;
    if (mode === "working") {
      const reply = draftArea("reply-text", tc("replyPlaceholder"));
      reply.setAttribute("aria-describedby", "reply-error reply-refused");
      reply.addEventListener("input", clearRefusal);
      const offered = state.me.canned.filter((c) => !c.department || c.department === ticket.departmentId);
      const canned = h(
        "select",
        { id: "canned", "aria-label": tc("canned") },
        h("option", { value: "" }, tc("cannedPick")),
        offered.map((c) => h("option", { value: c.id }, c.title)),
      );
      canned.addEventListener("change", () => {
        const chosen = offered.find((c) => c.id === canned.value);
        if (chosen) reply.value = reply.value ? `${reply.value}\n\n${chosen.text}` : chosen.text;
        state.drafts[`${id}:reply-text`] = reply.value;
        canned.value = "";
      });
      const resolve = async () => {
        const text = await ask({ title: tc("resolveTitle"), label: tc("resolveText"), confirm: tc("resolve"), cancel: tc("cancel") });
        if (text === null) return;
        reply.value = text;
        state.drafts[`${id}:reply-text`] = text;
        await act("resolve", { text, confirmPaid: confirmPaid() }, ["reply-text"]);
      };
      const handBack = async () => {
        const reason = await ask({ title: tc("handBack"), label: tc("reason"), confirm: tc("handBack"), cancel: tc("cancel") });
        if (reason !== null) await act("hand-back", { reason });
      };
      sections.push(
        h(
          "section",
          { class: "card reply-box", "aria-labelledby": "reply-heading" },
          h("h3", { id: "reply-heading" }, h("label", { for: "reply-text" }, tc("reply"))),
          canned,
          reply,
          h("p", { id: "reply-error", class: "error", role: "alert" }),
          h("p", { id: "reply-refused", class: "refused", hidden: true }),
          h(
            "div",
            { class: "actions", role: "toolbar", "aria-label": tc("actions") },
            h(
              "button",
              {
                type: "button",
                id: "reply-send",
                class: "primary",
                onclick: () => act("reply", { text: reply.value, confirmPaid: confirmPaid() }, ["reply-text"]),
              },
              tc("reply"),
            ),
            h("button", { type: "button", id: "resolve", onclick: resolve }, `${tc("resolve")}…`),
            h("button", { type: "button", id: "unclaim", onclick: () => act("unclaim") }, tc("unclaim")),
            h("button", { type: "button", id: "hand-back", onclick: handBack }, `${tc("handBack")}…`),
          ),
        ),
      );
    } else if (mode === "ready") {
      sections.push(
        h(
          "div",
          { class: "actions", role: "toolbar", "aria-label": tc("actions") },
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
    if (state.me.staff.customerCare) sections.push(careActions(ticket, act));
    container.replaceChildren(...sections);
    container.dataset.mode = modeOf(data);
  }

  function renderTitle(title, ticket) {
    title.replaceChildren(`#${ticket.number} `, C.status(ticket.status), " ", C.sla(ticket.sla), " ", ticket.department);
  }

  async function viewTicket() {
    const id = state.ticketId;
    const { status, data } = await api("GET", `/console/api/tickets/${id}`);
    const error = C.errorBox();
    const app = document.getElementById("app");
    if (status !== 200) {
      C.showError(error, data);
      return app.replaceChildren(error);
    }
    const title = h("h2", { id: "ticket-title" });
    const messages = h("ol", { class: "messages chat", id: "messages", "aria-label": tc("messages") });
    const actions = h("div", { id: "ticket-actions" });
    const aside = h("aside", { id: "ticket-aside", "aria-label": tc("customer") });
    app.replaceChildren(
      h("button", { type: "button", class: "link", onclick: () => C.go("queue") }, `← ${tc("back")}`),
      title,
      h("p", { id: "notice", role: "status" }),
      error,
      h("div", { class: "columns" }, h("div", {}, h("h3", {}, tc("messages")), messages, actions), aside),
    );
    renderTitle(title, data.ticket);
    patchMessages(messages, data.messages);
    renderAside(aside, data);
    renderActions(actions, data);
  }

  /** A live update: the title, new messages and the side column change; the action bar only when what it offers does. */
  async function updateTicket(changed) {
    const id = state.ticketId;
    if (changed && !changed.includes(id)) return;
    const { status, data } = await api("GET", `/console/api/tickets/${id}`);
    if (status !== 200 || state.view !== "ticket" || state.ticketId !== id) return;
    const title = document.getElementById("ticket-title");
    const messages = document.getElementById("messages");
    const actions = document.getElementById("ticket-actions");
    const aside = document.getElementById("ticket-aside");
    if (!title || !messages || !actions || !aside) return;
    renderTitle(title, data.ticket);
    patchMessages(messages, data.messages);
    renderAside(aside, data);
    if (actions.dataset.mode !== modeOf(data)) renderActions(actions, data);
  }

  function careActions(ticket, act) {
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
  C.updateTicket = updateTicket;
})();
