/**
 * `/api/v1/docs`: the API's reference as one server-rendered page, from the same registry as the router and the
 * OpenAPI document: every route with its scope, parameters, body and response schemas and a curl example. No script
 * and no asset from elsewhere (the page must work offline).
 */
import { z } from 'zod';
import { openApiPath, API_BASE_PATH } from './openapi';
import type { ApiRoute } from './route';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function schemaBlock(title: string, schema: z.ZodType | undefined, io: 'input' | 'output'): string {
  if (!schema) return '';
  const { $schema: _dialect, ...raw } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const json = unwrapRoot(raw);
  return `<details><summary>${escapeHtml(title)}</summary><pre>${escapeHtml(JSON.stringify(json, null, 2))}</pre></details>`;
}

/** A named schema comes as a `$ref` to its own `$defs` entry: the page shows the entry itself. */
function unwrapRoot(json: Record<string, unknown>): Record<string, unknown> {
  const defs = json.$defs as Record<string, Record<string, unknown>> | undefined;
  const ref = typeof json.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(json.$ref)?.[1] : undefined;
  if (!defs || ref === undefined || !defs[ref]) return json;
  const { [ref]: root, ...others } = defs;
  return Object.keys(others).length > 0 ? { ...root, $defs: others } : root!;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that calls `route` with its example values. */
export function curlExample(route: ApiRoute, baseUrl: string): string {
  const example = route.example ?? {};
  let path = route.path;
  for (const [name, value] of Object.entries(example.params ?? {}))
    path = path.replace(`:${name}`, encodeURIComponent(value));
  const query = new URLSearchParams(example.query ?? {}).toString();
  const url = `${baseUrl}${path}${query ? `?${query}` : ''}`;
  const lines = [`curl ${route.method === 'get' ? '' : `-X ${route.method.toUpperCase()} `}${shellQuote(url)}`];
  lines.push(`  -H "Authorization: Bearer $API_KEY"`);
  if (route.method === 'post') {
    lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
    if (route.upload) {
      lines.push(`  -H 'Content-Type: application/pdf'`);
      lines.push(`  --data-binary @scan.pdf`);
    } else {
      lines.push(`  -H 'Content-Type: application/json'`);
      lines.push(`  -d ${shellQuote(JSON.stringify(example.body ?? {}))}`);
    }
  }
  return lines.join(' \\\n');
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
section{border-top:1px solid #ddd;padding:1rem 0}code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.75rem;overflow:auto}
.method{font-weight:700;text-transform:uppercase;margin-right:.5rem}.scope{color:#555;margin-left:.5rem}`;

/** The docs page's HTML for `routes`, with curl examples against `baseUrl` (`https://example.cm/api/v1`). */
export function docsPage(routes: readonly ApiRoute[], baseUrl: string): string {
  const sections = routes.map((route) => {
    const id = `${route.method}-${route.path.replace(/[^A-Za-z0-9]+/g, '-')}`;
    return `<section id="${escapeHtml(id)}">
<h2><span class="method">${route.method}</span><code>${escapeHtml(API_BASE_PATH + openApiPath(route.path))}</code><span class="scope">scope: ${escapeHtml(route.scope)}</span></h2>
<p>${escapeHtml(route.summary)}${route.description ? `. ${escapeHtml(route.description)}` : ''}</p>
<p>Answers ${route.status}${route.method === 'post' ? '; needs an <code>Idempotency-Key</code> header' : ''}.</p>
${schemaBlock('Path parameters', route.params, 'input')}
${schemaBlock('Query parameters', route.query, 'input')}
${schemaBlock('Request body', route.body, 'input')}
${schemaBlock('Response', route.response, 'output')}
<pre>${escapeHtml(curlExample(route, baseUrl))}</pre>
</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Merchant API v1</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><h1>Merchant API v1</h1>
<p>Authenticate with <code>Authorization: Bearer &lt;API key&gt;</code>. GET needs the <code>read</code> scope, POST and
DELETE <code>write</code>, refunds <code>refunds</code>. Amounts are whole francs with <code>"currency": "XAF"</code>.
Every POST needs an <code>Idempotency-Key</code>: a retry with the same key and body gets the first answer again
(<code>Idempotent-Replayed: true</code>). Lists take <code>limit</code> (1-100) and <code>starting_after</code> and answer
<code>{"object": "list", "data": [...], "has_more": ...}</code>. Errors answer
<code>{"error": {"type", "code", "message", "field"}}</code>. The machine-readable description:
<a href="${escapeHtml(API_BASE_PATH)}/openapi.json">openapi.json</a>.</p>
${sections.join('\n')}
</body></html>`;
}
