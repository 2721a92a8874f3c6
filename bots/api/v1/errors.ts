/**
 * The merchant API's one error shape, `{error: {type, code, message, field?}}`, and the one place that turns anything
 * thrown on an API route into it. Messages are written here or by a route, never taken from a fault: no stack, no
 * secret, no request body reaches a client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../../../integrations/logger';

export const API_ERROR_TYPES = [
  'invalid_request',
  'authentication',
  'permission',
  'not_found',
  'idempotency',
  'rate_limit',
  'conflict',
  'api_error',
] as const;
export type ApiErrorType = (typeof API_ERROR_TYPES)[number];

/** The body of every error answer (also in the OpenAPI document). */
export const apiErrorBody = z
  .object({
    error: z.object({
      type: z.enum(API_ERROR_TYPES),
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** An answer a route or the machinery decides: thrown, and answered in the error shape with its status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly type: ApiErrorType,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Headers to send with the error (Retry-After, WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON body of this error. */
  body(): z.infer<typeof apiErrorBody> {
    return {
      error: {
        type: this.type,
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
      },
    };
  }
}

/** The first issue of a failed validation, as a 400 naming its field (`payer`, `metadata.order`). */
export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path'): ApiError {
  const issue = error.issues[0];
  // An unknown key is named by itself: it has no path of its own.
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  const missing = issue?.code === 'invalid_type' && /received undefined$/.test(issue.message);
  const code = missing
    ? 'parameter_missing'
    : issue?.code === 'unrecognized_keys'
      ? 'parameter_unknown'
      : 'parameter_invalid';
  const subject = field ?? (where === 'body' ? 'the body' : `the ${where}`);
  const detail = issue?.message ?? 'invalid';
  return new ApiError(400, 'invalid_request', code, `${subject}: ${detail}`, field);
}

// Errors from Express's body parsers (http-errors) carry a type; they are the client's fault and say so.
const BODY_PARSER_ERRORS: Readonly<Record<string, [status: number, code: string, message: string]>> = {
  'entity.parse.failed': [400, 'body_invalid_json', 'The body is not valid JSON.'],
  'entity.too.large': [413, 'body_too_large', 'The body is too large.'],
  'entity.verify.failed': [400, 'body_invalid', 'The body could not be read.'],
  'request.size.invalid': [400, 'body_invalid', 'The body could not be read.'],
  'request.aborted': [400, 'body_invalid', 'The body could not be read.'],
  'charset.unsupported': [415, 'body_unsupported_charset', 'The body must be UTF-8.'],
  'encoding.unsupported': [415, 'body_unsupported_encoding', 'The body encoding is not supported.'],
  'parameters.too.many': [413, 'body_too_large', 'The body has too many fields.'],
};

/** The ApiError anything thrown is answered as: a fault becomes a bare 500. */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return validationError(error, 'body');
  const fields = (typeof error === 'object' && error !== null ? error : {}) as { expose?: unknown; type?: unknown };
  const parser =
    fields.expose === true && typeof fields.type === 'string' ? BODY_PARSER_ERRORS[fields.type] : undefined;
  if (parser) return new ApiError(parser[0], 'invalid_request', parser[1], parser[2]);
  return new ApiError(500, 'api_error', 'internal_error', 'Something went wrong on our side; retry later.');
}

/** Answers an error in the API's shape. */
export function sendApiError(res: Parameters<RequestHandler>[1], error: ApiError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).json(error.body());
}

/** Any path under the API that no route serves. */
export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'not_found', 'route_not_found', `No route ${req.method} ${req.baseUrl}${req.path}.`));
};

/** The API's last middleware: the error shape for everything, faults logged (name, message, stack only). */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer = apiErrorOf(error);
    if (answer.status >= 500) {
      const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
      logger.error(
        { err: { name, message, stack }, requestId: res.locals.requestId, method: req.method },
        'merchant api request failed',
      );
    }
    sendApiError(res, answer);
  };
}
