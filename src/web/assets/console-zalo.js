/* The Zalo OA's connection, for Customer care: its state, and the consent (OAuth v4 with PKCE) an administrator starts. */
(() => {
  const { h } = window.HotroViews;
  const C = window.HotroConsole;
  const { tc, api, state, when } = C;
  const tz = (key, vars) => tc(`zalo.${key}`, vars);

  async function viewZalo() {
    const app = document.getElementById("app");
    const error = C.errorBox();
    const { status, data } = await api("GET", "/console/api/zalo");
    if (status !== 200) {
      C.showError(error, data);
      return app.replaceChildren(error);
    }
    if (!data.enabled) return app.replaceChildren(h("section", { class: "card" }, h("h1", {}, tz("title")), h("p", {}, tz("off"))));
    const s = data.status;
    const row = (label, value) => (value ? [h("dt", {}, label), h("dd", {}, value)] : []);
    const connect = h(
      "button",
      { type: "button", id: "zalo-connect", class: "primary", disabled: !state.me.staff.admin },
      s.connected || s.refused ? tz("reconnect") : tz("connect"),
    );
    connect.addEventListener("click", async () => {
      const started = await api("POST", "/console/api/zalo/connect");
      if (started.status !== 200) return C.showError(error, started.data);
      // To Zalo's permission page; Zalo brings the browser back to the callback URL.
      location.assign(started.data.url);
    });
    app.replaceChildren(
      h(
        "section",
        { class: "card", id: "zalo" },
        h("h1", {}, tz("title")),
        h(
          "p",
          { class: s.connected ? "notice" : "error", role: s.connected ? "status" : "alert" },
          s.refused
            ? tz("refused", { at: when(s.refused.at), reason: s.refused.reason })
            : s.connected
              ? tz("connected")
              : tz("notConnected"),
        ),
        h("dl", {}, [
          ...row(tz("oaId"), s.oaId),
          ...row(tz("connectedSince"), s.connectedAt && when(s.connectedAt)),
          ...row(tz("accessExpires"), s.accessExpiresAt && when(s.accessExpiresAt)),
          ...row(tz("callbackUrl"), data.callbackUrl),
        ]),
        connect,
        state.me.staff.admin ? null : h("p", {}, tz("adminOnly")),
        error,
      ),
    );
  }

  C.viewZalo = viewZalo;
})();
