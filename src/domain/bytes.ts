// Byte encodings the domain writes, without Node's Buffer, so that they run in a browser as well.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const BASE64_CODES = Uint8Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", (c) => c.charCodeAt(0));
const PAD = "=".charCodeAt(0);
/** One group's four characters, as toBase64 writes them. */
const quad = new Uint8Array(4);
const encoder = new TextEncoder();
/** Decodes ASCII codes (a subset of UTF-8) into a string. */
const ascii = new TextDecoder();

/** Lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX[byte];
  return out;
}

/** The bytes of a hex string; a string of odd length or with a non-hex digit gives no bytes. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return new Uint8Array(0);
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** Standard base64 (RFC 4648 §4), padded. */
export function toBase64(bytes: Uint8Array): string {
  // The characters' codes go into one array, read once as a string: built with +=, a QR code's PNG
  // left about 20 KB of intermediate strings for the garbage collector on every OTP start.
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  for (let i = 0; i < bytes.length; i += 3) {
    // Past the end a byte reads undefined, which the bitwise operators take as 0.
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    quad[0] = BASE64_CODES[n >>> 18]!;
    quad[1] = BASE64_CODES[(n >>> 12) & 63]!;
    // The last group of one or two bytes has "=" where its missing bytes' characters would be.
    quad[2] = i + 1 < bytes.length ? BASE64_CODES[(n >>> 6) & 63]! : PAD;
    quad[3] = i + 2 < bytes.length ? BASE64_CODES[n & 63]! : PAD;
    out.set(quad, (i / 3) * 4);
  }
  return ascii.decode(out);
}

/** The UTF-8 bytes of a string. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** The byte strings one after another. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
