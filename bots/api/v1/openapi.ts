/**
 * The OpenAPI 3.1 document of the merchant API, generated from the route registry: the same zod schemas that
 * validate requests describe them here (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Schemas with an id
 * (`.meta({id})`) become components.
 */
import { z } from 'zod';
import { apiErrorBody } from './errors';
import type { ApiRoute } from './route';

/** The file types an upload route takes as its raw body. */
const UPLOAD_MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];

export const API_BASE_PATH = '/api/v1';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema, its named parts moved to `components` (collected in `components`). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const raw = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const text = JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $schema: _dialect, $defs, ...rest } = JSON.parse(text) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [name, definition] of Object.entries($defs ?? {})) components[name] = definition;
  // A schema that is itself named is referenced rather than repeated.
  // (zod already answers a `$ref` to its `$defs` for a named root; otherwise the root is named here.)
  const id = z.globalRegistry.get(schema)?.id;
  if (typeof id === 'string' && !('$ref' in rest)) {
    components[id] = rest;
    return { $ref: `#/components/schemas/${id}` };
  }
  return rest;
}

/** `/payment_requests/:id` as OpenAPI writes it: `/payment_requests/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** The operation id of a route: its method and path in camel case (`getPaymentRequestsId`). */
export function operationId(route: ApiRoute): string {
  const words = route.path.split(/[/_:]+/).filter((w) => w !== '');
  return route.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function parameters(route: ApiRoute, components: Record<string, JsonSchema>): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, 'input', components) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...propertySchema } = property;
      list.push({
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        schema: propertySchema,
        ...(typeof description === 'string' ? { description } : {}),
      });
    }
  }
  if (route.method === 'post') {
    list.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'A key of your choice (1-255 characters, e.g. a UUID): a retry with the same key and body gets the first response again.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return list;
}

const COMMON_ERRORS: Readonly<Record<number, string>> = {
  400: 'Invalid request (the field is named).',
  401: 'No API key, or an unknown or revoked one.',
  403: 'The API key lacks the scope this route needs.',
  404: 'Not found.',
  409: 'A conflict (or the same Idempotency-Key still running).',
  422: 'The Idempotency-Key was used with another request.',
  429: 'Too many requests: see Retry-After.',
  500: 'Our fault: retry later.',
};

/** The OpenAPI 3.1 document of `routes`, served at `serverUrl` (`https://example.cm/api/v1`). */
export function openApiDocument(routes: readonly ApiRoute[], options: { serverUrl: string }): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  const errorSchema = jsonSchema(apiErrorBody, 'output', components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const statuses = [...new Set([401, 403, 429, 500, ...(route.errors ?? [])])].sort();
    const responses: Record<string, unknown> = {
      [String(route.status)]: {
        description: route.summary,
        content: { 'application/json': { schema: jsonSchema(route.response, 'output', components) } },
      },
    };
    for (const status of statuses) {
      responses[String(status)] = {
        description: COMMON_ERRORS[status] ?? 'Error.',
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: operationId(route),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      'x-scope': route.scope,
      parameters: parameters(route, components),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input', components) } },
            },
          }
        : {}),
      ...(route.upload
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                [...UPLOAD_MEDIA_TYPES, 'multipart/form-data'].map((type) => [
                  type,
                  {
                    schema:
                      type === 'multipart/form-data'
                        ? {
                            type: 'object',
                            properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
                            required: ['file'],
                          }
                        : { type: 'string', contentMediaType: type },
                  },
                ]),
              ),
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Merchant API',
      version: '1',
      description:
        'Collect payments from Cameroonian mobile numbers. Authenticate with `Authorization: Bearer <API key>`; GET needs the `read` scope, POST and DELETE `write`, refunds `refunds`. Amounts are whole francs (XAF). Every POST needs an `Idempotency-Key`.',
    },
    servers: [{ url: options.serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Your secret API key.' } },
      schemas: components,
    },
  };
}
