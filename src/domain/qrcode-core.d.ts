// qrcode's core module, which @types/qrcode does not declare: only what qr-code.ts calls.
declare module "qrcode/lib/core/qrcode.js" {
  /** The QR symbol for the segments: its modules, dark where `get` answers 1 (`data` holds them row by row). */
  export function create(
    segments: Array<{ data: Uint8Array; mode: "byte" }>,
    options: { errorCorrectionLevel: "L" | "M" | "Q" | "H"; maskPattern?: number },
  ): { modules: { size: number; data: Uint8Array; get(row: number, column: number): number } };
}
