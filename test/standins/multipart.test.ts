import { describe, expect, it } from "vitest";
import { BodyParseError, parseBody } from "./http-standin.js";
import { parseMultipart } from "./multipart.js";

/** Serialises a FormData the way fetch (undici) puts it on the wire. */
async function encode(form: FormData): Promise<{ contentType: string; raw: Buffer }> {
  const request = new Request("http://127.0.0.1/", { method: "POST", body: form });
  return { contentType: request.headers.get("content-type") ?? "", raw: Buffer.from(await request.arrayBuffer()) };
}

describe("multipart reader used by the stand-ins", () => {
  it("reads fields and files from a standard (undici) multipart body", async () => {
    const form = new FormData();
    form.append("chat_id", "42");
    form.append("caption", "Ảnh\r\nhai dòng");
    form.append("document", new Blob([Buffer.from("a\r\n--b")], { type: "application/pdf" }), "hóa đơn.pdf");
    const { contentType, raw } = await encode(form);
    const parsed = parseMultipart(contentType, raw);
    expect(parsed.fields).toEqual({ chat_id: "42", caption: "Ảnh\r\nhai dòng" });
    expect(parsed.files.document?.contentType).toBe("application/pdf");
    expect(parsed.files.document?.bytes.toString()).toBe("a\r\n--b");
  });

  it("reads grammY's compact headers (no spaces, unquoted filename)", () => {
    const boundary = "----------abc";
    const body = [
      `--${boundary}`,
      'content-disposition:form-data;name="photo"',
      "",
      "attach://xyz",
      `--${boundary}`,
      'content-disposition:form-data;name="xyz";filename=photo.jpg',
      "content-type:application/octet-stream",
      "",
      "BYTES",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const parsed = parseMultipart(`multipart/form-data; boundary=${boundary}`, Buffer.from(body));
    expect(parsed.fields).toEqual({ photo: "attach://xyz" });
    expect(parsed.files.xyz).toEqual({ filename: "photo.jpg", contentType: "application/octet-stream", bytes: Buffer.from("BYTES") });
  });

  it("parses JSON and urlencoded bodies, and refuses JSON that is not an object", () => {
    expect(parseBody("application/json; charset=utf-8", Buffer.from('{"a":1}')).fields).toEqual({ a: 1 });
    expect(parseBody("application/x-www-form-urlencoded", Buffer.from("a=1&b=x+y")).fields).toEqual({ a: "1", b: "x y" });
    expect(parseBody(undefined, Buffer.alloc(0)).fields).toEqual({});
    expect(() => parseBody("application/json", Buffer.from("[1]"))).toThrow(BodyParseError);
    expect(() => parseBody("application/json", Buffer.from("{oops"))).toThrow(BodyParseError);
  });
});
