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
      linkButtons: [],
    });
  });

  it("degrades to numbered choices without buttons", () => {
    const rendered = renderMessage(t, { ...menu, language: "en" }, { buttons: false });
    expect(rendered.buttons).toEqual([]);
    expect(rendered.text).toBe("Which guide would you like to read?\n\n1. Support terms\n2. Cách gửi\nReply with a number to choose.");
  });

  it("shows a link as a button where the channel can, else as a line of text", () => {
    const withLink: OutboundMessage = {
      language: "vi",
      text: [{ raw: "Yêu cầu #7 đã được tiếp nhận." }],
      links: [{ url: "https://support.example.com/t/7-abc", label: { key: "conversation:intake.ticket_link" } }],
    };
    const asButton = renderMessage(t, withLink, { buttons: true, linkButtons: (url) => url.startsWith("https://") });
    expect(asButton.text).toBe("Yêu cầu #7 đã được tiếp nhận.");
    expect(asButton.linkButtons).toEqual([
      { label: "Theo dõi yêu cầu và đọc mọi phản hồi bằng văn bản tại", url: "https://support.example.com/t/7-abc" },
    ]);
    const asText = renderMessage(t, withLink, { buttons: true });
    expect(asText.linkButtons).toEqual([]);
    expect(asText.text).toContain("Theo dõi yêu cầu và đọc mọi phản hồi bằng văn bản tại: https://support.example.com/t/7-abc");
  });
});
