/**
 * Structured JSON logs (pino) that are safe to ship: secrets are censored and phone numbers masked by field name,
 * wherever those fields sit in the logged object, down to NESTING_LEVELS levels.
 */
import pino from 'pino';
import { maskMsisdn } from '../domain/phone';
import { settings } from './config';

/** A pino logger; add a request or message id with `logger.child({ messageId })`. */
export type Logger = pino.Logger;

/** Fields whose values are replaced by CENSORED: credentials, PINs, and the auth headers of the rails' APIs. */
const SECRET_FIELDS = [
  'pin',
  'newPin',
  'oldPin',
  'password',
  'secret',
  'token',
  'apiKey',
  'authToken',
  'authorization',
  'Authorization',
  'access_token',
  'x-auth-token',
  'ocp-apim-subscription-key',
  // A configuration object logged whole must not leak its secret settings either.
  ...settings.filter((s) => s.secret).map((s) => s.name),
];

/**
 * Fields holding phone numbers, masked with maskMsisdn: ours, Twilio's webhook fields, and the rails' request
 * bodies (MTN's payer/payee partyId, Orange's subscriber and channel user numbers).
 */
const PHONE_FIELDS = new Set([
  'phone',
  'msisdn',
  'from',
  'to',
  'From',
  'To',
  'partyId',
  'subscriberMsisdn',
  'channelUserMsisdn',
]);

const CENSORED = '[Redacted]';

// Levels of a logged object searched for those fields: four reach a rail's request body inside a logged request
// (`{ request: { body: { payer: { partyId } } } }`).
const NESTING_LEVELS = 4;

const SECRETS = new Set(SECRET_FIELDS);

/**
 * A copy of a logged value with secret fields censored and phone fields masked, at any of its first `levels`
 * levels (array items count as a level). The value itself is left as it was: it may still be in use. Any other
 * object, an error inside a field too, is copied as JSON would write it (its own enumerable fields); values with
 * their own JSON form (dates, ids, buffers) are left as they are. An error logged as `err` goes through pino's
 * serializer first (createLogger), so its message and stack are kept and what it carries is searched.
 *
 * One pass over the object, instead of pino's `redact` option, whose wildcard paths (`*.*.pin`…, every field at
 * every level) were tried one by one on each top-level value: 6 % of the server's CPU under the webhook benchmark
 * for one log line per message (BENCHMARKS.md).
 */
function redacted(value: unknown, levels: number): unknown {
  if (levels === 0 || typeof value !== 'object' || value === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (Array.isArray(value)) return value.map((item) => redacted(item, levels - 1));
  // Any other object (an error too) as JSON writes it: its own enumerable fields.
  const copy: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(value)) {
    if (SECRETS.has(field)) copy[field] = CENSORED;
    else if (PHONE_FIELDS.has(field)) {
      copy[field] = typeof inner === 'string' || typeof inner === 'number' ? maskMsisdn(String(inner)) : CENSORED;
    } else copy[field] = redacted(inner, levels - 1);
  }
  return copy;
}

/** A logged object's fields, redacted; `err` is left to its serializer, which redacts what it makes of it. */
function redactedFields(fields: Record<string, unknown>): Record<string, unknown> {
  const { err, ...others } = fields;
  const copy = redacted(others, NESTING_LEVELS) as Record<string, unknown>;
  return err === undefined ? copy : { ...copy, err };
}

/**
 * Creates the JSON logger: fields named like secrets are censored and phone fields masked at any of the first
 * four levels of a logged object, of an error logged as `err`, and of a child logger's bindings. Text in the
 * message itself is not inspected, so pass numbers as fields.
 */
export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  const logger = pino(
    {
      level: options.level,
      formatters: { log: redactedFields },
      serializers: { err: (error: Error) => redacted(pino.stdSerializers.err(error), NESTING_LEVELS - 1) },
    },
    options.destination,
  );
  // pino applies no formatter to a child's bindings, so they are redacted on their way in. Children are made from
  // their parent (Object.create), so theirs inherit this `child` too.
  const child = Object.getPrototypeOf(logger).child as Logger['child'];
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactedFields(bindings), childOptions);
  } as Logger['child'];
  return logger;
}
