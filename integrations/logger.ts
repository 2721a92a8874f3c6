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

// pino's redaction has no "any depth" wildcard: each level is a path of its own ('pin', '*.pin', '*.*.pin', …).
// Four levels reach a rail's request body inside a logged request (`{ request: { body: { payer: { partyId } } } }`).
const NESTING_LEVELS = 4;

// Bracket notation (`*.*["x-auth-token"]`) because some field names are not identifiers.
function redactPaths(fields: Iterable<string>): string[] {
  return [...fields].flatMap((field) =>
    Array.from(
      { length: NESTING_LEVELS },
      (_, depth) => `${Array(depth).fill('*').join('.')}[${JSON.stringify(field)}]`,
    ),
  );
}

// pino's typings say the path holds strings, but it starts with a symbol for wildcard paths: only the last
// element, the field's own name, is used.
function censor(value: unknown, path: readonly unknown[]): unknown {
  const field = path[path.length - 1];
  if (typeof field === 'string' && PHONE_FIELDS.has(field)) {
    return typeof value === 'string' || typeof value === 'number' ? maskMsisdn(String(value)) : CENSORED;
  }
  return CENSORED;
}

/**
 * Creates the JSON logger: fields named like secrets are censored and phone fields masked at any of the first
 * four levels of a logged object. Text in the message itself is not inspected, so pass numbers as fields.
 */
export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    { level: options.level, redact: { paths: redactPaths([...SECRET_FIELDS, ...PHONE_FIELDS]), censor } },
    options.destination,
  );
}
