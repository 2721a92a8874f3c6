/** Small files as a merchant would upload them: a PNG, a JPEG, PDFs with and without JavaScript. */
import { randomBytes } from 'node:crypto';

/** A PNG's signature and some random bytes. */
export function aPng(size = 200): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, randomBytes(Math.max(0, size - signature.length))]);
}

/** A JPEG's first bytes and some random ones. */
export function aJpeg(size = 200): Buffer {
  const start = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  return Buffer.concat([start, randomBytes(Math.max(0, size - start.length))]);
}

/** A one-page PDF (its text unique per call). */
export function aPdf(): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n% ${randomBytes(8).toString('hex')}\n%%EOF\n`,
    'latin1',
  );
}

/** A PDF that runs JavaScript when opened. */
export function aPdfWithJavaScript(name: '/JavaScript' | '/JS' | '/J#53' = '/JavaScript'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n` +
      `2 0 obj << ${name === '/JavaScript' ? '/S /JavaScript' : `${name} (app.alert(1))`} >> endobj\n%%EOF\n`,
    'latin1',
  );
}
