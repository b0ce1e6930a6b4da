import type { Translator } from "../../i18n/i18n.js";
import { formatDateTime } from "../../kernel/date-time.js";
import { type Language, otherLanguage } from "../../kernel/language.js";
import type { Estimate, PagePrivacy } from "../../tickets/index.js";
import { escapeHtml as e, pageHead, shortPage } from "../http.js";

/** The customer's ticket page as plain HTML forms: it works with no JavaScript, on any phone. */

export interface TicketPageView {
  language: Language;
  timeZone: string;
  company: string;
  number: number;
  status: string;
  departmentName: string;
  estimate: Estimate | null;
  messages: { direction: string; text: string; createdAt: Date }[];
  canAnswer: boolean;
  canReopen: boolean;
  canRate: boolean;
  rating: number | null;
  flash: string | null;
  action: string;
  anonymized: boolean;
  retentionMonths: number;
  privacy: PagePrivacy;
  /** A copy just confirmed on this page: its files as signed links, and until when they are kept. */
  copy: { links: { name: string; url: string }[]; keptUntil: Date } | null;
  requestDays: number;
}

/** The product's one date format, dd/MM/yyyy HH:mm, in the company's time zone. */
export function formatTime(at: Date, _language: Language, timeZone: string): string {
  return formatDateTime(at, timeZone);
}

function estimateLines(t: Translator, view: TicketPageView): string[] {
  const { language: l, estimate } = view;
  const time = (at: Date) => formatTime(at, l, view.timeZone);
  if (!estimate) return [];
  switch (estimate.kind) {
    case "in_queue": {
      const lines = [t.t(l, "web:page.position", { position: estimate.position })];
      if (!estimate.opening.open && estimate.opening.opensAt)
        lines.push(t.t(l, "web:page.opensAt", { time: time(estimate.opening.opensAt) }));
      if (estimate.deadline) lines.push(t.t(l, "web:page.deadline", { time: time(estimate.deadline) }));
      return lines;
    }
    case "in_progress":
      return [
        t.t(l, "web:page.inProgress"),
        ...(estimate.deadline ? [t.t(l, "web:page.deadline", { time: time(estimate.deadline) })] : []),
      ];
    case "awaiting_approval":
      return [t.t(l, "web:page.awaitingApproval")];
    case "after":
      return [
        t.t(l, "web:page.after", { number: estimate.afterNumber }),
        ...(estimate.by ? [t.t(l, "web:page.startBy", { time: time(estimate.by) })] : []),
      ];
    case "closed":
      return [];
  }
}

