/// <reference path="./qrcode-core.d.ts" />
// The QR matrix alone (qrcode's core), not its renderers, which need Node's zlib or a canvas.
import { create } from "qrcode/lib/core/qrcode.js";
import { concatBytes, toBase64, utf8 } from "./bytes.ts";
import type { DomainPorts } from "./ports.ts";

/** Pixels per QR module: 4 is the smallest size phone cameras read reliably from a screen. */
export const MODULE_PIXELS = 4;
/** The quiet zone, in modules, that ISO/IEC 18004 asks for around the symbol. */
export const QUIET_ZONE_MODULES = 4;

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

// CRC-32 (ISO 3309, as PNG and zlib compute it), table-driven: a PNG of ~1 KB takes a few microseconds.
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const uint32 = (value: number): Uint8Array => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
};

function chunk(type: string, data: Uint8Array): Uint8Array {
  const name = utf8(type); // a chunk type is four ASCII letters, the same bytes in UTF-8
  return concatBytes([uint32(data.length), name, data, uint32(crc32(data, crc32(name)))]);
}

/**
 * Renders `text` as a QR code in a 1-bit greyscale PNG.
 *
 * qrcode's own toDataURL draws an 8-bit RGBA image through pngjs, which costs milliseconds
 * of CPU and about 3.7 KB per code; a black-and-white symbol needs one bit per pixel, and
 * packing the rows by hand makes the image both ~10x smaller and ~30x cheaper to produce.
 */
export async function renderQrPng(ports: DomainPorts, text: string): Promise<Uint8Array> {
  // One byte-mode segment and a fixed mask: qrcode's search for the best segmentation and its
  // trial of all eight masks cost ~1.5 ms of the ~1.6 ms a code took. Any mask gives a valid symbol;
  // the penalty search only guards against unlucky patterns, and the tests decode a hundred
  // random codes to show that a fixed mask reads fine for these URIs.
  const segments = [{ data: utf8(text), mode: "byte" as const }];
  const { modules } = create(segments, { errorCorrectionLevel: "M", maskPattern: 0 });
  const side = (modules.size + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS;
  // The image is drawn in one array: a row per module row and per array was about 20 KB of short-lived
  // objects on every OTP start. Each row starts with its filter type, 0 ("None"), and is white
  // (1 in a 1-bit greyscale PNG), the quiet zone included.
  const stride = 1 + Math.ceil(side / 8);
  const whiteRow = new Uint8Array(stride).fill(0xff);
  whiteRow[0] = 0;
  const raw = new Uint8Array(side * stride);
  for (let y = 0; y < side; y++) raw.set(whiteRow, y * stride);
  // Each dark module is a square of MODULE_PIXELS by MODULE_PIXELS black pixels (0). A row of
  // modules is drawn once, in `line`, and copied to each of its pixel rows: drawing every pixel of
  // every square took four times the bit operations.
  const line = new Uint8Array(stride);
  for (let row = 0; row < modules.size; row++) {
    line.set(whiteRow);
    for (let col = 0; col < modules.size; col++) {
      if (!modules.data[row * modules.size + col]) continue;
      const x0 = (col + QUIET_ZONE_MODULES) * MODULE_PIXELS;
      for (let x = x0; x < x0 + MODULE_PIXELS; x++) line[1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
    const y0 = (row + QUIET_ZONE_MODULES) * MODULE_PIXELS;
    for (let y = y0; y < y0 + MODULE_PIXELS; y++) raw.set(line, y * stride);
  }
  const header = new Uint8Array(13);
  header.set(uint32(side), 0);
  header.set(uint32(side), 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  return concatBytes([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", await ports.deflate(raw)), chunk("IEND", new Uint8Array(0))]);
}

/** The QR code of `text` as a `data:image/png;base64,` URL, ready for an `<img src>`. */
export async function qrCodeDataUrl(ports: DomainPorts, text: string): Promise<string> {
  return `data:image/png;base64,${toBase64(await renderQrPng(ports, text))}`;
}
