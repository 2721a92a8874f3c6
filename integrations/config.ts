/**
 * The product's configuration: every setting is described once in `settings`, read from the environment once at
 * start by loadConfig, and validated by a zod schema built from those descriptions. Nothing else reads process.env.
 */
import { z } from 'zod';

/** How the values of one kind of setting are read from their environment string, and what a valid one looks like. */
interface ValueKind<T> {
  readonly schema: z.ZodType<T, string>;
  /** Completes "<NAME> …" in an error message and the documentation, e.g. "must be one of a, b". */
  readonly rule: string;
  /** For secret settings whose values can be shown partly (a URI without its password); others are never shown. */
  readonly showSecret?: (raw: string) => string | undefined;
}

/** One environment variable the product reads: its documentation and how it is validated. */
export interface Setting<N extends string = string, T = unknown> {
  readonly name: N;
  readonly description: string;
  /** The value used when the variable is unset or empty, written as in the environment; undefined: optional. */
  readonly default: string | undefined;
  /** The value must never appear in logs or error messages. */
  readonly secret: boolean;
  /** What a valid value looks like, as the end of a sentence starting with the setting's name. */
  readonly rule: string;
  /** Reads the raw environment value (a string or undefined) into the configuration value. */
  readonly schema: z.ZodType<T>;
  /** Shows a bad value of a secret setting without its secret part, or nothing. */
  readonly showSecret?: (raw: string) => string | undefined;
}

// Names that hold credentials by convention are secret even if a definition forgets to say so.
const SECRET_NAME = /_(TOKEN|SECRET|KEY|PASSWORD)$/;

// `FOO=` in a .env file or a compose file means "not set" to most people, and stray spaces are never meant.
function normalize(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

function setting<const N extends string, T>(
  name: N,
  kind: ValueKind<T>,
  spec: { description: string; default: string; secret?: boolean },
): Setting<N, T>;
function setting<const N extends string, T>(
  name: N,
  kind: ValueKind<T>,
  spec: { description: string; default: undefined; secret?: boolean },
): Setting<N, T | undefined>;
function setting<const N extends string, T>(
  name: N,
  kind: ValueKind<T>,
  spec: { description: string; default: string | undefined; secret?: boolean },
): Setting<N, T | undefined> {
  const fallback = spec.default;
  const value = fallback === undefined ? kind.schema.optional() : kind.schema;
  return {
    name,
    description: spec.description,
    default: fallback,
    secret: spec.secret === true || SECRET_NAME.test(name),
    rule: kind.rule,
    schema: z.preprocess((raw) => normalize(raw) ?? fallback, value),
    showSecret: kind.showSecret,
  };
}

function oneOf<const V extends readonly [string, ...string[]]>(values: V): ValueKind<V[number]> {
  return { schema: z.enum(values), rule: `must be one of ${values.join(', ')}` };
}

const yesOrNo: ValueKind<boolean> = {
  schema: z.enum(['true', 'false']).transform((value) => value === 'true'),
  rule: 'must be true or false',
};

function wholeNumber(range: { min: number; max: number; unit?: string }): ValueKind<number> {
  const unit = range.unit === undefined ? '' : ` of ${range.unit}`;
  return {
    // Stricter than z.coerce.number(), which would also take "1e3", "0x10" and "12.0".
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(range.min).max(range.max)),
    rule: `must be a whole number${unit} ≥ ${range.min} and ≤ ${range.max}`,
  };
}

const path: ValueKind<string> = { schema: z.string().min(1), rule: 'must be a directory path' };

