import { request } from "node:http";
import { type AdminRequest, type AdminResponse, adminResponseSchema } from "./protocol.js";

/** Sends one request to the running server's admin socket; rejects when nobody answers there. */
export function sendAdminRequest(socketPath: string, body: AdminRequest, timeoutMs = 120_000): Promise<AdminResponse> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      {
        socketPath,
        path: "/admin",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          try {
            resolve(adminResponseSchema.parse(JSON.parse(text)));
          } catch {
            reject(new Error(`the server's admin endpoint answered ${res.statusCode} with something unexpected`));
          }
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error("the server's admin endpoint did not answer in time")));
    req.on("error", reject);
    req.end(payload);
  });
}
