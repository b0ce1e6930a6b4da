/* Small DOM helpers for the console. Text always goes in as text nodes: customer words are never parsed as HTML. */
(() => {
  const SVG = "http://www.w3.org/2000/svg";

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else if (key === "class") el.className = value;
      else if (key === "value") el.value = value;
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  function svg(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
    if (text !== undefined) el.textContent = String(text);
    return el;
  }

  /** Grouped horizontal bars: one group per row, one bar per series, labelled with its value. */
  function barChart(rows, series, label) {
    const rowHeight = 18 * series.length + 14;
    const width = 420;
    const labelWidth = 130;
    const max = Math.max(1, ...rows.flatMap((row) => series.map((s) => row[s.key])));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${rows.length * rowHeight + 20}`, role: "img", class: "chart" });
    chart.append(svg("title", {}, label));
    rows.forEach((row, i) => {
      const top = i * rowHeight;
      chart.append(svg("text", { x: 0, y: top + 14, class: "chart-label" }, row.name));
      series.forEach((s, j) => {
        const value = row[s.key];
        const y = top + j * 18 + 2;
        const w = Math.round(((width - labelWidth - 40) * value) / max);
        chart.append(svg("rect", { x: labelWidth, y, width: Math.max(w, 1), height: 14, class: `bar ${s.key}` }));
        chart.append(svg("text", { x: labelWidth + w + 4, y: y + 12, class: "chart-value" }, `${value}`));
      });
    });
    const legendY = rows.length * rowHeight + 14;
    series.forEach((s, j) => {
      chart.append(svg("rect", { x: labelWidth + j * 95, y: legendY - 10, width: 10, height: 10, class: `bar ${s.key}` }));
      chart.append(svg("text", { x: labelWidth + j * 95 + 14, y: legendY, class: "chart-label" }, s.label));
    });
    return chart;
  }

  /**
   * A modal dialog that asks before an action: an optional text field (a reason, a password) and
   * Confirm / Cancel. Resolves with the field's value (or true), or null when cancelled. Focus
   * returns to where it was.
   */
  function ask({ title, label, confirm, cancel, type = "textarea", required = true, minlength }) {
    const before = document.activeElement;
    const field = label
      ? type === "textarea"
        ? h("textarea", { id: "dialog-field", rows: 4, required })
        : h("input", { id: "dialog-field", type, required, minlength, autocomplete: type === "password" ? "new-password" : undefined })
      : null;
    const form = h(
      "form",
      { method: "dialog" },
      h("h2", { id: "dialog-title" }, title),
      field ? h("label", { for: "dialog-field" }, label) : null,
      field,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "dialog-confirm", value: "confirm" }, confirm),
        h("button", { type: "button", id: "dialog-cancel", value: "cancel" }, cancel),
      ),
    );
    const dialog = h("dialog", { class: "card ask", "aria-labelledby": "dialog-title" }, form);
    document.body.append(dialog);
    return new Promise((resolve) => {
      let answer = null;
      form.addEventListener("submit", () => {
        answer = field ? field.value : true;
      });
      form.querySelector("#dialog-cancel").addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", () => {
        dialog.remove();
        if (before?.isConnected) before.focus();
        resolve(answer);
      });
      dialog.showModal();
      (field || form.querySelector("#dialog-confirm")).focus();
    });
  }

  window.HotroViews = { h, barChart, ask };
})();
