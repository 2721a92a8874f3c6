import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Config, ConfigError, loadConfig, settings } from '../../integrations/config';

const repositoryRoot = path.resolve(__dirname, '..', '..');
// Built at run time so that nothing in the repository looks like a real Twilio credential.
const TWILIO_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TWILIO_AUTH_TOKEN = 'fedcba9876543210'.repeat(2);
const PIN_PEPPER = 'a-pepper-of-forty-characters-for-tests-0';
const SMOBILPAY_SECRET = 'a-smobilpay-secret-for-tests';
// The four credentials of the WhatsApp Cloud API channel, made up in Meta's forms.
const WHATSAPP_CLOUD = {
  WHATSAPP_CLOUD_ACCESS_TOKEN: `EAAG${'x1Y2z3'.repeat(6)}`,
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_CLOUD_APP_SECRET: '0a1b2c3d'.repeat(4),
  WHATSAPP_CLOUD_VERIFY_TOKEN: 'whatsapp-verify-token-2026',
};

const MTN_API_USER = '3f0b7c1e-9d2a-4c5b-8e6f-1a2b3c4d5e6f';

/** Every payment rail setting, as the environment gives them. */
const RAILS_ENV = {
  MTN_MOMO_BASE_URL: 'https://proxy.momoapi.mtn.com/',
  MTN_MOMO_TARGET_ENVIRONMENT: 'sandbox',
  MTN_MOMO_CURRENCY: 'EUR',
  MTN_MOMO_API_USER: MTN_API_USER,
  MTN_MOMO_API_KEY: 'an-mtn-api-key-for-tests',
  MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY: 'an-mtn-collection-key',
  MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY: 'an-mtn-disbursement-key',
  MTN_MOMO_TIMEOUT_MS: '8000',
  ORANGE_MONEY_BASE_URL: 'https://api-s1.orange.cm',
  ORANGE_MONEY_CONSUMER_KEY: 'an-orange-consumer-key',
  ORANGE_MONEY_CONSUMER_SECRET: 'an-orange-consumer-secret',
  ORANGE_MONEY_API_USERNAME: 'OURMERCHANT',
  ORANGE_MONEY_API_PASSWORD: 'an-orange-api-password',
  ORANGE_MONEY_CHANNEL_MSISDN: '691234567',
  ORANGE_MONEY_PIN: '4321',
  ORANGE_MONEY_TIMEOUT_MS: '9000',
  NOTCH_PAY_BASE_URL: 'https://api.notchpay.co',
  NOTCH_PAY_PUBLIC_KEY: 'pk.a-notch-pay-public-key',
  NOTCH_PAY_PRIVATE_KEY: 'sk.a-notch-pay-private-key',
  NOTCH_PAY_WEBHOOK_HASH_KEY: 'hsk.a-notch-pay-hash-key',
  NOTCH_PAY_TIMEOUT_MS: '7000',
  NOTCH_PAY_INITIALIZE_PATH: '/payments/initialize',
};
/** The templates notices use outside WhatsApp's 24-hour window unless the settings say otherwise. */
const DEFAULT_TEMPLATES = [
  { notice: 'payments.received', name: 'money_received', params: ['amount', 'sender', 'number', 'reference'] },
  { notice: 'money.topUpSucceeded', name: 'topup_received', params: ['amount', 'balance', 'reference'] },
  { notice: 'payments.requestReceived', name: 'payment_request', params: ['requester', 'amount', 'reason', 'date'] },
  {
    notice: 'payments.requestReceivedNoReason',
    name: 'payment_request_no_reason',
    params: ['requester', 'amount', 'date'],
  },
];