const mongodbUri: ValueKind<string> = {
  // The driver checks the rest when it connects; this catches a wrong scheme or a missing host at start.
  schema: z.string().regex(/^mongodb(\+srv)?:\/\/[^/?#]+/),
  rule: 'must be a mongodb:// or mongodb+srv:// URI with a host',
  showSecret: showUriWithoutCredentials,
};

/**
 * Shows a URI with its user information and query replaced by '***' (the password may contain '@' or '/', so
 * everything up to the last '@' goes), or nothing when it has no scheme: a pasted password would have none.
 */
function showUriWithoutCredentials(raw: string): string | undefined {
  const schemeEnd = raw.indexOf('://');
  if (schemeEnd === -1) return undefined;
  const authorityStart = schemeEnd + 3;
  const lastAt = raw.lastIndexOf('@');
  const rest = lastAt >= authorityStart ? `***${raw.slice(lastAt)}` : raw.slice(authorityStart);
  return `${raw.slice(0, authorityStart)}${rest.replace(/\?.*$/, '?***')}`;
}

const publicUrl: ValueKind<string> = {
  // Webhook signatures cover the URL the provider called, so it must be exactly the public base, without a query,
  // a fragment or a trailing slash (channel routes are appended to it).
  schema: z
    .string()
    .regex(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/)
    .transform((url) => url.replace(/\/+$/, '')),
  rule: 'must be an http:// or https:// URL without a query or fragment',
};

const twilioAccountSid: ValueKind<string> = {
  schema: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
  rule: 'must be a Twilio account SID: AC followed by 32 hexadecimal digits',
};

const twilioAuthToken: ValueKind<string> = {
  schema: z.string().regex(/^[0-9a-fA-F]{32}$/),
  rule: 'must be a Twilio auth token: 32 hexadecimal digits',
};

const callbackSecret: ValueKind<string> = {
  schema: z.string().regex(/^[A-Za-z0-9_-]{24,128}$/),
  rule: 'must be 24 to 128 letters, digits, - or _',
};

const telegramToken: ValueKind<string> = {
  schema: z.string().regex(/^\d+:[A-Za-z0-9_-]{30,}$/),
  rule: 'must be a Telegram bot token: digits, a colon and 30 or more letters, digits, - or _',
};

const pepper: ValueKind<string> = {
  schema: z.string().min(32).max(256),
  rule: 'must be 32 to 256 characters, e.g. from openssl rand -base64 48',
};

const e164Number: ValueKind<string> = {
  schema: z.string().regex(/^\+[1-9]\d{6,14}$/),
  rule: 'must be a phone number in E.164 form, e.g. +237650000000',
};

// Payment providers: their API's base URL and credentials (without them a rail runs on this product's own
// simulator, outside production only: bots/app/services.ts, simulatedPaymentRails).
const providerUrl: ValueKind<string> = {
  schema: publicUrl.schema,
  rule: 'must be an http:// or https:// URL without a query or fragment, up to the API version',
};

const providerCredential: ValueKind<string> = {
  schema: z.string().regex(/^\S{8,200}$/),
  rule: 'must be 8 to 200 characters without spaces',
};

const orangeChannelMsisdn: ValueKind<string> = {
  schema: z.string().regex(/^(65[5-9]|69\d|68[6-9])\d{6}$/),
  rule: 'must be an Orange Cameroon number of nine digits without 237, e.g. 691000000',
};

const merchantPin: ValueKind<string> = {
  schema: z.string().regex(/^\d{4,8}$/),
  rule: 'must be 4 to 8 digits',
};

const emailAddress: ValueKind<string> = {
  schema: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/),
  rule: 'must be an email address',
};

const graphAccessToken: ValueKind<string> = {
  schema: z.string().regex(/^[A-Za-z0-9_.|-]{20,1024}$/),
  rule: 'must be a Meta access token: 20 to 1024 letters, digits, _, ., | or -',
};

const graphPhoneNumberId: ValueKind<string> = {
  schema: z.string().regex(/^\d{5,20}$/),
  rule: 'must be the phone number ID Meta shows in WhatsApp > API Setup: digits only (not the phone number)',
};

const metaAppSecret: ValueKind<string> = {
  schema: z.string().regex(/^[A-Za-z0-9]{16,128}$/),
  rule: "must be the Meta app's secret: 16 to 128 letters or digits",
};

const graphVersion: ValueKind<string> = {
  schema: z.string().regex(/^v\d{1,3}\.\d{1,2}$/),
  rule: 'must be a Graph API version such as v24.0',
};

const MILLISECONDS_PER_HOUR = 3_600_000;
// Durations stay below 2^31 ms (about 24.8 days): a longer one given to setTimeout fires at once instead.
const MILLISECONDS_PER_DAY = 86_400_000;

/** Every setting the product reads, in the order they are documented in docs/config.md. */
export const settings = [
  setting('NODE_ENV', oneOf(['development', 'test', 'production']), {
    default: 'development',
    description: 'Which rules apply: production refuses to start without MONGODB_URI.',
  }),
  setting('LOG_LEVEL', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), {
    default: 'info',
    description: 'The least severe level of log lines that are written.',
  }),
  setting('MONGODB_URI', mongodbUri, {
    default: undefined,
    secret: true,
    description: 'The MongoDB server to use. When unset the product starts its local FerretDB; required in production.',
  }),
  setting('LOCAL_DB_DIR', path, {
    default: '.data/ferretdb',
    description: 'Where the local database keeps its SQLite files when MONGODB_URI is unset.',
  }),
  setting('LOCAL_DB_PORT', wholeNumber({ min: 1, max: 65_535 }), {
    default: '27018',
    description: 'The loopback port the local database listens on when MONGODB_URI is unset.',
  }),
  // Bounded by an hour: a slower worker would leave money held in unfinished transfers for too long.
  setting('RECOVERY_INTERVAL_MS', wholeNumber({ min: 100, max: MILLISECONDS_PER_HOUR, unit: 'milliseconds' }), {
    default: '5000',
    description: 'How often the ledger recovery worker runs.',
  }),
  setting('RECOVERY_GRACE_MS', wholeNumber({ min: 100, max: MILLISECONDS_PER_HOUR, unit: 'milliseconds' }), {
    default: '2000',
    description: 'How old an unfinished transfer must be before the recovery worker finishes it.',
  }),
  setting('LEDGER_UNDECIDED_MAX_AGE_MS', wholeNumber({ min: 1000, max: MILLISECONDS_PER_DAY, unit: 'milliseconds' }), {
    default: '600000',
    description:
      'How old a recorded transfer whose debit was never decided may get before recovery rejects it instead of finishing it.',
  }),
  setting('PENDING_TRANSFER_TTL_MS', wholeNumber({ min: 1000, max: 7 * MILLISECONDS_PER_DAY, unit: 'milliseconds' }), {
    default: '900000',
    description:
      "How old a hold must be before recovery stops waiting for the rail's callback and asks the rail for the outcome.",
  }),
  setting('SESSION_IDLE_MS', wholeNumber({ min: 10_000, max: MILLISECONDS_PER_HOUR, unit: 'milliseconds' }), {
    default: '300000',
    description:
      'How long a conversation may stay idle before it starts again from the menu, with a message saying so.',
  }),
  setting('TURN_TIMEOUT_MS', wholeNumber({ min: 1000, max: 60_000, unit: 'milliseconds' }), {
    default: '15000',
    description:
      'How long one message may wait for a service (ledger, rail) before the person is told the operation is still in progress.',
  }),
  setting('MESSAGES_PER_MINUTE', wholeNumber({ min: 1, max: 1000 }), {
    default: '30',
    description:
      'How many messages one person may send per minute, counted across all server processes and channels (a message delivered again counts once); more are answered with a request to slow down.',
  }),
  setting('API_RATE_LIMIT_REQUESTS', wholeNumber({ min: 1, max: 100_000 }), {
    default: '100',
    description:
      'How many requests one merchant API key may make per window (API_RATE_LIMIT_WINDOW_SECONDS), counted across all server processes; more are answered 429 with Retry-After.',
  }),
  setting('API_RATE_LIMIT_WINDOW_SECONDS', wholeNumber({ min: 1, max: 3600, unit: 'seconds' }), {
    default: '10',
    description: 'The fixed window the merchant API rate limit counts in.',
  }),
  setting('API_IDEMPOTENCY_LOCK_SECONDS', wholeNumber({ min: 5, max: 3600, unit: 'seconds' }), {
    default: '60',
    description:
      'How long a merchant API POST may run before a retry with the same Idempotency-Key may take it over (its first process is deemed dead); until then such a retry is answered 409.',
  }),
  setting('KYC_MAX_UPLOAD_BYTES', wholeNumber({ min: 1024, max: 20 * 1024 * 1024, unit: 'bytes' }), {
    default: '5242880',
    description:
      'The largest KYC document a merchant may upload (a JPEG, PNG or PDF scan), in bytes; a larger one is refused (the API answers 413 for bodies far above it).',
  }),
  setting('PIN_LOCK_MS', wholeNumber({ min: 60_000, max: MILLISECONDS_PER_DAY, unit: 'milliseconds' }), {
    default: '1800000',
    description: 'How long a PIN stays locked after three wrong tries in a row.',
  }),
  setting('PIN_PEPPER', pepper, {
    default: undefined,
    secret: true,
    description:
      'The secret every PIN hash is keyed with, kept out of the database so a copy of it cannot guess PINs; required in production. Changing it voids every PIN.',
  }),
  setting('CLAIM_DAYS', wholeNumber({ min: 1, max: 24 }), {
    default: '7',
    description:
      'How many days money sent to a number without an account waits to be claimed before it returns to the sender.',
  }),
  setting('PAYMENT_REQUEST_DAYS', wholeNumber({ min: 1, max: 24 }), {
    default: '3',
    description: 'How many days a payment request stays open before it expires.',
  }),
  setting('TOPUP_OTHER_NUMBERS_PER_DAY', wholeNumber({ min: 0, max: 20 }), {
    default: '2',
    description:
      'How many numbers other than their own a person may top up from per day (each gets a payment prompt naming them).',
  }),
  setting('SWEEP_INTERVAL_MS', wholeNumber({ min: 1000, max: MILLISECONDS_PER_HOUR, unit: 'milliseconds' }), {
    default: '60000',
    description:
      'How often the workers for unclaimed money, expired payment requests and unfinished rail and bill payments run.',
  }),
  setting('ACCOUNT_HOLDER_TIMEOUT_MS', wholeNumber({ min: 100, max: 30_000, unit: 'milliseconds' }), {
    default: '3000',
    description:
      "How long a turn waits for MTN MoMo's account holder check (the name shown before a top-up from another number is confirmed) before going on without the name.",
  }),
  setting('CARD_CANCEL_BEFORE_HOLD_END_MS', wholeNumber({ min: 360_000, max: 3_600_000, unit: 'milliseconds' }), {
    default: '600000',
    description:
      "How long before a card top-up's hold ends its checkout, still unpaid, is cancelled at Notch Pay, so it cannot be paid after the hold is released. Longer than the reconciler's longest wait between two looks (5 minutes).",
  }),
  setting('WEBHOOK_TIMEOUT_MS', wholeNumber({ min: 1000, max: 30_000, unit: 'milliseconds' }), {
    default: '10000',
    description:
      "How long a merchant's webhook endpoint has to answer a delivery (connecting included) before the attempt counts as failed and is retried later.",
  }),
  setting('WEBHOOK_INTERVAL_MS', wholeNumber({ min: 100, max: 60_000, unit: 'milliseconds' }), {
    default: '2000',
    description: 'How often the webhook worker looks for deliveries due (new events and retries).',
  }),
  setting('WEBHOOK_ALLOW_HTTP', yesOrNo, {
    default: 'false',
    description:
      'Lets merchants register plain http:// webhook URLs (development and tests only; production refuses true).',
  }),
  setting('WEBHOOK_ALLOW_PRIVATE_ADDRESSES', yesOrNo, {
    default: 'false',
    description:
      'Lets webhooks reach localhost, loopback, private and link-local addresses (development and tests only; production refuses true, so a webhook can never reach inside our network).',
  }),
  setting('SIMULATED_RAIL_DELAY_MS', wholeNumber({ min: 0, max: 600_000, unit: 'milliseconds' }), {
    default: '3000',
    description:
      "How long this product's MTN MoMo and Orange Money simulators take to end a payment (numbers that end late take ten times this), and its card simulator to send the webhook once the card page is paid.",
  }),
  setting('PORT', wholeNumber({ min: 1, max: 65_535 }), {
    default: '3000',
    description:
      'The port of the HTTP server, on every interface: health checks, /metrics with METRICS_TOKEN, channel webhooks and rail callbacks.',
  }),
  setting('LOCAL_PORT', wholeNumber({ min: 1, max: 65_535 }), {
    default: '3001',
    description:
      'The port of the second HTTP server, on 127.0.0.1 only: the simulator page (outside production) and /metrics without a token.',
  }),
  setting('METRICS_TOKEN', callbackSecret, {
    default: undefined,
    secret: true,
    description:
      'The bearer token a Prometheus scrape sends to read /metrics on PORT; without it /metrics is served only on LOCAL_PORT.',
  }),
  setting('SIMULATED_RAILS', yesOrNo, {
    default: 'false',
    description:
      'Lets the simulated payment rails and the simulator page run on the database of MONGODB_URI outside production (they always run on the local database; production refuses them).',
  }),
  setting('PUBLIC_URL', publicUrl, {
    default: undefined,
    description:
      'The address the providers call this server at (e.g. https://pay.example.cm), used to verify webhook signatures instead of the Host header; required in production when a channel is on.',
  }),
  setting('SIMULATORS_ADMIN_TOKEN', callbackSecret, {
    default: undefined,
    secret: true,
    description:
      "The token (header X-Admin-Token) that opens the admin routes of the providers' simulators under /simulators/ (planned faults, settling a payment); without it those routes are not found.",
  }),
  setting('SMOBILPAY_BASE_URL', providerUrl, {
    default: undefined,
    description:
      "The Smobilpay S3P v2 API bills are paid through, e.g. https://s3pv2cm.smobilpay.com/v2. Unset: this product's own simulator at /simulators/smobilpay, a simulated rail (refused in production).",
  }),
  setting('SMOBILPAY_PUBLIC_TOKEN', providerCredential, {
    default: undefined,
    description:
      "Our Smobilpay public access token (s3pAuth_token); required in production with SMOBILPAY_BASE_URL. Unset elsewhere: the simulator's development token.",
  }),
  setting('SMOBILPAY_SECRET', providerCredential, {
    default: undefined,
    secret: true,
    description:
      "The secret our Smobilpay requests are signed with (HMAC-SHA1); required in production with SMOBILPAY_BASE_URL. Unset elsewhere: the simulator's development secret.",
  }),
  setting('SMOBILPAY_TIMEOUT_MS', wholeNumber({ min: 1000, max: 120_000, unit: 'milliseconds' }), {
    default: '10000',
    description:
      'How long one Smobilpay request may take before it is abandoned (a payment left unknown is then asked about again).',
  }),
  setting('SMOBILPAY_CUSTOMER_EMAIL', emailAddress, {
    default: undefined,
    description:
      'The email address sent with each bill payment as customerEmailaddress (Smobilpay asks for one); omitted when unset.',
  }),
  // MTN MoMo Open API (top-ups and withdrawals by MoMo): unset base URL, this product's simulator.
  setting('MTN_MOMO_BASE_URL', providerUrl, {
    default: undefined,
    description:
      "MTN MoMo's Open API, e.g. https://proxy.momoapi.mtn.com (or https://sandbox.momodeveloper.mtn.com). Unset: this product's own simulator at /simulators/mtn-momo, a simulated rail (refused in production).",
  }),
  setting('MTN_MOMO_TARGET_ENVIRONMENT', oneOf(['mtncameroon', 'sandbox']), {
    default: 'mtncameroon',
    description:
      "MTN's X-Target-Environment: mtncameroon (production Cameroon, XAF; also this product's simulator, so amounts are francs) or sandbox (MTN's sandbox, EUR).",
  }),
  setting('MTN_MOMO_CURRENCY', oneOf(['XAF', 'EUR']), {
    default: undefined,
    description:
      "The currency sent with MTN payments. Unset: the target environment's (XAF for mtncameroon, EUR for sandbox).",
  }),
  setting('MTN_MOMO_API_USER', providerCredential, {
    default: undefined,
    description:
      "Our MTN API user (a UUID); required in production with MTN_MOMO_BASE_URL. Unset elsewhere: the simulator's development user.",
  }),
  setting('MTN_MOMO_API_KEY', providerCredential, {
    default: undefined,
    secret: true,
    description:
      "The API key of MTN_MOMO_API_USER; required in production with MTN_MOMO_BASE_URL. Unset elsewhere: the simulator's development key.",
  }),
  setting('MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY', providerCredential, {
    default: undefined,
    secret: true,
    description:
      "Our subscription key (Ocp-Apim-Subscription-Key) of MTN's Collection product (top-ups); required in production with MTN_MOMO_BASE_URL.",
  }),
  setting('MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY', providerCredential, {
    default: undefined,
    secret: true,
    description:
      "Our subscription key of MTN's Disbursement product (withdrawals); required in production with MTN_MOMO_BASE_URL.",
  }),
  setting('MTN_MOMO_TIMEOUT_MS', wholeNumber({ min: 1000, max: 120_000, unit: 'milliseconds' }), {
    default: '10000',
    description:
      'How long one MTN MoMo request may take before it is abandoned (a payment left unknown is then asked about by its status).',
  }),
  // Merchant payouts to bank accounts: a bank's (or aggregator's) transfer API; unset, this product's simulator.
  setting('BANK_TRANSFER_BASE_URL', providerUrl, {
    default: undefined,
    description:
      "The bank transfer API merchant payouts to bank accounts go through (POST /transfers, GET /transfers/{reference}). Unset: this product's own simulator at /simulators/bank, a simulated rail (refused in production).",
  }),
  setting('BANK_TRANSFER_API_KEY', providerCredential, {
    default: undefined,
    secret: true,
    description:
      "Our API key (a Bearer token) at the bank transfer API; required in production with BANK_TRANSFER_BASE_URL. Unset elsewhere: the simulator's development key.",
  }),
  setting('BANK_TRANSFER_TIMEOUT_MS', wholeNumber({ min: 1000, max: 120_000, unit: 'milliseconds' }), {
    default: '10000',
    description:
      'How long one bank transfer request may take before it is abandoned (the payout stays held and its status is asked later).',
  }),
  setting('BANK_TRANSFER_SETTLEMENT_DELAY_MS', wholeNumber({ min: 0, max: 86_400_000, unit: 'milliseconds' }), {
    default: '5000',
    description:
      'How long this product\'s bank simulator takes to settle a transfer (its "business cycle"); a real bank settles on its own schedule.',
  }),
  // Orange Money Cameroon's MP API (top-ups and withdrawals by OM): unset base URL, this product's simulator.
  setting('ORANGE_MONEY_BASE_URL', providerUrl, {
    default: undefined,
    description:
      "Orange Money's API (the host of /token and /omcoreapis/1.0.2), e.g. https://api-s1.orange.cm. Unset: this product's own simulator at /simulators/orange-money, a simulated rail (refused in production).",
  }),
  setting('ORANGE_MONEY_CONSUMER_KEY', providerCredential, {
    default: undefined,
    description:
      "Our Orange OAuth consumer key; required in production with ORANGE_MONEY_BASE_URL. Unset elsewhere: the simulator's development credentials (as for every ORANGE_MONEY_ credential).",
  }),
  setting('ORANGE_MONEY_CONSUMER_SECRET', providerCredential, {
    default: undefined,
    secret: true,
    description: 'Our Orange OAuth consumer secret; required in production with ORANGE_MONEY_BASE_URL.',
  }),
  setting('ORANGE_MONEY_API_USERNAME', providerCredential, {
    default: undefined,
    description: "Our Orange API user name (X-AUTH-TOKEN's); required in production with ORANGE_MONEY_BASE_URL.",
  }),
  setting('ORANGE_MONEY_API_PASSWORD', providerCredential, {
    default: undefined,
    secret: true,
    description: "Our Orange API password (X-AUTH-TOKEN's); required in production with ORANGE_MONEY_BASE_URL.",
  }),
  setting('ORANGE_MONEY_CHANNEL_MSISDN', orangeChannelMsisdn, {
    default: undefined,
    description:
      'Our merchant (channel user) number at Orange, nine digits without 237; required in production with ORANGE_MONEY_BASE_URL.',
  }),
  setting('ORANGE_MONEY_PIN', merchantPin, {
    default: undefined,
    secret: true,
    description:
      "Our merchant account's PIN, sent with every payment; required in production with ORANGE_MONEY_BASE_URL.",
  }),
  setting('ORANGE_MONEY_TIMEOUT_MS', wholeNumber({ min: 1000, max: 120_000, unit: 'milliseconds' }), {
    default: '15000',
    description:
      'How long one Orange Money request may take before it is abandoned (a payment left unknown is then asked about by its status).',
  }),
  // Notch Pay's hosted checkout (card top-ups): unset base URL, this product's simulator.
  setting('NOTCH_PAY_BASE_URL', providerUrl, {
    default: undefined,
    description:
      "Notch Pay's API for card top-ups, e.g. https://api.notchpay.co. Unset: this product's own simulator at /simulators/notch-pay, a simulated rail (refused in production).",
  }),
  setting('NOTCH_PAY_PUBLIC_KEY', providerCredential, {
    default: undefined,
    description:
      "Our Notch Pay public key (sent as Authorization); required in production with NOTCH_PAY_BASE_URL. Unset elsewhere: the simulator's development key.",
  }),
  setting('NOTCH_PAY_PRIVATE_KEY', providerCredential, {
    default: undefined,
    description: 'Our Notch Pay private key, sent as X-Grant when set (payments do not need it).',
  }),
  setting('NOTCH_PAY_WEBHOOK_HASH_KEY', providerCredential, {
    default: undefined,
    description:
      "The key Notch Pay signs its webhooks with (x-notch-signature, HMAC-SHA256); required in production with NOTCH_PAY_BASE_URL. Unset elsewhere: the simulator's development key.",
  }),
  setting('NOTCH_PAY_TIMEOUT_MS', wholeNumber({ min: 1000, max: 120_000, unit: 'milliseconds' }), {
    default: '15000',
    description: 'How long one Notch Pay request may take before it is abandoned.',
  }),
  setting('NOTCH_PAY_INITIALIZE_PATH', oneOf(['/payments', '/payments/initialize']), {
    default: '/payments',
    description:
      "Where a payment is initialized: /payments (Notch Pay's current reference) or /payments/initialize (its SDKs).",
  }),
  setting('TWILIO_ACCOUNT_SID', twilioAccountSid, {
    default: undefined,
    description:
      'The Twilio account whose SMS webhooks are accepted; when set, a webhook from another account is refused.',
  }),
  setting('TWILIO_AUTH_TOKEN', twilioAuthToken, {
    default: undefined,
    description: 'The Twilio auth token that signs SMS webhooks; the SMS channel is on only when it is set.',
  }),
  setting('TWILIO_SMS_FROM', e164Number, {
    default: undefined,
    description: 'Our Twilio phone number, the sender of SMS the product sends on its own (notices).',
  }),
  setting('TWILIO_API_BASE_URL', publicUrl, {
    default: undefined,
    description:
      'Where the Twilio REST client sends SMS instead of api.twilio.com (a simulator). Without Twilio credentials, npm start runs a local Twilio simulator and uses it.',
  }),
  setting('OUTBOX_INTERVAL_MS', wholeNumber({ min: 100, max: MILLISECONDS_PER_HOUR, unit: 'milliseconds' }), {
    default: '2000',
    description: 'How often the outbox worker looks for notices to send.',
  }),
  setting('OUTBOX_MAX_ATTEMPTS', wholeNumber({ min: 1, max: 50 }), {
    default: '8',
    description: 'How many times a notice is tried (waits doubling from 10 s up to 30 min) before it is marked failed.',
  }),
  setting('OUTBOX_SMS_PER_SECOND', wholeNumber({ min: 1, max: 1000 }), {
    default: '10',
    description: 'How many notices all server processes together send by SMS per clock second, at most.',
  }),
  setting('USSD_CALLBACK_SECRET', callbackSecret, {
    default: undefined,
    secret: true,
    description:
      "The key the USSD gateway sends as `?key=` on its callback URL (Africa's Talking does not sign callbacks); the USSD channel is on only when it is set.",
  }),
  setting('TELEGRAM_BOT_TOKEN', telegramToken, {
    default: undefined,
    secret: true,
    description:
      'The Telegram bot token from BotFather; the Telegram channel is on only when it is set (webhook with PUBLIC_URL, long polling without).',
  }),
  setting('TELEGRAM_WEBHOOK_SECRET', callbackSecret, {
    default: undefined,
    secret: true,
    description:
      'The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token with each webhook call; required when the bot token and PUBLIC_URL are set.',
  }),
  setting('TELEGRAM_API_ROOT', publicUrl, {
    default: 'https://api.telegram.org',
    description: 'The address of the Telegram Bot API (tests point it at a local fake).',
  }),
  setting('WHATSAPP_ENABLED', yesOrNo, {
    default: 'false',
    description:
      "Whether to start the WhatsApp channel (whatsapp-web.js on Debian's Chromium; an unofficial client: see docs/channels.md on the ban risk).",
  }),
  setting('WHATSAPP_SESSION_DIR', path, {
    default: '.data/whatsapp',
    description: 'Where the WhatsApp login is kept across restarts (it is a credential: keep the folder private).',
  }),
  setting('WHATSAPP_CLOUD_ENABLED', yesOrNo, {
    default: 'false',
    description:
      'Whether the WhatsApp Cloud API channel (the official API, another number than whatsapp-web.js) takes webhooks at /webhooks/whatsapp and answers through the Graph API; it then needs the four WHATSAPP_CLOUD_ credentials below. Outside production, without WHATSAPP_CLOUD_ACCESS_TOKEN, npm start runs it against a local Graph API simulator.',
  }),
  setting('WHATSAPP_CLOUD_ACCESS_TOKEN', graphAccessToken, {
    default: undefined,
    secret: true,
    description: "A system user's access token of the Meta app, sent as the bearer token of every Graph API call.",
  }),
  setting('WHATSAPP_CLOUD_PHONE_NUMBER_ID', graphPhoneNumberId, {
    default: undefined,
    description:
      "Our WhatsApp business number's ID at Meta: messages are sent from it, and webhooks for other numbers of the app are ignored.",
  }),
  setting('WHATSAPP_CLOUD_APP_SECRET', metaAppSecret, {
    default: undefined,
    secret: true,
    description:
      "The Meta app's secret, which signs every webhook (X-Hub-Signature-256); a webhook it did not sign is refused.",
  }),
  setting('WHATSAPP_CLOUD_VERIFY_TOKEN', callbackSecret, {
    default: undefined,
    secret: true,
    description:
      "The verify token typed in the Meta app's webhook settings; Meta sends it back once to check the webhook URL.",
  }),
  setting('WHATSAPP_CLOUD_GRAPH_URL', publicUrl, {
    default: 'https://graph.facebook.com',
    description: 'Where the Graph API is (tests and the local simulator point it elsewhere).',
  }),
  setting('WHATSAPP_CLOUD_GRAPH_VERSION', graphVersion, {
    default: 'v24.0',
    description:
      'The Graph API version in every call path; Meta retires each version about two years after its release.',
  }),
  setting('WHATSAPP_CLOUD_TIMEOUT_MS', wholeNumber({ min: 1000, max: 60_000, unit: 'milliseconds' }), {
    default: '10000',
    description:
      'How long one Graph API call may take; a call that times out is not repeated (Meta may have taken the message).',
  }),
  setting(
    'WHATSAPP_CLOUD_PIN_FLOW_ID',
    { schema: z.string().regex(/^\d{5,20}$/), rule: 'must be the Flow ID WhatsApp Manager shows: digits only' },
    {
      default: undefined,
      description:
        'The published WhatsApp Flow that asks for PINs (its JSON is in docs/channels.md): steps that need a PIN send it as a form, whose answer never enters the chat. Unset: PINs are typed in the chat (the local simulator uses a Flow of its own).',
    },
  ),
  setting(
    'WHATSAPP_CLOUD_FLOW_PRIVATE_KEY',
    {
      // An environment variable holds one line: a PEM may be given with its line breaks written \n.
      schema: z
        .string()
        .transform((pem) => pem.replace(/\\n/g, '\n'))
        .refine((pem) => /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem)),
      rule: 'must be an RSA private key in PEM (line breaks may be written \\n)',
    },
    {
      default: undefined,
      secret: true,
      description:
        "Our RSA private key (2048 bits) for the PIN Flow's data endpoint at /whatsapp/flows: WhatsApp encrypts each answer's AES key with its public half, which is registered for our number with Meta. Required with WHATSAPP_CLOUD_PIN_FLOW_ID; outside production without it, a key pair is made at start for the local simulator.",
    },
  ),
  setting(
    'WHATSAPP_CLOUD_FLOW_TOKEN_TTL_MS',
    wholeNumber({ min: 10_000, max: MILLISECONDS_PER_HOUR, unit: 'milliseconds' }),
    {
      default: '600000',
      description:
        'How long a PIN form stays usable after it is sent; its token is also used once only, and only while the person is still at the step that asked.',
    },
  ),
  setting(
    'WHATSAPP_CLOUD_TEMPLATES',
    {
      schema: z
        .string()
        .regex(
          /^([a-zA-Z]+\.[a-zA-Z]+=[a-z0-9_]+\(([a-zA-Z]+(,[a-zA-Z]+)*)?\))(;[a-zA-Z]+\.[a-zA-Z]+=[a-z0-9_]+\(([a-zA-Z]+(,[a-zA-Z]+)*)?\))*$/,
        )
        .transform((spec) =>
          spec.split(';').map((entry) => {
            const [notice = '', rest = ''] = entry.split('=');
            const name = rest.slice(0, rest.indexOf('('));
            const inside = rest.slice(rest.indexOf('(') + 1, -1);
            return { notice, name, params: inside === '' ? [] : inside.split(',') };
          }),
        ),
      rule: 'must list notice=template(param,…) entries separated by ;',
    },
    {
      default:
        'payments.received=money_received(amount,sender,number,reference);money.topUpSucceeded=topup_received(amount,balance,reference);payments.requestReceived=payment_request(requester,amount,reason,date);payments.requestReceivedNoReason=payment_request_no_reason(requester,amount,date)',
      description:
        "The approved message templates notices use outside WhatsApp's 24-hour window: the notice's key, the template's name at Meta, and the notice's parameters in the order of the template's {{1}}, {{2}}…. A notice without one goes by SMS then. The texts to submit are in docs/channels.md.",
    },
  ),
  setting(
    'WHATSAPP_CLOUD_TEMPLATE_LANGUAGES',
    {
      schema: z
        .string()
        .regex(/^fr=[a-zA-Z_]{2,15},en=[a-zA-Z_]{2,15}$/)
        .transform((spec) => {
          const [fr = '', en = ''] = spec.split(',').map((pair) => pair.slice(3));
          return { fr, en };
        }),
      rule: "must be fr=<Meta's code>,en=<Meta's code>, e.g. fr=fr,en=en_US",
    },
    {
      default: 'fr=fr,en=en',
      description: "The language code of each template's French and English versions, as submitted to Meta.",
    },
  ),
] as const;