export function renderTicketPage(t: Translator, view: TicketPageView): string {
  const l = view.language;
  const tr = (key: string, vars?: Record<string, unknown>) => e(t.t(l, `web:page.${key}`, vars));
  const messages = view.messages
    .map(
      (m) => `<li class="msg ${m.direction === "out" ? "out" : "in"}">
  <div class="who">${m.direction === "out" ? e(view.company) : tr("you")} · <time>${e(formatTime(m.createdAt, l, view.timeZone))}</time></div>
  <div class="text">${e(m.text)}</div>
</li>`,
    )
    .join("\n");
  const other = otherLanguage(l);
  const forms: string[] = [];
  if (view.canAnswer) {
    forms.push(`<form method="post" action="${e(view.action)}/answer" class="card">
  <label for="answer">${tr("answerLabel")}</label>
  <textarea id="answer" name="text" rows="4" maxlength="4000" required></textarea>
  <button type="submit">${tr("send")}</button>
</form>`);
  }
  if (view.canRate) {
    const stars = [5, 4, 3, 2, 1]
      .map((n) => `<button type="submit" name="stars" value="${n}" aria-label="${tr("starsLabel", { n })}">${"★".repeat(n)}</button>`)
      .join(" ");
    forms.push(`<form method="post" action="${e(view.action)}/rate" class="card rate">
  <p id="rate-label">${tr("rateLabel")}</p>
  <div role="group" aria-labelledby="rate-label">${stars}</div>
</form>`);
  }
  if (view.rating !== null) forms.push(`<p class="card rated">${tr("rated", { stars: view.rating })}</p>`);
  if (view.canReopen) {
    forms.push(`<form method="post" action="${e(view.action)}/reopen" class="card">
  <p>${tr("reopenHint")}</p>
  <button type="submit">${tr("reopen")}</button>
</form>`);
  }
  forms.push(privacySection(t, view));
  return `${pageHead(l, `${t.t(l, "web:page.title", { number: view.number })} · ${view.company}`)}
<body class="ticket-page">
<main>
<header>
  <p class="company">${e(view.company)}</p>
  <h1>${tr("title", { number: view.number })}</h1>
  <p class="status" data-status="${e(view.status)}">${e(t.t(l, `web:status.${view.status}`))} · ${e(view.departmentName)}</p>
  <nav><a href="?lang=${other}" lang="${other}">${e(t.t(other, "web:languageName"))}</a></nav>
</header>
${view.flash ? `<p class="flash" role="status">${e(view.flash)}</p>` : ""}
<section class="estimate">${estimateLines(t, view)
    .map((line) => `<p>${e(line)}</p>`)
    .join("")}</section>
<section aria-labelledby="messages-title">
<h2 id="messages-title">${tr("messages")}</h2>
${view.anonymized ? `<p class="card anonymized">${tr("anonymized", { months: view.retentionMonths })}</p>` : ""}
<ol class="messages">
${messages}
</ol>
</section>
${forms.join("\n")}
<footer class="privacy"><p>${tr("privacyRights")} <a href="/privacy?lang=${l}">${tr("privacyNotice")}</a></p></footer>
</main>
</body>
</html>`;
}

/** The customer's rights over their data (Decree 13/2023): ask a copy or a deletion, type the code, fetch the copy. */
function privacySection(t: Translator, view: TicketPageView): string {
  const l = view.language;
  const tr = (key: string, vars?: Record<string, unknown>) => e(t.t(l, `web:privacy.${key}`, vars));
  const parts: string[] = [];
  if (view.privacy.awaitingCode) {
    parts.push(`<form method="post" action="${e(view.action)}/privacy/code">
  <label for="privacy-code">${tr("codeLabel")}</label>
  <input id="privacy-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required>
  <button type="submit">${tr("confirm")}</button>
</form>`);
  } else {
    const via = view.privacy.emailOnFile
      ? `<fieldset><legend>${tr("viaLegend")}</legend>
  <label><input type="radio" name="via" value="channel" checked> ${tr("viaChannel")}</label>
  <label><input type="radio" name="via" value="email"> ${tr("viaEmail")}</label>
</fieldset>`
      : "";
    parts.push(`<form method="post" action="${e(view.action)}/privacy">
  <p>${tr("intro", { days: view.requestDays })}</p>
  ${via}
  <button type="submit" name="kind" value="export">${tr("export")}</button>
  <button type="submit" name="kind" value="erase">${tr("erase")}</button>
  <p class="hint">${tr("eraseWarning")}</p>
</form>`);
  }
  if (view.copy && view.copy.links.length > 0) {
    const links = view.copy.links
      .map((link) => `<li><a href="${e(link.url)}" download="${e(link.name)}">${e(link.name)}</a></li>`)
      .join("");
    parts.push(`<p>${tr("copy", { time: formatTime(view.copy.keptUntil, l, view.timeZone) })}</p>
<ul class="copy">${links}</ul>`);
  }
  return `<section class="card privacy" aria-labelledby="privacy-title">
<h2 id="privacy-title">${tr("title")}</h2>
${parts.join("\n")}
</section>`;
}

/** What the page answers once the customer's data is deleted: its link no longer leads anywhere. */
export function renderErased(t: Translator, language: Language, tickets: number): string {
  return shortPage(
    language,
    t.t(language, "web:privacy.erasedTitle"),
    `<p role="status">${e(t.t(language, "web:privacy.erased", { tickets }))}</p>`,
  );
}

export function renderNotFound(t: Translator, language: Language): string {
  return shortPage(language, t.t(language, "web:page.notFoundTitle"), `<p>${e(t.t(language, "web:page.notFound"))}</p>`);
}
