import { PNG } from "pngjs";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { MODULE_PIXELS, QUIET_ZONE_MODULES, qrCodeDataUrl, renderQrPng } from "../../src/domain/qr-code.ts";
import { decodeQrDataUrl } from "../contract-suite/support/decode-qr.ts";
import { randomBytes } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { otpauthUri } from "../../src/domain/otpauth-uri.ts";
import { generateTotpSecret } from "../../src/domain/totp.ts";
import { portSet, ports } from "../support/ports.ts";

const URI =
  "otpauth://totp/My%20Pool:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=My%20Pool&algorithm=SHA1&digits=6&period=30";

const render = async (text: string) => Buffer.from(await renderQrPng(ports, text));

describe(`renderQrPng (${portSet})`, () => {
  it("draws a QR code that an independent reader decodes back to the same text", async () => {
    expect(decodeQrDataUrl(await qrCodeDataUrl(ports, URI)).text).toBe(URI);
  });

  it("gives every module at least 4 pixels and leaves a 4-module white quiet zone", async () => {
    const png = PNG.sync.read(await render(URI));
    const modules = QRCode.create(URI, { errorCorrectionLevel: "M" }).modules.size;
    expect(MODULE_PIXELS).toBeGreaterThanOrEqual(4);
    expect(png.width).toBe((modules + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS);
    const quiet = QUIET_ZONE_MODULES * MODULE_PIXELS;
    const pixel = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
    for (let i = 0; i < png.width; i++) {
      for (const edge of [0, quiet - 1, png.width - quiet, png.width - 1]) {
        expect(pixel(i, edge)).toBe(255);
        expect(pixel(edge, i)).toBe(255);
      }
    }
    // The three finder patterns' outer corners sit right inside the quiet zone.
    expect(pixel(quiet, quiet)).toBe(0);
    expect(pixel(png.width - quiet - 1, quiet)).toBe(0);
    expect(pixel(quiet, png.width - quiet - 1)).toBe(0);
  });

  it("declares error correction level M and mask 0 in its format information: the mask is fixed, not searched for", async () => {
    // Level M is 00 and mask 0 is 000: five data bits of 0, whose BCH code is 0, XORed with ISO/IEC
    // 18004's format mask 101010000010010. Five texts, so that a searched mask would differ for some.
    for (const text of [URI, "otpauth://totp/a?secret=AAAA", "hello", "GenAuth MFA ✓", "x".repeat(60)]) {
      const png = PNG.sync.read(await render(text));
      const size = png.width / MODULE_PIXELS - 2 * QUIET_ZONE_MODULES;
      const dark = (row: number, col: number) => {
        const [x, y] = [col, row].map((m) => (m + QUIET_ZONE_MODULES) * MODULE_PIXELS);
        return png.data[(y! * png.width + x!) * 4] === 0;
      };
      // Column 8 holds the 15 format bits, bit i at row i (0 to 5), i + 1 (6 and 7, past the timing
      // row) and size - 15 + i (8 to 14, beside the bottom-left finder).
      let bits = 0;
      for (let i = 0; i < 15; i++) if (dark(i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, 8)) bits |= 1 << i;
      expect(bits).toBe(0b101010000010010);
    }
  });

  it("draws codes that decode for 100 random OTP URIs, with the mask fixed", async () => {
    for (let i = 0; i < 100; i++) {
      const uri = otpauthUri(
        { issuer: "GenAuth MFA", account: `user-${randomBytes(6).toString("hex")}@example.com` },
        generateTotpSecret(ports),
      );
      expect(decodeQrDataUrl(await qrCodeDataUrl(ports, uri)).text).toBe(uri);
    }
  });

  it("keeps a typical OTP QR code under 1.5 KB", async () => {
    expect((await render(URI)).length).toBeLessThanOrEqual(1536);
  });

  it("writes a 1-bit greyscale PNG", async () => {
    const png = await render(URI);
    expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
    expect(png[24]).toBe(1); // bit depth
    expect(png[25]).toBe(0); // colour type: greyscale
  });

  it("packs each pixel row behind a None filter byte and compresses them as tightly as zlib's best level", async () => {
    const png = await render(URI);
    expect(png.subarray(37, 41).toString("ascii")).toBe("IDAT");
    const idat = png.subarray(41, 41 + png.readUInt32BE(33));
    const side = png.readUInt32BE(16);
    const rowLength = 1 + Math.ceil(side / 8);
    const pixels = inflateSync(idat);
    expect(pixels.length).toBe(side * rowLength);
    for (let y = 0; y < side; y++) expect(pixels[y * rowLength]).toBe(0);
    // Every byte saved here is a byte less in each start-enrollment answer's data URL.
    expect(idat.length).toBeLessThanOrEqual(deflateSync(pixels, { level: 9 }).length);
  });
});
