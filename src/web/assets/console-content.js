/* Customer care's content pages: FAQ, canned replies, help texts, service notices, and the policy reload. */
(() => {
  const { h } = window.HotroViews;
  const app = document.getElementById("app");
  const lines = (text) =>
    text
      .split(/\n|,/)
      .map((s) => s.trim())
      .filter(Boolean);

  function field(id, label, attrs) {
    const input = attrs?.multiline ? h("textarea", { id, name: id, rows: 3 }) : h("input", { id, name: id, ...(attrs || {}) });
    if (attrs && attrs.value !== undefined) input.value = attrs.value;
    return [h("label", { for: id }, label), input];
  }

  /** Saves through the API; shows the refusal (with each bad field) or reloads the page. */
  async function save(path, body, box) {
    const { t, api, showError } = window.HotroConsole;
    const result = await api("POST", path, body);
    if (result.status !== 200) {
      showError(box, result.data);
      const problems = result.data.details?.problems;
      if (Array.isArray(problems))
        box.append(
          h(
            "ul",
            {},
            problems.map((p) => h("li", {}, p)),
          ),
        );
      return false;
    }
    box.textContent = t("console.content.saved");
    await viewContent();
    return true;
  }

  function reloadSection(tc, errorBox) {
    const box = errorBox();
    const button = h("button", { type: "button", id: "reload-policy" }, tc("content.reloadPolicy"));
    button.addEventListener("click", () => save("/console/api/policy/reload", {}, box));
    return h("section", { class: "card" }, h("h2", {}, tc("content.policy")), h("p", {}, tc("content.policyHint")), button, box);
  }

  function noticesSection(data, tc, when, errorBox) {
    const box = errorBox();
    const form = h(
      "form",
      { id: "notice-form" },
      field("notice-vi", tc("content.textVi"), { multiline: true }),
      field("notice-en", tc("content.textEn"), { multiline: true }),
      h("label", { for: "notice-categories" }, tc("content.categories")),
      h(
        "select",
        { id: "notice-categories", multiple: true, size: 6 },
        data.categories.map((c) => h("option", { value: c.id }, c.name)),
      ),
      field("notice-ends", tc("content.endsAt"), { type: "datetime-local", required: true }),
      h("button", { type: "submit" }, tc("content.postNotice")),
      box,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const categories = [...form.querySelector("#notice-categories").selectedOptions].map((o) => o.value);
      const ends = form.querySelector("#notice-ends").value;
      save(
        "/console/api/content/notices",
        {
          text: { vi: form.querySelector("#notice-vi").value, en: form.querySelector("#notice-en").value },
          categories,
          endsAt: ends ? new Date(ends).toISOString() : "",
        },
        box,
      );
    });
    const rows = data.notices.map((n) =>
      h(
        "li",
        { class: "notice" },
        h("p", {}, n.text),
        h("small", {}, `${when(n.startsAt)} – ${when(n.endsAt)} · ${n.categories.join(", ") || tc("content.allCategories")}`),
        h(
          "button",
          { type: "button", onclick: () => save(`/console/api/content/notices/${n.id}/withdraw`, {}, box) },
          tc("content.withdraw"),
        ),
      ),
    );
    return h(
      "section",
      { class: "card" },
      h("h2", {}, tc("content.notices")),
      rows.length ? h("ul", {}, rows) : h("p", { class: "empty" }, tc("content.noNotices")),
      form,
    );
  }

  function faqSection(data, tc, errorBox) {
    const box = errorBox();
    const form = h(
      "form",
      { id: "faq-form" },
      field("faq-id", tc("content.id"), { required: true, pattern: "[a-z][a-z0-9_]*" }),
      field("faq-question-vi", tc("content.questionVi")),
      field("faq-question-en", tc("content.questionEn")),
      field("faq-variants", tc("content.variants"), { multiline: true }),
      field("faq-answer-vi", tc("content.answerVi"), { multiline: true }),
      field("faq-answer-en", tc("content.answerEn"), { multiline: true }),
      field("faq-keywords", tc("content.keywords")),
      field("faq-link", tc("content.link"), { type: "url" }),
      h("label", {}, h("input", { id: "faq-enabled", type: "checkbox", checked: true }), tc("content.enabled")),
      h("button", { type: "submit" }, tc("content.save")),
      box,
    );
    const value = (id) => form.querySelector(`#${id}`).value;
    const fill = (f) => {
      const set = (id, v) => {
        form.querySelector(`#${id}`).value = v;
      };
      set("faq-id", f.id);
      set("faq-question-vi", f.question.vi);
      set("faq-question-en", f.question.en);
      set("faq-variants", f.variants.join("\n"));
      set("faq-answer-vi", f.answer.vi);
      set("faq-answer-en", f.answer.en);
      set("faq-keywords", f.keywords.join(", "));
      set("faq-link", f.link || "");
      form.querySelector("#faq-enabled").checked = f.enabled;
      form.scrollIntoView();
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const link = value("faq-link").trim();
      save(
        "/console/api/content/faq",
        {
          id: value("faq-id").trim(),
          question: { vi: value("faq-question-vi"), en: value("faq-question-en") },
          variants: lines(value("faq-variants")),
          answer: { vi: value("faq-answer-vi"), en: value("faq-answer-en") },
          keywords: lines(value("faq-keywords")),
          ...(link ? { link } : {}),
          enabled: form.querySelector("#faq-enabled").checked,
        },
        box,
      );
    });
    const rows = data.faq.map((f) =>
      h(
        "tr",
        { class: f.enabled ? "" : "disabled" },
        h("td", {}, f.id),
        h("td", {}, f.question.vi),
        h("td", {}, f.enabled ? tc("content.on") : tc("content.off")),
        h("td", {}, h("button", { type: "button", onclick: () => fill(f) }, tc("content.edit"))),
      ),
    );
    return h("section", { class: "card" }, h("h2", {}, tc("content.faq")), h("table", {}, h("tbody", {}, rows)), form);
  }

  function cannedSection(data, tc, errorBox) {
    const box = errorBox();
    const departments = [
      h("option", { value: "" }, tc("content.allDepartments")),
      ...data.departments.map((d) => h("option", { value: d.id }, d.name)),
    ];
    const form = h(
      "form",
      { id: "canned-form" },
      field("canned-id", tc("content.id"), { required: true, pattern: "[a-z][a-z0-9_]*" }),
      h("label", { for: "canned-department" }, tc("content.department")),
      h("select", { id: "canned-department" }, departments),
      field("canned-title-vi", tc("content.titleVi")),
      field("canned-title-en", tc("content.titleEn")),
      field("canned-text-vi", tc("content.textVi"), { multiline: true }),
      field("canned-text-en", tc("content.textEn"), { multiline: true }),
      h("label", {}, h("input", { id: "canned-enabled", type: "checkbox", checked: true }), tc("content.enabled")),
      h("button", { type: "submit" }, tc("content.save")),
      box,
    );
    const value = (id) => form.querySelector(`#${id}`).value;
    const fill = (c) => {
      for (const [id, v] of [
        ["canned-id", c.id],
        ["canned-department", c.department || ""],
        ["canned-title-vi", c.title.vi],
        ["canned-title-en", c.title.en],
        ["canned-text-vi", c.text.vi],
        ["canned-text-en", c.text.en],
      ])
        form.querySelector(`#${id}`).value = v;
      form.querySelector("#canned-enabled").checked = c.enabled;
      form.scrollIntoView();
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      save(
        "/console/api/content/canned",
        {
          id: value("canned-id").trim(),
          department: value("canned-department") || null,
          title: { vi: value("canned-title-vi"), en: value("canned-title-en") },
          text: { vi: value("canned-text-vi"), en: value("canned-text-en") },
          enabled: form.querySelector("#canned-enabled").checked,
        },
        box,
      );
    });
    const rows = data.canned.map((c) =>
      h(
        "tr",
        { class: c.enabled ? "" : "disabled" },
        h("td", {}, c.id),
        h("td", {}, c.title.vi),
        h("td", {}, c.department || tc("content.allDepartments")),
        h("td", {}, c.enabled ? tc("content.on") : tc("content.off")),
        h("td", {}, h("button", { type: "button", onclick: () => fill(c) }, tc("content.edit"))),
      ),
    );
    return h("section", { class: "card" }, h("h2", {}, tc("content.canned")), h("table", {}, h("tbody", {}, rows)), form);
  }

  function helpSection(data, tc, errorBox) {
    const forms = Object.entries(data.help).map(([key, text]) => {
      const box = errorBox();
      const form = h(
        "form",
        { class: "help-form" },
        h("h3", {}, tc(`content.help_${key}`)),
        field(`help-${key}-vi`, tc("content.textVi"), { multiline: true }),
        field(`help-${key}-en`, tc("content.textEn"), { multiline: true }),
        h("button", { type: "submit" }, tc("content.save")),
        box,
      );
      form.querySelector(`#help-${key}-vi`).value = text.vi;
      form.querySelector(`#help-${key}-en`).value = text.en;
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const vi = form.querySelector(`#help-${key}-vi`).value;
        const en = form.querySelector(`#help-${key}-en`).value;
        save("/console/api/content/help", { key, text: { vi, en } }, box);
      });
      return form;
    });
    return h("section", { class: "card" }, h("h2", {}, tc("content.help")), forms);
  }

  function changesSection(data, tc, when) {
    const rows = data.changes.map((c) =>
      h("tr", {}, h("td", {}, when(c.at)), h("td", {}, c.kind), h("td", {}, c.itemId), h("td", {}, c.action), h("td", {}, c.changedBy)),
    );
    return h("section", { class: "card" }, h("h2", {}, tc("content.changes")), h("table", {}, h("tbody", {}, rows)));
  }

  async function viewContent() {
    const { tc, api, when, errorBox } = window.HotroConsole;
    const { data } = await api("GET", "/console/api/content");
    if (!data.ok) return;
    app.replaceChildren(
      reloadSection(tc, errorBox),
      noticesSection(data, tc, when, errorBox),
      faqSection(data, tc, errorBox),
      cannedSection(data, tc, errorBox),
      helpSection(data, tc, errorBox),
      changesSection(data, tc, when),
    );
  }

  /** The notices running now, above the queue: staff know what customers are told. */
  async function noticeBanner() {
    const { api } = window.HotroConsole;
    const { data } = await api("GET", "/console/api/notices");
    if (!data.ok || data.notices.length === 0) return null;
    return h(
      "aside",
      { class: "notices", role: "status" },
      data.notices.map((n) => h("p", { class: "notice" }, n.text)),
    );
  }

  window.HotroContent = { viewContent, noticeBanner };
})();
