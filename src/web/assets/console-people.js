/* Staff management, for administrators: add people, memberships, holiday duty, the admin role, deactivation, password resets. */
(() => {
  const { h, ask } = window.HotroViews;
  const C = window.HotroConsole;
  const { tc, api, state } = C;
  const tp = (key, vars) => tc(`people.${key}`, vars);

  /** Department checkboxes in a fieldset: a person's memberships, or the new person's. */
  function departmentPicker(prefix, chosen) {
    return h(
      "fieldset",
      { class: "departments" },
      h("legend", {}, tp("departments")),
      state.me.departments.map((d) =>
        h(
          "label",
          { class: "check" },
          h("input", { type: "checkbox", name: "department", value: d.id, id: `${prefix}-${d.id}`, checked: chosen.includes(d.id) }),
          ` ${d.name}`,
        ),
      ),
    );
  }
  const checkbox = (id, name, label, checked) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", id, name, checked }), ` ${label}`);
  const chosenDepartments = (form) => [...form.querySelectorAll("input[name=department]:checked")].map((input) => input.value);

  async function viewPeople() {
    const { status, data } = await api("GET", "/console/api/people");
    const app = document.getElementById("app");
    const error = C.errorBox();
    if (status !== 200) {
      C.showError(error, data);
      return app.replaceChildren(error);
    }
    const notice = h("p", { id: "notice", role: "status" });
    const done = async (text) => {
      await viewPeople();
      document.getElementById("notice").textContent = text;
    };

    const personCard = (person) => {
      const prefix = `person-${person.id}`;
      const form = h(
        "form",
        { class: `card person${person.active ? "" : " inactive"}`, "data-login": person.login || "", "aria-labelledby": `${prefix}-name` },
        h(
          "h3",
          { id: `${prefix}-name` },
          person.name,
          " ",
          h("small", {}, [person.login, person.slackUserId ? tp("fromSlack") : null].filter(Boolean).join(" · ")),
          " ",
          h("span", { class: `status ${person.active ? "active" : "inactive"}` }, person.active ? tp("active") : tp("inactive")),
          person.canSignIn ? null : h("span", { class: "chip" }, tp("noPassword")),
        ),
        departmentPicker(prefix, person.departments),
        checkbox(`${prefix}-duty`, "generalDuty", tp("generalDuty"), person.generalDuty),
        checkbox(`${prefix}-admin`, "admin", tp("admin"), person.admin),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "submit", class: "primary save" }, tp("save")),
          h("button", { type: "button", class: "reset-password", onclick: () => resetPassword(person) }, tp("resetPassword")),
          h(
            "button",
            { type: "button", class: "toggle-active", onclick: () => toggleActive(person) },
            person.active ? tp("deactivate") : tp("reactivate"),
          ),
        ),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const body = { departments: chosenDepartments(form), generalDuty: form.generalDuty.checked, admin: form.admin.checked };
        const result = await api("POST", `/console/api/people/${person.id}`, body);
        if (result.status !== 200) return C.showError(error, result.data);
        done(tp("saved"));
      });
      return form;
    };

    async function resetPassword(person) {
      const password = await ask({
        title: tp("resetPassword"),
        label: tp("newPassword", { name: person.name }),
        type: "password",
        minlength: 10,
        confirm: tp("resetPassword"),
        cancel: tp("cancel"),
      });
      if (password === null) return;
      const result = await api("POST", `/console/api/people/${person.id}/password`, { password });
      if (result.status !== 200) return C.showError(error, result.data);
      done(tp("saved"));
    }

    async function toggleActive(person) {
      if (person.active) {
        const sure = await ask({ title: tp("confirmDeactivate", { name: person.name }), confirm: tp("deactivate"), cancel: tp("cancel") });
        if (!sure) return;
      }
      const result = await api("POST", `/console/api/people/${person.id}`, { active: !person.active });
      if (result.status !== 200) return C.showError(error, result.data);
      done(tp("saved"));
    }

    const add = h(
      "form",
      { id: "add-person", class: "card" },
      h("h3", {}, tp("add")),
      h("label", { for: "new-name" }, tp("name")),
      h("input", { id: "new-name", name: "name", required: true, autocomplete: "off" }),
      h("label", { for: "new-login" }, tp("login")),
      h("input", { id: "new-login", name: "login", required: true, autocomplete: "off" }),
      h("label", { for: "new-password" }, tp("password")),
      h("input", { id: "new-password", name: "password", type: "password", minlength: 10, required: true, autocomplete: "new-password" }),
      departmentPicker("new", []),
      checkbox("new-duty", "generalDuty", tp("generalDuty"), false),
      checkbox("new-admin", "admin", tp("admin"), false),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "add-person-submit" }, tp("addButton"))),
    );
    add.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = {
        name: add.name.value,
        login: add.login.value,
        password: add.password.value,
        departments: chosenDepartments(add),
        generalDuty: add.generalDuty.checked,
        admin: add.admin.checked,
      };
      const result = await api("POST", "/console/api/people", body);
      // A refused form keeps everything typed; the error says what to fix.
      if (result.status !== 200) return C.showError(error, result.data);
      done(tp("added", { name: body.name }));
    });

    app.replaceChildren(
      h("h2", {}, tp("title")),
      h("p", {}, tp("intro")),
      notice,
      error,
      // replaceChildren, unlike h(), would print a null as the text "null".
      ...(data.people.length === 0 ? [h("p", { class: "empty" }, tp("empty"))] : []),
      h("div", { id: "people" }, data.people.map(personCard)),
      add,
    );
  }

  C.viewPeople = viewPeople;
})();
