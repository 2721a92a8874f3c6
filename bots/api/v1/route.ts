/**
 * The route registry's entry: everything the router needs to serve a route and the OpenAPI document needs to
 * describe it, declared once. Requests are validated with the same zod schemas the document is generated from.
 */
import type { z } from 'zod';
import type { ApiScope } from '../../../domain/merchants/apiKey';
import type { ApiKeyIdentity, MerchantApiPorts } from '../ports';
import type { UploadedFile } from './uploadBody';

export type ApiMethod = 'get' | 'post' | 'delete';

/** What a handler answers: a status and a JSON body (already presented). */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler gets: the key, its merchant, the validated parts of the request and the resource ports. */
export interface ApiContext<P = unknown, Q = unknown, B = unknown> {
  key: ApiKeyIdentity;
  merchantId: string;
  params: P;
  query: Q;
  body: B;
  /** The Idempotency-Key of a POST (null on other methods): a handler derives the resource's id from it. */
  idempotencyKey: string | null;
  ports: MerchantApiPorts;
  now: Date;
  /** The file of an upload route (the raw body, or the file part of a multipart body); absent elsewhere. */
  upload?: UploadedFile;
}

interface RouteFields {
  method: ApiMethod;
  /** Express style under /api/v1, e.g. `/payment_requests/:id`. */
  path: string;
  /** Defaults by method: GET `read`, POST and DELETE `write`. */
  scope?: ApiScope;
  summary: string;
  description?: string;
  /** The success status (200, 201). */
  status: number;
  response: z.ZodType;
  /** The error statuses this route may answer besides the common ones (401, 403, 429, 500). */
  errors?: readonly number[];
  /**
   * The body is a file (raw with its Content-Type, or multipart/form-data) rather than JSON: the handler gets it as
   * `upload`, and the Idempotency-Key is matched on the file's SHA-256 and type.
   */
  upload?: boolean;
  /** Values for the docs page's curl example. */
  example?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
}

/** A route as written, with typed schemas. */
export interface RouteSpec<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
> extends RouteFields {
  params?: P;
  query?: Q;
  body?: B;
  handle(context: ApiContext<Parsed<P>, Parsed<Q>, Parsed<B>>): Promise<ApiAnswer>;
}

/** A route in the registry. */
export interface ApiRoute extends RouteFields {
  scope: ApiScope;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  handle(context: ApiContext): Promise<ApiAnswer>;
}

/** Declares a route; its handler gets the parsed types of its schemas. */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): ApiRoute {
  const scope = spec.scope ?? (spec.method === 'get' ? 'read' : 'write');
  return { ...spec, scope, handle: spec.handle as unknown as ApiRoute['handle'] } as ApiRoute;
}

/** The answer of a successful call. */
export function answer(status: number, body: unknown): ApiAnswer {
  return { status, body };
}