/** The validated configuration, one property per setting. */
export type Config = {
  readonly [S in (typeof settings)[number] as S['name']]: z.output<S['schema']>;
};

/** A missing or bad setting: the message names each one and why, and never holds a secret value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

// Settings whose presence turns a channel on; each channel's webhooks are verified against PUBLIC_URL.
const CHANNEL_CREDENTIALS = ['TWILIO_AUTH_TOKEN', 'USSD_CALLBACK_SECRET'] as const;

// What the WhatsApp Cloud API channel needs to run against Meta.
const WHATSAPP_CLOUD_CREDENTIALS = [
  'WHATSAPP_CLOUD_ACCESS_TOKEN',
  'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
] as const;

/**
 * The payment rails' base URL settings and the credentials each requires in production; with a real base URL the
 * start also refuses any of them unset elsewhere (bots/app/paymentRailsSetup.ts: development values open only
 * simulators).
 */
export const RAIL_CREDENTIALS = {
  MTN_MOMO_BASE_URL: [
    'MTN_MOMO_API_USER',
    'MTN_MOMO_API_KEY',
    'MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY',
    'MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY',
  ],
  ORANGE_MONEY_BASE_URL: [
    'ORANGE_MONEY_CONSUMER_KEY',
    'ORANGE_MONEY_CONSUMER_SECRET',
    'ORANGE_MONEY_API_USERNAME',
    'ORANGE_MONEY_API_PASSWORD',
    'ORANGE_MONEY_CHANNEL_MSISDN',
    'ORANGE_MONEY_PIN',
  ],
  NOTCH_PAY_BASE_URL: ['NOTCH_PAY_PUBLIC_KEY', 'NOTCH_PAY_WEBHOOK_HASH_KEY'],
} as const satisfies Record<string, readonly (keyof Config)[]>;

