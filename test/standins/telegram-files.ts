import type { Document, PhotoSize } from "grammy/types";
import type { UploadedFile } from "./multipart.js";
import { badRequest, type Params } from "./telegram-params.js";

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** Files the bot can fetch with getFile and download from `/file/bot<token>/<file_path>`. */
export interface FileStore {
  add(fileId: string, bytes: Buffer, filePath?: string, fileName?: string, mimeType?: string): StoredFile;
  byId(fileId: string): StoredFile | undefined;
  byPath(filePath: string): StoredFile | undefined;
  /** Resolves an InputFile field: an upload (`attach://name` or the field itself), a known file_id, or a URL. */
  resolveInput(params: Params, files: Record<string, UploadedFile>, field: "photo" | "document"): StoredFile;
}

export function createFileStore(): FileStore {
  const byId = new Map<string, StoredFile>();
  let counter = 0;

  const add: FileStore["add"] = (fileId, bytes, filePath, fileName, mimeType) => {
    counter += 1;
    const path = filePath ?? `documents/file_${counter}`;
    const stored: StoredFile = {
      fileId,
      fileUniqueId: `unique-${fileId}`.slice(0, 32),
      filePath: path,
      fileName: fileName ?? path.split("/").pop() ?? path,
      mimeType: mimeType ?? "application/octet-stream",
      bytes,
    };
    byId.set(fileId, stored);
    return stored;
  };

  return {
    add,
    byId: (fileId) => byId.get(fileId),
    byPath: (filePath) => [...byId.values()].find((file) => file.filePath === filePath),
    resolveInput(params, files, field) {
      const value = params[field];
      const attached = typeof value === "string" && value.startsWith("attach://") ? files[value.slice("attach://".length)] : files[field];
      if (attached) {
        const folder = field === "photo" ? "photos" : "documents";
        const extension = attached.filename.includes(".") ? attached.filename.slice(attached.filename.lastIndexOf(".")) : "";
        return add(
          `${field}-upload-${counter + 1}`,
          attached.bytes,
          `${folder}/file_${counter + 1}${extension}`,
          attached.filename,
          attached.contentType,
        );
      }
      if (typeof value !== "string" || value === "") throw badRequest(`there is no ${field} in the request`);
      const known = byId.get(value);
      if (known) return known;
      // Telegram would fetch the URL; a stand-in must not reach the network, so it keeps an empty file.
      if (/^https?:\/\//.test(value)) return add(`${field}-url-${counter + 1}`, Buffer.alloc(0), undefined, value.split("/").pop());
      throw badRequest("wrong file identifier/HTTP URL specified");
    },
  };
}

/** One size only: the stand-in does not decode images, so the dimensions are placeholders. */
export function asPhotoSizes(file: StoredFile): PhotoSize[] {
  return [{ file_id: file.fileId, file_unique_id: file.fileUniqueId, width: 800, height: 600, file_size: file.bytes.length }];
}

export function asDocument(file: StoredFile): Document {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_name: file.fileName,
    mime_type: file.mimeType,
    file_size: file.bytes.length,
  };
}
