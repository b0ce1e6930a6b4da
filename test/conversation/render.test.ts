import { beforeAll, describe, expect, it } from "vitest";
import { renderMessage } from "../../src/conversation/render.js";
import { createTranslator, type Translator } from "../../src/i18n/i18n.js";
import type { OutboundMessage } from "../../src/kernel/outbound.js";

let t: Translator;
beforeAll(async () => {
  t = await createTranslator();
});

const menu: OutboundMessage = {
  language: "vi",
  text: [{ key: "conversation:help.prompt" }],
  buttons: [[{ id: "help:terms", label: { key: "conversation:help.terms" } }], [{ id: "help:send", label: { raw: "Cách gửi" } }]],
};

describe("rendering a channel-neutral message", () => {
  it("keeps buttons for a channel that has them", () => {
    expect(renderMessage(t, menu, { buttons: true })).toEqual({
      text: "Quý khách muốn xem hướng dẫn nào?",
      buttons: [[{ id: "help:terms", label: "Điều khoản hỗ trợ" }], [{ id: "help:send", label: "Cách gửi" }]],
    });
  });

  it("degrades to numbered choices without buttons", () => {
    const rendered = renderMessage(t, { ...menu, language: "en" }, { buttons: false });
    expect(rendered.buttons).toEqual([]);
    expect(rendered.text).toBe("Which guide would you like to read?\n\n1. Support terms\n2. Cách gửi\nReply with a number to choose.");
  });
});
