import jsQRModule from "jsqr";
import { PNG } from "pngjs";

// jsQR ships CommonJS with an ES-style default export in its types; take whichever Node hands over.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

/** Reads a `data:image/png;base64,` URL with an independent PNG decoder and QR reader. */
export function decodeQrDataUrl(dataUrl: string): { text: string | undefined; width: number; height: number; bytes: number } {
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64");
  const png = PNG.sync.read(bytes); // checks every chunk's CRC, which GenAuth's documented sample fails
  const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  return { text: qr?.data, width: png.width, height: png.height, bytes: bytes.length };
}
