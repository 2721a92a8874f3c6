/** The part of pngjs (installed with qrcode, without types) the QR test reads a PNG back with. */
declare module 'pngjs' {
  export const PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } };
}
