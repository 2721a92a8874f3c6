/**
 * What an uploaded file must be: JPEG, PNG or PDF as its first bytes say (the declared type must say the same), not
 * empty, at most the configured size, and a PDF without JavaScript (a document that runs code when opened is not a
 * scan). Nothing of the content is ever put in an answer or a log: refusals name the rule only.
 */
import { KYC_CONTENT_TYPES, type KycContentType } from './kycDocument';

/** Why a file is refused. */
export type UploadRefusal =
  'EMPTY_FILE' | 'FILE_TOO_LARGE' | 'UNSUPPORTED_FILE_TYPE' | 'CONTENT_TYPE_MISMATCH' | 'PDF_WITH_JAVASCRIPT';

export type UploadCheck = { ok: true; contentType: KycContentType } | { ok: false; reason: UploadRefusal };

/** The default largest file, in bytes (5 MB); KYC_MAX_UPLOAD_BYTES sets it. */
export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const PDF_SIGNATURE = [...'%PDF-'].map((c) => c.charCodeAt(0));

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

/** The format the file's magic bytes show, or null when it is none of those accepted. */
export function sniffContentType(bytes: Uint8Array): KycContentType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'image/jpeg';
  if (startsWith(bytes, PDF_SIGNATURE)) return 'application/pdf';
  return null;
}

/** A declared media type without its parameters, in lower case (`image/jpg` read as `image/jpeg`). */
export function normalizeContentType(declared: string): string {
  const bare = declared.split(';')[0]!.trim().toLowerCase();
  return bare === 'image/jpg' || bare === 'image/pjpeg' ? 'image/jpeg' : bare;
}

/**
 * Whether a PDF holds JavaScript: a `/JS` or `/JavaScript` name anywhere, also when written with `#xx` escapes
 * (`/J#53`), which PDF readers decode the same.
 */
export function pdfHasJavaScript(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const names = text.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return /\/JS(?![A-Za-z0-9])|\/JavaScript/.test(names);
}

/** Checks a file against the rules above; `maxBytes` is the largest size accepted. */
export function checkUpload(bytes: Uint8Array, declaredType: string, maxBytes: number): UploadCheck {
  if (bytes.length === 0) return { ok: false, reason: 'EMPTY_FILE' };
  if (bytes.length > maxBytes) return { ok: false, reason: 'FILE_TOO_LARGE' };
  const actual = sniffContentType(bytes);
  if (actual === null) return { ok: false, reason: 'UNSUPPORTED_FILE_TYPE' };
  const declared = normalizeContentType(declaredType);
  if (!(KYC_CONTENT_TYPES as readonly string[]).includes(declared))
    return { ok: false, reason: 'UNSUPPORTED_FILE_TYPE' };
  if (declared !== actual) return { ok: false, reason: 'CONTENT_TYPE_MISMATCH' };
  if (actual === 'application/pdf' && pdfHasJavaScript(bytes)) return { ok: false, reason: 'PDF_WITH_JAVASCRIPT' };
  return { ok: true, contentType: actual };
}
