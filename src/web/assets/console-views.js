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
   * Columns over days: one column per day, its series stacked (`stacked`) or side by side. Each
   * column carries a <title> with its values, so hovering (or a screen reader) tells the numbers.
   * `points`: [{ label, values: { key: number|null } }]; `series`: [{ key, label, index }].
   */
  function columnChart(points, series, label, { stacked = false, format = (v) => String(v) } = {}) {
    const width = 640;
    const height = 180;
    const left = 36;
    const bottom = 20;
    const top = 8;
    const total = (p) =>
      stacked ? series.reduce((sum, s) => sum + (p.values[s.key] || 0), 0) : Math.max(0, ...series.map((s) => p.values[s.key] || 0));
    const max = Math.max(1, ...points.map(total));
    const slot = (width - left) / Math.max(1, points.length);
    const bar = stacked ? Math.max(2, slot * 0.7) : Math.max(1, (slot * 0.8) / series.length);
    const y = (v) => top + (height - top - bottom) * (1 - v / max);
    const chart = svg("svg", {
      viewBox: `0 0 ${width} ${height + 18 * Math.ceil(series.length / 3)}`,
      role: "img",
      class: "chart columns",
    });
    chart.append(svg("title", {}, label));
    chart.append(svg("text", { x: 0, y: top + 8, class: "chart-value" }, format(max)));
    chart.append(svg("line", { x1: left, x2: width, y1: y(0), y2: y(0), class: "axis" }));
    points.forEach((p, i) => {
      const x0 = left + i * slot + (slot - (stacked ? bar : bar * series.length)) / 2;
      let base = 0;
      series.forEach((s, j) => {
        const value = p.values[s.key];
        if (value === null || value === undefined || value === 0) return;
        const x = stacked ? x0 : x0 + j * bar;
        const from = stacked ? base : 0;
        const rect = svg("rect", {
          x,
          y: y(from + value),
          width: bar,
          height: Math.max(1, y(from) - y(from + value)),
          class: `bar s${s.index ?? j}`,
        });
        rect.append(svg("title", {}, `${p.label} · ${s.label}: ${format(value)}`));
        chart.append(rect);
        if (stacked) base += value;
      });
      // A date under every few columns: enough to read the axis without crowding it.
      const every = Math.ceil(points.length / 8);
      if (i % every === 0) chart.append(svg("text", { x: left + i * slot, y: height - 4, class: "chart-label" }, p.label.slice(5)));
    });
    series.forEach((s, j) => {
      const lx = left + (j % 3) * 200;
      const ly = height + 14 + 18 * Math.floor(j / 3);
      chart.append(svg("rect", { x: lx, y: ly - 10, width: 10, height: 10, class: `bar s${s.index ?? j}` }));
      chart.append(svg("text", { x: lx + 14, y: ly, class: "chart-label" }, s.label));
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

  window.HotroViews = { h, barChart, columnChart, ask };
})();
