import type { IncomingMessage } from "node:http";

/** The reference server's and the mock's body limit: GenAuth's 413 PayloadTooLargeError past it. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** The request body as text, or "too large" once it passes the limit (the rest is not read). */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<string | "too large"> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        resolve("too large");
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
