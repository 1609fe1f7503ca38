// qrcode's core module, which @types/qrcode does not declare: only what qr-code.ts calls.
declare module "qrcode/lib/core/qrcode.js" {
  /** The QR symbol for the segments: its modules, row by row, 1 where dark. */
  export function create(
    segments: Array<{ data: Uint8Array; mode: "byte" }>,
    options: { errorCorrectionLevel: "L" | "M" | "Q" | "H"; maskPattern?: number },
  ): { modules: { size: number; data: Uint8Array } };
}