/** The ConfigError loadConfig throws for env; fails the test if it does not throw one. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual<Config>({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      MONGODB_URI: undefined,
      LOCAL_DB_DIR: '.data/ferretdb',
      LOCAL_DB_PORT: 27018,
      RECOVERY_INTERVAL_MS: 5000,
      RECOVERY_GRACE_MS: 2000,
      LEDGER_UNDECIDED_MAX_AGE_MS: 600_000,
      PENDING_TRANSFER_TTL_MS: 900_000,
      SESSION_IDLE_MS: 300_000,
      TURN_TIMEOUT_MS: 15_000,
      MESSAGES_PER_MINUTE: 30,
      API_RATE_LIMIT_REQUESTS: 100,
      API_RATE_LIMIT_WINDOW_SECONDS: 10,
      API_IDEMPOTENCY_LOCK_SECONDS: 60,
      KYC_MAX_UPLOAD_BYTES: 5_242_880,
      PIN_LOCK_MS: 1_800_000,
      PIN_PEPPER: undefined,
      CLAIM_DAYS: 7,
      PAYMENT_REQUEST_DAYS: 3,
      TOPUP_OTHER_NUMBERS_PER_DAY: 2,
      SWEEP_INTERVAL_MS: 60_000,
      ACCOUNT_HOLDER_TIMEOUT_MS: 3000,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_INTERVAL_MS: 2000,
      WEBHOOK_ALLOW_HTTP: false,
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: false,
      CARD_CANCEL_BEFORE_HOLD_END_MS: 600_000,
      SIMULATED_RAIL_DELAY_MS: 3000,
      PORT: 3000,
      LOCAL_PORT: 3001,
      METRICS_TOKEN: undefined,
      SIMULATED_RAILS: false,
      PUBLIC_URL: undefined,
      SIMULATORS_ADMIN_TOKEN: undefined,
      SMOBILPAY_BASE_URL: undefined,
      SMOBILPAY_PUBLIC_TOKEN: undefined,
      SMOBILPAY_SECRET: undefined,
      SMOBILPAY_TIMEOUT_MS: 10_000,
      SMOBILPAY_CUSTOMER_EMAIL: undefined,
      MTN_MOMO_BASE_URL: undefined,
      MTN_MOMO_TARGET_ENVIRONMENT: 'mtncameroon',
      MTN_MOMO_CURRENCY: undefined,
      MTN_MOMO_API_USER: undefined,
      MTN_MOMO_API_KEY: undefined,
      MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY: undefined,
      MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY: undefined,
      MTN_MOMO_TIMEOUT_MS: 10_000,
      BANK_TRANSFER_BASE_URL: undefined,
      BANK_TRANSFER_API_KEY: undefined,
      BANK_TRANSFER_TIMEOUT_MS: 10_000,
      BANK_TRANSFER_SETTLEMENT_DELAY_MS: 5000,
      ORANGE_MONEY_BASE_URL: undefined,
      ORANGE_MONEY_CONSUMER_KEY: undefined,
      ORANGE_MONEY_CONSUMER_SECRET: undefined,
      ORANGE_MONEY_API_USERNAME: undefined,
      ORANGE_MONEY_API_PASSWORD: undefined,
      ORANGE_MONEY_CHANNEL_MSISDN: undefined,
      ORANGE_MONEY_PIN: undefined,
      ORANGE_MONEY_TIMEOUT_MS: 15_000,
      NOTCH_PAY_BASE_URL: undefined,
      NOTCH_PAY_PUBLIC_KEY: undefined,
      NOTCH_PAY_PRIVATE_KEY: undefined,
      NOTCH_PAY_WEBHOOK_HASH_KEY: undefined,
      NOTCH_PAY_TIMEOUT_MS: 15_000,
      NOTCH_PAY_INITIALIZE_PATH: '/payments',
      TWILIO_ACCOUNT_SID: undefined,
      TWILIO_AUTH_TOKEN: undefined,
      TWILIO_SMS_FROM: undefined,
      TWILIO_API_BASE_URL: undefined,
      OUTBOX_INTERVAL_MS: 2000,
      OUTBOX_MAX_ATTEMPTS: 8,
      OUTBOX_SMS_PER_SECOND: 10,
      USSD_CALLBACK_SECRET: undefined,
      TELEGRAM_BOT_TOKEN: undefined,
      TELEGRAM_WEBHOOK_SECRET: undefined,
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      WHATSAPP_ENABLED: false,
      WHATSAPP_SESSION_DIR: '.data/whatsapp',
      WHATSAPP_CLOUD_ENABLED: false,
      WHATSAPP_CLOUD_ACCESS_TOKEN: undefined,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: undefined,
      WHATSAPP_CLOUD_APP_SECRET: undefined,
      WHATSAPP_CLOUD_VERIFY_TOKEN: undefined,
      WHATSAPP_CLOUD_GRAPH_URL: 'https://graph.facebook.com',
      WHATSAPP_CLOUD_GRAPH_VERSION: 'v24.0',
      WHATSAPP_CLOUD_TIMEOUT_MS: 10_000,
      WHATSAPP_CLOUD_PIN_FLOW_ID: undefined,
      WHATSAPP_CLOUD_FLOW_PRIVATE_KEY: undefined,
      WHATSAPP_CLOUD_FLOW_TOKEN_TTL_MS: 600_000,
      WHATSAPP_CLOUD_TEMPLATES: DEFAULT_TEMPLATES,
      WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: { fr: 'fr', en: 'en' },
    });
  });

  it('reads every setting from its environment string', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      MONGODB_URI: 'mongodb+srv://app:pw@cluster0.example.net/pay?retryWrites=true',
      LOCAL_DB_DIR: '/var/lib/pay/db',
      LOCAL_DB_PORT: '27099',
      RECOVERY_INTERVAL_MS: '250',
      RECOVERY_GRACE_MS: '1000',
      LEDGER_UNDECIDED_MAX_AGE_MS: '60000',
      PENDING_TRANSFER_TTL_MS: '600000',
      SESSION_IDLE_MS: '120000',
      TURN_TIMEOUT_MS: '5000',
      MESSAGES_PER_MINUTE: '12',
      PIN_LOCK_MS: '600000',
      PIN_PEPPER: PIN_PEPPER,
      CLAIM_DAYS: '14',
      PAYMENT_REQUEST_DAYS: '2',
      TOPUP_OTHER_NUMBERS_PER_DAY: '3',
      SWEEP_INTERVAL_MS: '30000',
      ACCOUNT_HOLDER_TIMEOUT_MS: '2500',
      WEBHOOK_TIMEOUT_MS: '5000',
      WEBHOOK_INTERVAL_MS: '500',
      WEBHOOK_ALLOW_HTTP: 'false',
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false',
      CARD_CANCEL_BEFORE_HOLD_END_MS: '900000',
      SIMULATED_RAIL_DELAY_MS: '0',
      PORT: '8080',
      LOCAL_PORT: '9090',
      METRICS_TOKEN: 'metrics-scrape-token-2026-abcdef',
      SIMULATED_RAILS: 'true',
      PUBLIC_URL: 'https://pay.example.cm/chat/',
      SIMULATORS_ADMIN_TOKEN: 'simulators-admin-token-2026',
      SMOBILPAY_BASE_URL: 'https://s3pv2cm.smobilpay.com/v2/',
      SMOBILPAY_PUBLIC_TOKEN: '6B352110-4716-11ED-963F-0800200C9A66',
      SMOBILPAY_SECRET: SMOBILPAY_SECRET,
      SMOBILPAY_TIMEOUT_MS: '20000',
      SMOBILPAY_CUSTOMER_EMAIL: 'bills@pay.example.cm',
      ...RAILS_ENV,
      TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: TWILIO_AUTH_TOKEN,
      TWILIO_SMS_FROM: '+237650000000',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
      OUTBOX_INTERVAL_MS: '500',
      OUTBOX_MAX_ATTEMPTS: '3',
      OUTBOX_SMS_PER_SECOND: '2',
      USSD_CALLBACK_SECRET: 'k3y-for-the-ussd-gateway_2026',
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789',
      TELEGRAM_WEBHOOK_SECRET: 'telegram-webhook-secret-2026',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:4020',
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_SESSION_DIR: '/var/lib/pay/whatsapp',
      ...WHATSAPP_CLOUD,
      WHATSAPP_CLOUD_ENABLED: 'true',
      WHATSAPP_CLOUD_GRAPH_URL: 'http://127.0.0.1:4030/',
      WHATSAPP_CLOUD_GRAPH_VERSION: 'v23.0',
      WHATSAPP_CLOUD_TIMEOUT_MS: '5000',
    });
    expect(config).toEqual<Config>({
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      MONGODB_URI: 'mongodb+srv://app:pw@cluster0.example.net/pay?retryWrites=true',
      LOCAL_DB_DIR: '/var/lib/pay/db',
      LOCAL_DB_PORT: 27099,
      RECOVERY_INTERVAL_MS: 250,
      RECOVERY_GRACE_MS: 1000,
      LEDGER_UNDECIDED_MAX_AGE_MS: 60_000,
      PENDING_TRANSFER_TTL_MS: 600_000,
      SESSION_IDLE_MS: 120_000,
      TURN_TIMEOUT_MS: 5000,
      MESSAGES_PER_MINUTE: 12,
      API_RATE_LIMIT_REQUESTS: 100,
      API_RATE_LIMIT_WINDOW_SECONDS: 10,
      API_IDEMPOTENCY_LOCK_SECONDS: 60,
      KYC_MAX_UPLOAD_BYTES: 5_242_880,
      PIN_LOCK_MS: 600_000,
      PIN_PEPPER: PIN_PEPPER,
      CLAIM_DAYS: 14,
      PAYMENT_REQUEST_DAYS: 2,
      TOPUP_OTHER_NUMBERS_PER_DAY: 3,
      SWEEP_INTERVAL_MS: 30_000,
      ACCOUNT_HOLDER_TIMEOUT_MS: 2500,
      WEBHOOK_TIMEOUT_MS: 5000,
      WEBHOOK_INTERVAL_MS: 500,
      WEBHOOK_ALLOW_HTTP: false,
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: false,
      CARD_CANCEL_BEFORE_HOLD_END_MS: 900_000,
      SIMULATED_RAIL_DELAY_MS: 0,
      PORT: 8080,
      LOCAL_PORT: 9090,
      METRICS_TOKEN: 'metrics-scrape-token-2026-abcdef',
      SIMULATED_RAILS: true,
      PUBLIC_URL: 'https://pay.example.cm/chat',
      SIMULATORS_ADMIN_TOKEN: 'simulators-admin-token-2026',
      SMOBILPAY_BASE_URL: 'https://s3pv2cm.smobilpay.com/v2',
      SMOBILPAY_PUBLIC_TOKEN: '6B352110-4716-11ED-963F-0800200C9A66',
      SMOBILPAY_SECRET: SMOBILPAY_SECRET,
      SMOBILPAY_TIMEOUT_MS: 20_000,
      SMOBILPAY_CUSTOMER_EMAIL: 'bills@pay.example.cm',
      MTN_MOMO_BASE_URL: 'https://proxy.momoapi.mtn.com',
      MTN_MOMO_TARGET_ENVIRONMENT: 'sandbox',
      MTN_MOMO_CURRENCY: 'EUR',
      MTN_MOMO_API_USER: MTN_API_USER,
      MTN_MOMO_API_KEY: 'an-mtn-api-key-for-tests',
      MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY: 'an-mtn-collection-key',
      MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY: 'an-mtn-disbursement-key',
      MTN_MOMO_TIMEOUT_MS: 8000,
      BANK_TRANSFER_BASE_URL: undefined,
      BANK_TRANSFER_API_KEY: undefined,
      BANK_TRANSFER_TIMEOUT_MS: 10_000,
      BANK_TRANSFER_SETTLEMENT_DELAY_MS: 5000,
      ORANGE_MONEY_BASE_URL: 'https://api-s1.orange.cm',
      ORANGE_MONEY_CONSUMER_KEY: 'an-orange-consumer-key',
      ORANGE_MONEY_CONSUMER_SECRET: 'an-orange-consumer-secret',
      ORANGE_MONEY_API_USERNAME: 'OURMERCHANT',
      ORANGE_MONEY_API_PASSWORD: 'an-orange-api-password',
      ORANGE_MONEY_CHANNEL_MSISDN: '691234567',
      ORANGE_MONEY_PIN: '4321',
      ORANGE_MONEY_TIMEOUT_MS: 9000,
      NOTCH_PAY_BASE_URL: 'https://api.notchpay.co',
      NOTCH_PAY_PUBLIC_KEY: 'pk.a-notch-pay-public-key',
      NOTCH_PAY_PRIVATE_KEY: 'sk.a-notch-pay-private-key',
      NOTCH_PAY_WEBHOOK_HASH_KEY: 'hsk.a-notch-pay-hash-key',
      NOTCH_PAY_TIMEOUT_MS: 7000,
      NOTCH_PAY_INITIALIZE_PATH: '/payments/initialize',
      TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: TWILIO_AUTH_TOKEN,
      TWILIO_SMS_FROM: '+237650000000',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
      OUTBOX_INTERVAL_MS: 500,
      OUTBOX_MAX_ATTEMPTS: 3,
      OUTBOX_SMS_PER_SECOND: 2,
      USSD_CALLBACK_SECRET: 'k3y-for-the-ussd-gateway_2026',
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789',
      TELEGRAM_WEBHOOK_SECRET: 'telegram-webhook-secret-2026',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:4020',
      WHATSAPP_ENABLED: true,
      WHATSAPP_SESSION_DIR: '/var/lib/pay/whatsapp',
      ...WHATSAPP_CLOUD,
      WHATSAPP_CLOUD_ENABLED: true,
      WHATSAPP_CLOUD_GRAPH_URL: 'http://127.0.0.1:4030',
      WHATSAPP_CLOUD_GRAPH_VERSION: 'v23.0',
      WHATSAPP_CLOUD_TIMEOUT_MS: 5000,
      WHATSAPP_CLOUD_PIN_FLOW_ID: undefined,
      WHATSAPP_CLOUD_FLOW_PRIVATE_KEY: undefined,
      WHATSAPP_CLOUD_FLOW_TOKEN_TTL_MS: 600_000,
      WHATSAPP_CLOUD_TEMPLATES: DEFAULT_TEMPLATES,
      WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: { fr: 'fr', en: 'en' },
    });
  });

  it('treats an empty or blank value as unset and ignores surrounding spaces', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '  ', RECOVERY_INTERVAL_MS: ' 750\n' })).toMatchObject({
      PORT: 3000,
      LOG_LEVEL: 'info',
      RECOVERY_INTERVAL_MS: 750,
    });
  });

  it('ignores environment variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });

  it('returns a configuration that cannot be changed afterwards', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('names a bad number, says what it must be, and shows what it got', () => {
    expect(configError({ RECOVERY_INTERVAL_MS: 'abc' }).message).toBe(
      'Invalid configuration: RECOVERY_INTERVAL_MS must be a whole number of milliseconds ≥ 100 and ≤ 3600000 (got "abc")',
    );
  });

  it.each([
    ['a fraction', '3000.5'],
    ['a negative number', '-1'],
    ['an exponent', '3e3'],
    ['a hexadecimal number', '0x50'],
    ['zero', '0'],
    ['more than a port can be', '65536'],
  ])('refuses %s as a port', (_kind, value) => {
    expect(configError({ PORT: value }).problems).toEqual([
      `PORT must be a whole number ≥ 1 and ≤ 65535 (got ${JSON.stringify(value)})`,
    ]);
  });

  it('refuses durations outside their sensible range', () => {
    expect(configError({ RECOVERY_GRACE_MS: '99' }).problems).toEqual([
      'RECOVERY_GRACE_MS must be a whole number of milliseconds ≥ 100 and ≤ 3600000 (got "99")',
    ]);
    expect(configError({ PENDING_TRANSFER_TTL_MS: '99999999999' }).problems).toEqual([
      'PENDING_TRANSFER_TTL_MS must be a whole number of milliseconds ≥ 1000 and ≤ 604800000 (got "99999999999")',
    ]);
  });

  it.each([
    ['a URL with a query', 'PUBLIC_URL', 'https://pay.example.cm/?a=1'],
    ['a host without a scheme', 'PUBLIC_URL', 'pay.example.cm'],
    ['an account SID of the wrong length', 'TWILIO_ACCOUNT_SID', 'AC123'],
    ['a local number as our sender', 'TWILIO_SMS_FROM', '650000000'],
  ])('refuses %s', (_case, name, value) => {
    expect(configError({ [name]: value }).problems).toEqual([expect.stringMatching(new RegExp(`^${name} must be `))]);
  });

  it('never shows a bad Twilio auth token', () => {
    const problems = configError({ TWILIO_AUTH_TOKEN: `${TWILIO_AUTH_TOKEN}x` }).problems;
    expect(problems).toEqual([
      'TWILIO_AUTH_TOKEN must be a Twilio auth token: 32 hexadecimal digits (the value is secret and not shown)',
    ]);
  });

  it('names a value outside a list and gives the list', () => {
    expect(configError({ NODE_ENV: 'prod' }).problems).toEqual([
      'NODE_ENV must be one of development, test, production (got "prod")',
    ]);
    expect(configError({ LOG_LEVEL: 'verbose' }).problems).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ]);
  });

  it('reports every bad setting at once, in the documented order', () => {
    const error = configError({ PORT: 'http', NODE_ENV: 'staging', LOCAL_DB_PORT: '0' });
    expect(error.problems.map((problem) => problem.split(' ')[0])).toEqual(['NODE_ENV', 'LOCAL_DB_PORT', 'PORT']);
    expect(error.message).toBe(`Invalid configuration: ${error.problems.join('; ')}`);
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
  });

  it('cuts a long bad value short in the message', () => {
    const [problem] = configError({ LOG_LEVEL: 'x'.repeat(500) }).problems;
    expect(problem).toContain(`(got "${'x'.repeat(60)}…")`);
  });

  describe('in production', () => {
    it('refuses to start without MONGODB_URI rather than starting a local database', () => {
      expect(configError({ NODE_ENV: 'production', PIN_PEPPER }).problems).toEqual([
        'MONGODB_URI is required when NODE_ENV is production (a production server must never start a local database)',
      ]);
      expect(configError({ NODE_ENV: 'production', MONGODB_URI: ' ', PIN_PEPPER }).problems[0]).toMatch(
        /^MONGODB_URI is required/,
      );
    });

    it('refuses to start without PIN_PEPPER, so a copy of the database cannot be used to guess PINs', () => {
      expect(configError({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay' }).problems).toEqual([
        'PIN_PEPPER is required when NODE_ENV is production (without it a copy of the database reveals every PIN)',
      ]);
      const short = configError({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay', PIN_PEPPER: 'short' });
      expect(short.problems).toEqual([
        'PIN_PEPPER must be 32 to 256 characters, e.g. from openssl rand -base64 48 (the value is secret and not shown)',
      ]);
      expect(loadConfig({ NODE_ENV: 'development' }).PIN_PEPPER).toBeUndefined();
    });

    it('refuses http and private webhook addresses, which only development and tests may allow', () => {
      const production = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay', PIN_PEPPER };
      expect(
        configError({ ...production, WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }).problems,
      ).toEqual([
        'WEBHOOK_ALLOW_HTTP must be false when NODE_ENV is production',
        'WEBHOOK_ALLOW_PRIVATE_ADDRESSES must be false when NODE_ENV is production',
      ]);
      expect(
        loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }).WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      ).toBe(true);
    });

    it('starts with MONGODB_URI and PIN_PEPPER', () => {
      expect(loadConfig({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay', PIN_PEPPER })).toMatchObject({
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb://db:27017/pay',
      });
    });

    it.each(['development', 'test'])('lets %s start its local database', (nodeEnv) => {
      expect(loadConfig({ NODE_ENV: nodeEnv }).MONGODB_URI).toBeUndefined();
    });

    it('refuses a real Smobilpay without our credentials (without SMOBILPAY_BASE_URL the rail is simulated)', () => {
      const base = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay', PIN_PEPPER };
      const SMOBILPAY_BASE_URL = 'https://s3pv2cm.smobilpay.com/v2';
      expect(configError({ ...base, SMOBILPAY_BASE_URL }).problems).toEqual([
        'SMOBILPAY_PUBLIC_TOKEN is required when NODE_ENV is production and SMOBILPAY_BASE_URL is set',
        'SMOBILPAY_SECRET is required when NODE_ENV is production and SMOBILPAY_BASE_URL is set',
      ]);
      const PUBLIC_TOKEN = '6B352110-4716-11ED-963F-0800200C9A66';
      expect(
        loadConfig({ ...base, SMOBILPAY_BASE_URL, SMOBILPAY_PUBLIC_TOKEN: PUBLIC_TOKEN, SMOBILPAY_SECRET }),
      ).toMatchObject({ SMOBILPAY_BASE_URL, SMOBILPAY_PUBLIC_TOKEN: PUBLIC_TOKEN });
      // Outside production, the simulator's development credentials stand in.
      expect(loadConfig({ SMOBILPAY_BASE_URL: 'http://127.0.0.1:3000/simulators/smobilpay' }).SMOBILPAY_SECRET).toBe(
        undefined,
      );
    });

    it('refuses a real payment rail without our credentials and PUBLIC_URL (unset base URL: simulated)', () => {
      const base = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay', PIN_PEPPER };
      expect(configError({ ...base, MTN_MOMO_BASE_URL: 'https://proxy.momoapi.mtn.com' }).problems).toEqual([
        'PUBLIC_URL is required when NODE_ENV is production and MTN_MOMO_BASE_URL is set (the provider calls back there)',
        'MTN_MOMO_API_USER is required when NODE_ENV is production and MTN_MOMO_BASE_URL is set',
        'MTN_MOMO_API_KEY is required when NODE_ENV is production and MTN_MOMO_BASE_URL is set',
        'MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY is required when NODE_ENV is production and MTN_MOMO_BASE_URL is set',
        'MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY is required when NODE_ENV is production and MTN_MOMO_BASE_URL is set',
      ]);
      const PUBLIC_URL = 'https://pay.example.cm';
      expect(
        configError({
          ...base,
          PUBLIC_URL,
          ORANGE_MONEY_BASE_URL: 'https://api-s1.orange.cm',
          ORANGE_MONEY_PIN: '4321',
        }).problems,
      ).toEqual(
        ['CONSUMER_KEY', 'CONSUMER_SECRET', 'API_USERNAME', 'API_PASSWORD', 'CHANNEL_MSISDN'].map(
          (name) => `ORANGE_MONEY_${name} is required when NODE_ENV is production and ORANGE_MONEY_BASE_URL is set`,
        ),
      );
      const notch = { ...base, PUBLIC_URL, NOTCH_PAY_BASE_URL: 'https://api.notchpay.co' };
      expect(configError(notch).problems).toEqual([
        'NOTCH_PAY_PUBLIC_KEY is required when NODE_ENV is production and NOTCH_PAY_BASE_URL is set',
        'NOTCH_PAY_WEBHOOK_HASH_KEY is required when NODE_ENV is production and NOTCH_PAY_BASE_URL is set',
      ]);
      const keys = {
        NOTCH_PAY_PUBLIC_KEY: 'pk.a-public-key',
        NOTCH_PAY_WEBHOOK_HASH_KEY: 'hsk.a-hash-key-never-shown',
      };
      expect(loadConfig({ ...notch, ...keys })).toMatchObject({ NOTCH_PAY_PUBLIC_KEY: 'pk.a-public-key' });
      // A merchant PIN is a secret: a bad one is named, never shown.
      expect(configError({ ORANGE_MONEY_PIN: '12ab' }).problems).toEqual([
        'ORANGE_MONEY_PIN must be 4 to 8 digits (the value is secret and not shown)',
      ]);
    });

    it('refuses to turn the SMS channel on without PUBLIC_URL, which its signatures are checked against', () => {
      const base = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay', PIN_PEPPER };
      expect(configError({ ...base, TWILIO_AUTH_TOKEN }).problems).toEqual([
        'PUBLIC_URL is required when NODE_ENV is production and TWILIO_AUTH_TOKEN is set (webhook signatures are checked against it)',
      ]);
      expect(loadConfig({ ...base, TWILIO_AUTH_TOKEN, PUBLIC_URL: 'https://pay.example.cm' }).PUBLIC_URL).toBe(
        'https://pay.example.cm',
      );
      expect(loadConfig(base).PUBLIC_URL).toBeUndefined();
    });
  });

  describe('the WhatsApp Cloud API channel', () => {
    const production = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/pay', PIN_PEPPER };

    it('refuses to start in production when it is enabled without its credentials, naming each one missing', () => {
      expect(configError({ ...production, WHATSAPP_CLOUD_ENABLED: 'true' }).problems).toEqual([
        'WHATSAPP_CLOUD_ACCESS_TOKEN is required when WHATSAPP_CLOUD_ENABLED is true in production',
        'WHATSAPP_CLOUD_PHONE_NUMBER_ID is required when WHATSAPP_CLOUD_ENABLED is true in production',
        'WHATSAPP_CLOUD_APP_SECRET is required when WHATSAPP_CLOUD_ENABLED is true in production',
        'WHATSAPP_CLOUD_VERIFY_TOKEN is required when WHATSAPP_CLOUD_ENABLED is true in production',
      ]);
      const { WHATSAPP_CLOUD_APP_SECRET: _secret, ...withoutSecret } = WHATSAPP_CLOUD;
      expect(configError({ ...production, ...withoutSecret, WHATSAPP_CLOUD_ENABLED: 'true' }).problems).toEqual([
        'WHATSAPP_CLOUD_APP_SECRET is required when WHATSAPP_CLOUD_ENABLED is true in production',
      ]);
      expect(
        loadConfig({ ...production, ...WHATSAPP_CLOUD, WHATSAPP_CLOUD_ENABLED: 'true' }).WHATSAPP_CLOUD_ENABLED,
      ).toBe(true);
    });

    it('refuses half its credentials anywhere, and lets development start without any (the local simulator)', () => {
      expect(configError({ WHATSAPP_CLOUD_ACCESS_TOKEN: WHATSAPP_CLOUD.WHATSAPP_CLOUD_ACCESS_TOKEN }).problems).toEqual(
        [
          'WHATSAPP_CLOUD_PHONE_NUMBER_ID is required when WHATSAPP_CLOUD_ACCESS_TOKEN is set',
          'WHATSAPP_CLOUD_APP_SECRET is required when WHATSAPP_CLOUD_ACCESS_TOKEN is set',
          'WHATSAPP_CLOUD_VERIFY_TOKEN is required when WHATSAPP_CLOUD_ACCESS_TOKEN is set',
        ],
      );
      expect(loadConfig({ WHATSAPP_CLOUD_ENABLED: 'true' }).WHATSAPP_CLOUD_ACCESS_TOKEN).toBeUndefined();
      expect(loadConfig(production).WHATSAPP_CLOUD_ENABLED).toBe(false);
    });
  });

  describe('secrets', () => {
    const PASSWORD = 'hunter2-S3cr3t';

    it('marks MONGODB_URI and every setting named like a credential as secret', () => {
      for (const s of settings.filter((x) => /_(TOKEN|SECRET|KEY|PASSWORD)$/.test(x.name))) expect(s.secret).toBe(true);
      expect(settings.find((s) => s.name === 'MONGODB_URI')?.secret).toBe(true);
    });

    it.each([
      ['a wrong scheme', `mongo://app:${PASSWORD}@db.example:27017/pay`, '"mongo://***@db.example:27017/pay"'],
      ['a password holding @ and /', `mongo://app:p/${PASSWORD}@x@db.example/pay`, '"mongo://***@db.example/pay"'],
      ['credentials in the query', `postgres://db.example/pay?password=${PASSWORD}`, '"postgres://db.example/pay?***"'],
      ['no scheme at all', `app:${PASSWORD}@db.example`, undefined],
      ['a pasted password', PASSWORD, undefined],
    ])('never shows the password of a bad MONGODB_URI with %s', (_case, uri, shown) => {
      const error = configError({ MONGODB_URI: uri });
      expect(error.message).not.toContain(PASSWORD);
      expect(error.message).not.toContain('hunter2');
      expect(error.problems).toEqual([
        `MONGODB_URI must be a mongodb:// or mongodb+srv:// URI with a host ${
          shown === undefined ? '(the value is secret and not shown)' : `(got ${shown})`
        }`,
      ]);
    });

    it('never shows the value of any secret setting', () => {
      for (const s of settings.filter((x) => x.secret)) {
        const message = configError({ [s.name]: `${PASSWORD}\u0000not valid` }).message;
        expect(message).toContain(s.name);
        expect(message).not.toContain(PASSWORD);
      }
    });
  });
});

describe('settings', () => {
  it('describes every property of the configuration exactly once', () => {
    const names = settings.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    // Optional settings are absent when unset, so each is given a value here.
    const everySetting = {
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db',
      PIN_PEPPER,
      PUBLIC_URL: 'https://pay.example.cm',
      METRICS_TOKEN: 'metrics-scrape-token-2026-abcdef',
      SIMULATORS_ADMIN_TOKEN: 'simulators-admin-token-2026',
      SMOBILPAY_BASE_URL: 'https://s3pv2cm.smobilpay.com/v2',
      SMOBILPAY_PUBLIC_TOKEN: '6B352110-4716-11ED-963F-0800200C9A66',
      SMOBILPAY_SECRET,
      SMOBILPAY_CUSTOMER_EMAIL: 'bills@pay.example.cm',
      ...RAILS_ENV,
      BANK_TRANSFER_BASE_URL: 'https://api.bank.example.cm/v1',
      BANK_TRANSFER_API_KEY: 'a-bank-transfer-api-key',
      TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN,
      TWILIO_SMS_FROM: '+237650000000',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
      OUTBOX_INTERVAL_MS: '2000',
      OUTBOX_MAX_ATTEMPTS: '8',
      OUTBOX_SMS_PER_SECOND: '10',
      USSD_CALLBACK_SECRET: 'k3y-for-the-ussd-gateway_2026',
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789',
      TELEGRAM_WEBHOOK_SECRET: 'telegram-webhook-secret-2026',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:4020',
      WHATSAPP_ENABLED: 'false',
      WHATSAPP_SESSION_DIR: '.data/whatsapp',
      ...WHATSAPP_CLOUD,
      WHATSAPP_CLOUD_PIN_FLOW_ID: '1187432115806217',
      // Its shape only: the configuration checks the PEM's armour, the channel reads the key at start.
      WHATSAPP_CLOUD_FLOW_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nnot-a-key\\n-----END PRIVATE KEY-----',
    };
    expect(Object.keys(loadConfig(everySetting)).sort()).toEqual([...names].sort());
  });

  it('has a description for every setting', () => {
    for (const s of settings) expect(s.description.length).toBeGreaterThan(10);
  });
});

describe('docs/config.md', () => {
  it('is exactly what tools/configTable.ts prints, so the table never drifts from the code', () => {
    const printed = execFileSync(path.join(repositoryRoot, 'node_modules', '.bin', 'tsx'), ['tools/configTable.ts'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
    });
    expect(readFileSync(path.join(repositoryRoot, 'docs', 'config.md'), 'utf8')).toBe(printed);
    for (const s of settings) expect(printed).toContain(`| \`${s.name}\``);
  });

  // The README and docs/operations.md link to the table instead of copying it, so no stale copy can drift.
  it('is the only copy of the table: the README and the operations page link to it', () => {
    const documents = ['README.md', ...readdirSync(path.join(repositoryRoot, 'docs')).map((f) => `docs/${f}`)];
    for (const document of documents.filter((d) => d.endsWith('.md') && d !== 'docs/config.md')) {
      const text = readFileSync(path.join(repositoryRoot, document), 'utf8');
      expect({ document, copiesTable: /^\| Setting +\|/m.test(text) }).toEqual({ document, copiesTable: false });
      for (const s of settings)
        expect({ document, row: text.includes(`| \`${s.name}\``) }).toEqual({ document, row: false });
    }
    expect(readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8')).toContain('(docs/config.md)');
    expect(readFileSync(path.join(repositoryRoot, 'docs', 'operations.md'), 'utf8')).toContain('(config.md)');
  });
});