const configSchema = z
  .object(Object.fromEntries(settings.map((s) => [s.name, s.schema])))
  .superRefine((config, context) => {
    if (config.NODE_ENV === 'production' && config.MONGODB_URI === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['MONGODB_URI'],
        message: 'is required when NODE_ENV is production (a production server must never start a local database)',
      });
    }
    if (config.NODE_ENV === 'production' && config.PIN_PEPPER === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['PIN_PEPPER'],
        message: 'is required when NODE_ENV is production (without it a copy of the database reveals every PIN)',
      });
    }
    // A real Smobilpay needs our own credentials; without SMOBILPAY_BASE_URL the rail is simulated, which the
    // start refuses in production with every other simulated rail (bots/app/simulatedRailsGuard.ts).
    if (config.NODE_ENV === 'production' && config.SMOBILPAY_BASE_URL !== undefined) {
      for (const name of ['SMOBILPAY_PUBLIC_TOKEN', 'SMOBILPAY_SECRET'] as const) {
        if (config[name] === undefined) {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required when NODE_ENV is production and SMOBILPAY_BASE_URL is set',
          });
        }
      }
    }
    // A real payment rail needs our own credentials, and PUBLIC_URL for its callbacks (without a base URL the rail
    // is simulated, which the start refuses in production: bots/app/simulatedRailsGuard.ts).
    if (config.NODE_ENV === 'production') {
      for (const [url, required] of Object.entries(RAIL_CREDENTIALS)) {
        if (config[url] === undefined) continue;
        for (const name of [...required, 'PUBLIC_URL'] as const) {
          if (config[name] !== undefined) continue;
          const why = name === 'PUBLIC_URL' ? ' (the provider calls back there)' : '';
          context.addIssue({
            code: 'custom',
            path: [name],
            message: `is required when NODE_ENV is production and ${url} is set${why}`,
          });
        }
      }
    }
    if (config.NODE_ENV === 'production' && config.PUBLIC_URL === undefined) {
      const channel = CHANNEL_CREDENTIALS.find((name) => config[name] !== undefined);
      if (channel !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message: `is required when NODE_ENV is production and ${channel} is set (webhook signatures are checked against it)`,
        });
      }
    }
    // Production with the channel on, or credentials given anywhere: all four, or a half-configured channel that
    // would refuse every webhook or send nothing.
    if (
      (config.NODE_ENV === 'production' && config.WHATSAPP_CLOUD_ENABLED) ||
      config.WHATSAPP_CLOUD_ACCESS_TOKEN !== undefined
    ) {
      const reason =
        config.NODE_ENV === 'production' && config.WHATSAPP_CLOUD_ENABLED
          ? 'WHATSAPP_CLOUD_ENABLED is true in production'
          : 'WHATSAPP_CLOUD_ACCESS_TOKEN is set';
      for (const name of WHATSAPP_CLOUD_CREDENTIALS) {
        if (config[name] === undefined) {
          context.addIssue({ code: 'custom', path: [name], message: `is required when ${reason}` });
        }
      }
    }
    // A merchant's webhook URL is chosen by the merchant: in production it may only be public https.
    for (const name of ['WEBHOOK_ALLOW_HTTP', 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES'] as const) {
      if (config.NODE_ENV === 'production' && config[name] === true) {
        context.addIssue({ code: 'custom', path: [name], message: 'must be false when NODE_ENV is production' });
      }
    }
    if (config.TELEGRAM_BOT_TOKEN && config.PUBLIC_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
      context.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'is required when TELEGRAM_BOT_TOKEN and PUBLIC_URL are set (it authenticates the webhook calls)',
      });
    }
  });

/** Reads and validates every setting from the environment; throws a ConfigError naming each bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) throw new ConfigError(describeProblems(result.error.issues, env));
  // The schema's shape is built from `settings`, so its output has exactly the properties and types of Config.
  return Object.freeze(result.data) as Config;
}

function describeProblems(issues: readonly z.core.$ZodIssue[], env: NodeJS.ProcessEnv): string[] {
  return settings.flatMap((s) => {
    const issue = issues.find((i) => i.path[0] === s.name);
    if (issue === undefined) return [];
    if (issue.code === 'custom') return [`${s.name} ${issue.message}`];
    // Only a value that was given can break a rule: defaults are valid and unset optional settings are absent.
    const raw = normalize(env[s.name]) ?? '';
    return [`${s.name} ${s.rule}${describeValue(s, raw)}`];
  });
}

const MAX_SHOWN_LENGTH = 60;

function describeValue(s: Setting, raw: string): string {
  const shown = s.secret ? s.showSecret?.(raw) : raw;
  if (shown === undefined) return ' (the value is secret and not shown)';
  const short = shown.length > MAX_SHOWN_LENGTH ? `${shown.slice(0, MAX_SHOWN_LENGTH)}…` : shown;
  return ` (got ${JSON.stringify(short)})`;
}
