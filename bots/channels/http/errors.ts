/**
 * The one place that maps errors to HTTP statuses. Clients get a status and a short code, never a message or a
 * stack; faults (5xx) are logged, without any request body (a webhook may hold a PIN).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../../integrations/logger';
import { requestIdOf } from './requestLog';

/** A refusal a route decides itself: answered with this status and code. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

// Errors from Express's body parsers (http-errors) carry a type; these are the client's fault and say so.
const BODY_PARSER_CODES: Readonly<Record<string, string>> = {
  'entity.too.large': 'body_too_large',
  'parameters.too.many': 'body_too_large',
  'entity.parse.failed': 'bad_body',
  'entity.verify.failed': 'bad_body',
  'request.aborted': 'aborted',
  'request.size.invalid': 'bad_body',
  'charset.unsupported': 'unsupported_charset',
  'encoding.unsupported': 'unsupported_encoding',
};

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

/** The status and code an error is answered with. */
export function httpStatusOf(error: unknown): { status: number; code: string } {
  if (error instanceof HttpError) return { status: error.status, code: error.code };
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    expose?: unknown;
    type?: unknown;
  };
  // http-errors marks client errors safe to expose; anything else is our fault, whatever status it claims.
  if (typeof fields.status === 'number' && fields.status >= 400 && fields.status < 500 && fields.expose === true) {
    const byType = typeof fields.type === 'string' ? BODY_PARSER_CODES[fields.type] : undefined;
    return { status: fields.status, code: byType ?? STATUS_CODES[fields.status] ?? 'bad_request' };
  }
  return { status: 500, code: 'internal_error' };
}

/** Answers any route that does not exist. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, 'not_found'));
};

/** The last middleware: answers `{error: code}` with the mapped status and logs faults. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Headers already sent: only Express's own handler can end the response (it closes the connection).
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, code } = httpStatusOf(error);
    if (status >= 500) {
      // Only the name, message and stack: a body parser's error carries the raw body, which may hold a PIN.
      const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
      logger.error(
        { err: { name, message, stack }, requestId: requestIdOf(res), method: req.method },
        'request failed',
      );
    }
    res.status(status).json({ error: code });
  };
}
