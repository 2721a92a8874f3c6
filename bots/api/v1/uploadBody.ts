/**
 * The file of an upload route: the raw body with its Content-Type, or the first file part of a
 * `multipart/form-data` body (its own Content-Type; `application/octet-stream` when the part has none). Only the
 * framing is read here; what the file is, is decided by the service from its bytes.
 */
import { ApiError } from './errors';

/** A file as received. */
export interface UploadedFile {
  bytes: Buffer;
  /** The declared media type, as sent. */
  contentType: string;
}

function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function malformed(): ApiError {
  return new ApiError(400, 'invalid_request', 'multipart_invalid', 'The multipart body has no readable file part.');
}

/** The first part with a filename (or named `file`) of a multipart body. */
export function fileOfMultipart(body: Buffer, contentType: string): UploadedFile {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw malformed();
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headersStart = start + delimiter.length + 2;
    if (body.subarray(start + delimiter.length, start + delimiter.length + 2).toString() === '--') break;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd === -1) break;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd + 4);
    if (next === -1) break;
    const headers = body.subarray(headersStart, headersEnd).toString('latin1');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    if (/filename=/i.test(disposition) || /\bname="?file"?/i.test(disposition)) {
      const type = /^content-type:(.*)$/im.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      return { bytes: body.subarray(headersEnd + 4, next), contentType: type };
    }
    start = next + 2;
  }
  throw malformed();
}

/** The file of an upload request, from its raw body and its Content-Type header. */
export function uploadedFile(body: unknown, contentType: string | undefined): UploadedFile {
  if (!Buffer.isBuffer(body) || contentType === undefined || contentType === '') {
    throw new ApiError(
      400,
      'invalid_request',
      'file_missing',
      'Send the file as the body with its Content-Type (image/jpeg, image/png or application/pdf), or as multipart/form-data.',
    );
  }
  if (/^multipart\/form-data/i.test(contentType)) return fileOfMultipart(body, contentType);
  return { bytes: body, contentType };
}
