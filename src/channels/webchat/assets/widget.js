/*
 * hotro web chat widget: <script src="https://…/widget.js" data-lang="vi" data-title="…" async></script>
 * Vanilla JS, no dependencies. Every text a person or the bot wrote is set with textContent, never
 * as HTML. The conversation is resumed from the last seen message id after any disconnect.
 */
(() => {
  const script = document.currentScript;
  if (!script || window.__hotroWebchat) return;
  window.__hotroWebchat = true;

  /* Replaced by the server with the texts of locales/{vi,en}/webchat.json. */
  const STRINGS = __HOTRO_STRINGS__;
  const base = script.src.replace(/\/widget\.js(\?.*)?$/, "");
  const pageLang = (script.dataset.lang || document.documentElement.lang || "vi").slice(0, 2).toLowerCase();
  const lang = pageLang === "en" ? "en" : "vi";
  const s = STRINGS[lang];
  const title = script.dataset.title || s.title;
  const STORE = `hotro.webchat:${base}`;
  const MAX_KEPT = 150;

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "{}") || {};
    } catch {
      return {};
    }
  };
  const state = Object.assign({ visitorId: "", token: "", lastSeq: 0, items: [] }, load());
  const save = () => {
    state.items = state.items.slice(-MAX_KEPT);
    try {
      localStorage.setItem(STORE, JSON.stringify(state));
    } catch {
      /* private mode: the chat still works for this page */
    }
  };

  const el = (tag, attrs, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const css = el("link", { rel: "stylesheet", href: `${base}/widget.css` });
  document.head.appendChild(css);

  const root = el("div", { class: "hotro-wc", lang });
  const launcher = el(
    "button",
    { type: "button", class: "hotro-wc-launcher", "aria-expanded": "false", "aria-controls": "hotro-wc-panel" },
    s.open,
  );
  const panel = el("section", { id: "hotro-wc-panel", class: "hotro-wc-panel", role: "dialog", "aria-label": title, hidden: "" });
  const header = el("header", { class: "hotro-wc-header" });
  header.appendChild(el("h2", { class: "hotro-wc-title" }, title));
  const closeButton = el("button", { type: "button", class: "hotro-wc-close", "aria-label": s.close, title: s.close }, "×");
  header.appendChild(closeButton);
  const log = el("div", { class: "hotro-wc-log", role: "log", "aria-live": "polite", "aria-label": s.log, tabindex: "0" });
  const status = el("p", { class: "hotro-wc-status", role: "status" });
  const form = el("form", { class: "hotro-wc-form" });
  const input = el("textarea", { id: "hotro-wc-input", rows: "2", maxlength: "4000", placeholder: s.placeholder, autocomplete: "off" });
  form.append(
    el("label", { for: "hotro-wc-input", class: "hotro-wc-sr" }, s.inputLabel),
    input,
    el("button", { type: "submit", class: "hotro-wc-send" }, s.send),
  );
  const emailBox = el("details", { class: "hotro-wc-email" });
  const emailForm = el("form", {});
  const emailInput = el("input", { id: "hotro-wc-email", type: "email", autocomplete: "email", maxlength: "254" });
  emailForm.append(el("label", { for: "hotro-wc-email" }, s.emailLabel), emailInput, el("button", { type: "submit" }, s.emailSave));
  emailBox.append(el("summary", {}, s.emailToggle), emailForm);
  panel.append(header, log, status, form, emailBox);
  root.append(launcher, panel);
  document.body.appendChild(root);

  /* Links are made from text: an <a> with textContent, only for http(s) URLs. */
  const URL_RE = /https?:\/\/[^\s<>"]+/g;
  const textWithLinks = (node, text) => {
    let at = 0;
    for (const match of text.matchAll(URL_RE)) {
      const url = match[0].replace(/[.,;:!?)]+$/, "");
      node.appendChild(document.createTextNode(text.slice(at, match.index)));
      node.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url));
      at = match.index + url.length;
    }
    node.appendChild(document.createTextNode(text.slice(at)));
  };

  const render = (item) => {
    const from = item.from === "me" ? "me" : item.kind === "reply" ? "staff" : "bot";
    const row = el("div", { class: `hotro-wc-msg hotro-wc-${from}` });
    if (item.seq) row.dataset.seq = String(item.seq);
    row.appendChild(el("span", { class: "hotro-wc-sr" }, `${s[from === "me" ? "you" : from]}: `));
    const text = el("p", { class: "hotro-wc-text" });
    textWithLinks(text, item.text);
    row.appendChild(text);
    const buttons = (item.buttons || []).flat();
    if (buttons.length > 0) {
      const group = el("div", { class: "hotro-wc-choices", role: "group", "aria-label": s.choices });
      for (const b of buttons) {
        const button = el("button", { type: "button", class: "hotro-wc-choice" }, b.label);
        button.dataset.choice = b.id;
        button.addEventListener("click", () => send({ choice: b.id }, b.label));
        group.appendChild(button);
      }
      row.appendChild(group);
    }
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  };

  const add = (item) => {
    state.items.push(item);
    save();
    render(item);
  };

  const receive = (message) => {
    if (!message || typeof message.seq !== "number" || message.seq <= state.lastSeq) return;
    state.lastSeq = message.seq;
    add({ from: "server", seq: message.seq, kind: message.kind, text: String(message.text), buttons: message.buttons });
  };

  const api = async (path, body) => {
    const response = await fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    return { status: response.status, retryAfter: Number(response.headers.get("retry-after")) || 0, data };
  };

  const say = (text) => {
    status.textContent = text;
  };

  let counter = 0;
  const clientId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  async function send(content, shown, hidden) {
    if (!hidden) add({ from: "me", text: shown });
    const body = Object.assign({ visitorId: state.visitorId, token: state.token, clientMessageId: clientId(), language: lang }, content);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const answer = await api("/webchat/messages", body);
        if (answer.status === 200) return say("");
        if (answer.status === 429) return say(s.rateLimited.replace("{{seconds}}", String(answer.retryAfter || 1)));
        if (answer.status < 500) return say(s.failed);
      } catch {
        /* network: retried below with the same client id, so it is processed once */
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
    }
    say(s.failed);
  }

  /* Server-Sent Events with resume; polling where EventSource is missing or keeps failing. */
  let source = null;
  let pollTimer = 0;
  let failures = 0;
  const feedQuery = () =>
    `visitorId=${encodeURIComponent(state.visitorId)}&token=${encodeURIComponent(state.token)}&after=${state.lastSeq}`;

  function connect() {
    if (source || pollTimer) return;
    if (!window.EventSource || failures > 5) return poll();
    source = new EventSource(`${base}/webchat/stream?${feedQuery()}`);
    source.addEventListener("message", (event) => {
      failures = 0;
      say("");
      receive(JSON.parse(event.data));
    });
    source.addEventListener("open", () => say(""));
    source.addEventListener("error", () => {
      failures++;
      say(s.offline);
      /* Reopen ourselves so the URL carries the newest `after`. */
      source.close();
      source = null;
      setTimeout(connect, Math.min(1000 * failures, 10000));
    });
  }

  async function poll() {
    pollTimer = 0;
    try {
      const response = await fetch(`${base}/webchat/messages?${feedQuery()}`);
      if (response.ok) {
        say("");
        for (const message of (await response.json()).messages || []) receive(message);
      }
    } catch {
      say(s.offline);
    }
    pollTimer = setTimeout(poll, 3000);
  }

  async function start() {
    const answer = await api("/webchat/session", state.visitorId ? { visitorId: state.visitorId, token: state.token } : {});
    if (answer.status !== 200) return say(s.failed);
    const fresh = answer.data.visitorId !== state.visitorId;
    if (fresh) Object.assign(state, { visitorId: answer.data.visitorId, token: answer.data.token, lastSeq: 0, items: [] });
    save();
    connect();
    /* The first visit starts with the welcome and the main menu. */
    if (fresh) await send({ text: "/start" }, "", true);
  }

  let started = false;
  const open = () => {
    panel.hidden = false;
    root.classList.add("hotro-wc-open");
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
    if (!started) {
      started = true;
      for (const item of state.items) render(item);
      start().catch(() => say(s.failed));
    }
  };
  const close = () => {
    panel.hidden = true;
    root.classList.remove("hotro-wc-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  };

  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !state.token) return;
    input.value = "";
    send({ text }, text);
  });
  emailForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!emailInput.checkValidity() || !emailInput.value) return say(s.emailInvalid);
    const answer = await api("/webchat/email", { visitorId: state.visitorId, token: state.token, email: emailInput.value, language: lang });
    say(answer.status === 200 ? s.emailSaved : s.emailInvalid);
  });
})();
