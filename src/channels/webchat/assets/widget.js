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
  /* Unread replies while the panel is closed: a count on the launcher, a preview, the page title, and a polite announcement. */
  const badge = el("span", { class: "hotro-wc-badge", hidden: "" });
  launcher.appendChild(badge);
  const preview = el("p", { class: "hotro-wc-preview", hidden: "" });
  const announcer = el("p", { class: "hotro-wc-sr", "aria-live": "polite" });
  const panel = el("section", { id: "hotro-wc-panel", class: "hotro-wc-panel", role: "dialog", "aria-label": title, hidden: "" });
  const header = el("header", { class: "hotro-wc-header" });
  header.appendChild(el("h2", { class: "hotro-wc-title" }, title));
  const closeButton = el("button", { type: "button", class: "hotro-wc-close", "aria-label": s.close, title: s.close }, "×");
  header.appendChild(closeButton);
  const log = el("div", { class: "hotro-wc-log", role: "log", "aria-live": "polite", "aria-label": s.log, tabindex: "0" });
  const status = el("p", { class: "hotro-wc-status", role: "status" });
  const typing = el("p", { class: "hotro-wc-typing", hidden: "" }, s.typing);
  const form = el("form", { class: "hotro-wc-form" });
  const input = el("textarea", { id: "hotro-wc-input", rows: "2", maxlength: "4000", placeholder: s.placeholder, autocomplete: "off" });
  const ACCEPT = "image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.txt";
  const fileInput = el("input", {
    type: "file",
    accept: ACCEPT,
    multiple: "",
    class: "hotro-wc-sr",
    tabindex: "-1",
    "aria-hidden": "true",
  });
  const attachButton = el("button", { type: "button", class: "hotro-wc-attach", "aria-label": s.attach, title: s.attach }, "📎");
  form.append(el("label", { for: "hotro-wc-input", class: "hotro-wc-sr" }, s.inputLabel), attachButton, fileInput);
  /* On phones the camera is one tap away (`capture`); desktops get drag and drop and paste instead. */
  if (window.matchMedia?.("(pointer: coarse)").matches) {
    const cameraInput = el("input", {
      type: "file",
      accept: "image/*",
      capture: "environment",
      class: "hotro-wc-sr",
      tabindex: "-1",
      "aria-hidden": "true",
    });
    const cameraButton = el("button", { type: "button", class: "hotro-wc-attach", "aria-label": s.camera, title: s.camera }, "📷");
    cameraButton.addEventListener("click", () => cameraInput.click());
    cameraInput.addEventListener("change", () => {
      sendFiles(cameraInput.files);
      cameraInput.value = "";
    });
    form.append(cameraButton, cameraInput);
  }
  form.append(input, el("button", { type: "submit", class: "hotro-wc-send" }, s.send));
  const emailBox = el("details", { class: "hotro-wc-email" });
  const emailForm = el("form", {});
  const emailInput = el("input", { id: "hotro-wc-email", type: "email", autocomplete: "email", maxlength: "254" });
  emailForm.append(el("label", { for: "hotro-wc-email" }, s.emailLabel), emailInput, el("button", { type: "submit" }, s.emailSave));
  emailBox.append(el("summary", {}, s.emailToggle), emailForm);
  panel.append(header, log, typing, status, form, emailBox);
  root.append(preview, launcher, announcer, panel);
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

  const rows = new Map();
  const render = (item) => {
    const from = item.from === "me" ? "me" : item.kind === "reply" ? "staff" : "bot";
    const row = el("div", { class: `hotro-wc-msg hotro-wc-${from}` });
    if (item.seq) row.dataset.seq = String(item.seq);
    row.appendChild(el("span", { class: "hotro-wc-sr" }, `${s[from === "me" ? "you" : from]}: `));
    const text = el("p", { class: "hotro-wc-text" });
    textWithLinks(text, item.text);
    row.appendChild(text);
    for (const link of item.links || []) {
      if (!/^https?:\/\//.test(String(link.url))) continue;
      row.appendChild(el("a", { class: "hotro-wc-linkbutton", href: link.url, target: "_blank", rel: "noopener noreferrer" }, link.label));
    }
    const buttons = (item.buttons || []).flat();
    if (buttons.length > 0) {
      const group = el("div", { class: "hotro-wc-choices", role: "group", "aria-label": s.choices });
      for (const b of buttons) {
        const button = el("button", { type: "button", class: "hotro-wc-choice" }, b.label);
        button.dataset.choice = b.id;
        button.addEventListener("click", () => choose(item, group, b));
        group.appendChild(button);
      }
      row.appendChild(group);
    }
    if (item.from === "me" && item.failed) markFailed(row, item);
    if (item.id) rows.set(item.id, row);
    log.appendChild(row);
    return row;
  };

  /* Only the newest question's buttons work: older ones, or one already answered, are disabled (the server would refuse them). */
  const disableStaleChoices = () => {
    const groups = [...log.querySelectorAll(".hotro-wc-choices")];
    const newest = groups[groups.length - 1];
    const answered = state.items.filter((i) => i.buttons && i.answered).map((i) => String(i.seq));
    for (const group of groups) {
      const stale = group !== newest || answered.includes(group.parentElement.dataset.seq);
      for (const button of group.querySelectorAll("button")) button.disabled = stale;
    }
  };

  /* A long answer opens at its start; a short one keeps the conversation scrolled to the end. */
  const reveal = (row) => {
    if (row.offsetHeight > log.clientHeight) log.scrollTop = row.offsetTop - log.offsetTop;
    else log.scrollTop = log.scrollHeight;
  };

  const add = (item) => {
    state.items.push(item);
    save();
    const row = render(item);
    disableStaleChoices();
    reveal(row);
    return row;
  };

  let unread = 0;
  const pageTitle = document.title;
  const showUnread = () => {
    badge.hidden = unread === 0;
    badge.textContent = unread > 0 ? String(unread) : "";
    launcher.setAttribute("aria-label", unread > 0 ? `${s.open} (${s.unread.replace("{{count}}", String(unread))})` : s.open);
    document.title = unread > 0 ? `${s.unreadTitle.replace("{{count}}", String(unread))} · ${pageTitle}` : pageTitle;
    if (unread === 0) preview.hidden = true;
  };

  const receive = (message) => {
    if (!message || typeof message.seq !== "number" || message.seq <= state.lastSeq) return;
    state.lastSeq = message.seq;
    setTyping(false);
    const item = {
      from: "server",
      seq: message.seq,
      kind: message.kind,
      text: String(message.text),
      buttons: message.buttons,
      links: message.links,
    };
    const row = add(item);
    if (panel.hidden) {
      unread++;
      preview.textContent = item.text.length > 90 ? `${item.text.slice(0, 90)}…` : item.text;
      preview.hidden = false;
      announcer.textContent = `${s.unread.replace("{{count}}", String(unread))}: ${preview.textContent}`;
      showUnread();
    } else {
      /* Keyboard and screen-reader users land on the new question's choices, unless they are typing. */
      const first = row.querySelector(".hotro-wc-choice:not([disabled])");
      if (first && !(document.activeElement === input && input.value.trim())) first.focus();
    }
  };

  let typingTimer = 0;
  function setTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    /* The engine answers in seconds; past 20 s the indicator would only mislead. */
    if (on) typingTimer = setTimeout(() => setTyping(false), 20000);
  }

  function markFailed(row, item) {
    row.classList.add("hotro-wc-failed");
    if (row.querySelector(".hotro-wc-retry")) return;
    const retry = el("button", { type: "button", class: "hotro-wc-retry" }, s.notSent);
    retry.addEventListener("click", () => {
      retry.remove();
      row.classList.remove("hotro-wc-failed");
      item.failed = false;
      save();
      deliver(item);
    });
    row.appendChild(retry);
  }

  /* Withdrawing a request cannot be undone: the buttons become a question first, here in the page;
     the confirmed choice says so (withdraw:<n>:yes), so the bot does not ask a second time. */
  function choose(item, group, b) {
    if (/^withdraw:\d+$/.test(b.id) && !group.dataset.confirming) {
      group.dataset.confirming = "1";
      const ask = el("div", { class: "hotro-wc-confirm", role: "group", "aria-label": s.confirmWithdraw });
      ask.appendChild(el("p", { class: "hotro-wc-text" }, s.confirmWithdraw));
      const yes = el("button", { type: "button", class: "hotro-wc-choice hotro-wc-danger" }, s.confirmYes);
      const no = el("button", { type: "button", class: "hotro-wc-choice" }, s.confirmNo);
      yes.addEventListener("click", () => {
        ask.remove();
        delete group.dataset.confirming;
        answer(item, { ...b, id: `${b.id}:yes` });
      });
      no.addEventListener("click", () => {
        ask.remove();
        delete group.dataset.confirming;
        group.querySelector(`[data-choice="${CSS.escape(b.id)}"]`)?.focus();
      });
      ask.append(yes, no);
      group.after(ask);
      no.focus();
      return;
    }
    answer(item, b);
  }

  function answer(item, b) {
    item.answered = true;
    save();
    disableStaleChoices();
    send({ choice: b.id }, b.label);
  }

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

  /* Files picked, dropped or pasted stay in memory until sent, so a failed one can be retried. */
  const pendingFiles = new Map();

  function send(content, shown, hidden) {
    const item = { from: "me", id: clientId(), text: shown, content };
    if (hidden) return deliver(item);
    add(item);
    return deliver(item);
  }

  /* One message or file to the server, with the same client id on every try: it is processed once. */
  async function deliver(item) {
    const row = rows.get(item.id);
    const slow = setTimeout(() => say(s.slow), 3000);
    let failure = s.failed;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const answer = item.file ? await upload(item) : await api("/webchat/messages", message(item));
          if (answer.status === 200) {
            say("");
            setTyping(true);
            return;
          }
          if (answer.status === 429) {
            failure = s.rateLimited.replace("{{seconds}}", String(answer.retryAfter || 1));
            break;
          }
          if (answer.status < 500) break;
        } catch {
          /* network: tried again below */
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
      }
    } finally {
      clearTimeout(slow);
    }
    say(failure);
    item.failed = true;
    save();
    if (row) markFailed(row, item);
  }

  const message = (item) =>
    Object.assign({ visitorId: state.visitorId, token: state.token, clientMessageId: item.id, language: lang }, item.content);

  async function upload(item) {
    const file = pendingFiles.get(item.id);
    if (!file) return { status: 400 };
    const query = new URLSearchParams({
      visitorId: state.visitorId,
      token: state.token,
      clientMessageId: item.id,
      name: file.name,
      language: lang,
    });
    const response = await fetch(`${base}/webchat/files?${query}`, { method: "POST", headers: { "content-type": file.type }, body: file });
    if (response.status === 200) pendingFiles.delete(item.id);
    return { status: response.status, retryAfter: Number(response.headers.get("retry-after")) || 0 };
  }

  const MAX_MB = 20;
  const TYPES =
    /^(image\/(jpeg|png|gif|webp|heic)|application\/(pdf|msword|vnd\.ms-excel|vnd\.ms-powerpoint|vnd\.openxmlformats-officedocument\.[a-z.]+|vnd\.oasis\.opendocument\.(text|spreadsheet))|text\/plain)$/;
  function sendFiles(files) {
    if (!state.token) return;
    for (const file of files || []) {
      if (!TYPES.test(file.type)) {
        say(s.fileType.replace("{{name}}", file.name));
        continue;
      }
      if (file.size > MAX_MB * 1024 * 1024) {
        say(s.fileTooLarge.replace("{{name}}", file.name).replace("{{mb}}", String(MAX_MB)));
        continue;
      }
      const item = { from: "me", id: clientId(), text: `📎 ${file.name}`, file: true };
      pendingFiles.set(item.id, file);
      add(item);
      deliver(item);
    }
  }

  /* Server-Sent Events with resume; polling where EventSource is missing or keeps failing. */
  let source = null;
  let pollTimer = 0;
  let failures = 0;
  let offline = false;
  const feedQuery = () =>
    `visitorId=${encodeURIComponent(state.visitorId)}&token=${encodeURIComponent(state.token)}&after=${state.lastSeq}`;

  function connect() {
    if (source || pollTimer) return;
    if (!window.EventSource || failures > 5) return poll();
    source = new EventSource(`${base}/webchat/stream?${feedQuery()}`);
    source.addEventListener("message", (event) => {
      failures = 0;
      receive(JSON.parse(event.data));
    });
    source.addEventListener("open", () => {
      loaded();
      /* Say so when the connection comes back, then let the line go. */
      if (offline) {
        offline = false;
        say(s.reconnected);
        setTimeout(() => status.textContent === s.reconnected && say(""), 4000);
      }
    });
    source.addEventListener("error", () => {
      failures++;
      offline = true;
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
        loaded();
        if (offline) say(s.reconnected);
        offline = false;
        for (const message of (await response.json()).messages || []) receive(message);
      }
    } catch {
      offline = true;
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

  /* The first open shows that the conversation is loading until the server has answered. */
  function loaded() {
    log.removeAttribute("aria-busy");
    log.querySelector(".hotro-wc-loading")?.remove();
  }

  let started = false;
  const begin = () => {
    if (started) return;
    started = true;
    for (const item of state.items) render(item);
    disableStaleChoices();
    log.scrollTop = log.scrollHeight;
    log.setAttribute("aria-busy", "true");
    log.appendChild(el("p", { class: "hotro-wc-loading" }, s.loading));
    start().catch(() => {
      loaded();
      say(s.failed);
    });
  };
  const open = () => {
    panel.hidden = false;
    root.classList.add("hotro-wc-open");
    launcher.setAttribute("aria-expanded", "true");
    unread = 0;
    showUnread();
    input.focus();
    begin();
  };
  const close = () => {
    panel.hidden = true;
    root.classList.remove("hotro-wc-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  };

  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  preview.addEventListener("click", open);
  /* A returning visitor hears of replies that came while the panel was closed (or the page was away). */
  if (state.visitorId) begin();
  attachButton.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => {
    sendFiles(fileInput.files);
    fileInput.value = "";
  });
  input.addEventListener("paste", (event) => {
    const files = event.clipboardData?.files;
    if (files && files.length > 0) {
      event.preventDefault();
      sendFiles(files);
    }
  });
  panel.addEventListener("dragover", (event) => {
    if (![...(event.dataTransfer?.types || [])].includes("Files")) return;
    event.preventDefault();
    panel.classList.add("hotro-wc-dropping");
  });
  panel.addEventListener("dragleave", (event) => {
    if (event.target === panel) panel.classList.remove("hotro-wc-dropping");
  });
  panel.addEventListener("drop", (event) => {
    event.preventDefault();
    panel.classList.remove("hotro-wc-dropping");
    sendFiles(event.dataTransfer?.files);
  });
  panel.dataset.drop = s.dropHere;
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
