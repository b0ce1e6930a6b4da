/**
 * Text for Slack's mrkdwn: `&`, `<` and `>` escaped so that a customer's `<!channel>`, `<@U…>` or
 * `<script>` is shown as typed and can neither ping nor link (Slack's documented escaping).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts a text to Slack's field limits, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
