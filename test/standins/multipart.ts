/** A file part of a multipart/form-data body. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * A lenient multipart/form-data reader. Node's `Response.formData()` rejects what grammY sends
 * (`content-disposition:form-data;name="x";filename=photo.jpg`: no spaces, unquoted filename), so parse by hand.
 */
export function parseMultipart(contentType: string, raw: Buffer): { fields: Record<string, string>; files: Record<string, UploadedFile> } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2]?.trim();
  if (!marker) throw new Error("multipart body without boundary");
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  for (const part of splitParts(raw, Buffer.from(`--${marker}`))) {
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const headers = parseHeaders(part.subarray(0, headerEnd).toString("utf8"));
    const content = part.subarray(headerEnd + 4);
    const disposition = headers.get("content-disposition") ?? "";
    const name = dispositionParam(disposition, "name");
    if (name === undefined) continue;
    const filename = dispositionParam(disposition, "filename");
    if (filename === undefined) fields[name] = content.toString("utf8");
    else files[name] = { filename, contentType: headers.get("content-type") ?? "application/octet-stream", bytes: Buffer.from(content) };
  }
  return { fields, files };
}

/** The parts between boundary lines, without the CRLF that precedes each boundary. */
function splitParts(raw: Buffer, delimiter: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (raw.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const contentStart = afterDelimiter + 2; // skip the CRLF after the boundary
    const next = raw.indexOf(delimiter, contentStart);
    if (next < 0) break;
    parts.push(raw.subarray(contentStart, next - 2));
    start = next;
  }
  return parts;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}=(?:"([^"]*)"|([^;]*))`, "i").exec(disposition);
  if (!match) return undefined;
  return match[1] ?? match[2]?.trim();
}
