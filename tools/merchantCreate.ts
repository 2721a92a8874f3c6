/**
 * `npm run merchant:create -- --name "<business>" --phone <owner number> [--category retail] [--pin <PIN>]
 * [--owner-name "<name>"] [--language fr|en] [--label "<key label>"]`: opens a merchant for a developer or an
 * integrator and gives them an API key with every scope.
 *
 * The owner must be a signed-up person (a merchant's chat is its owner's). When the number has no account yet, the
 * tool signs its owner up only with `--pin`, the PIN the owner chose (checked like any new PIN, never printed nor
 * kept): a PIN made up by the tool would be one nobody knows, or one that travels through a terminal. Without
 * `--pin` it refuses and says so; the owner may also sign up in chat first.
 *
 * Finds the owner's merchant or opens it, makes a new API key, and prints the merchant's id, then the secret alone
 * on the last line (shown this once: only its hash is kept). Exits 0 when done, 1 when refused, 2 on bad usage or
 * any other problem.
 */
import { parseArgs } from 'node:util';
import { Claims } from '../domain/claims';
import { API_SCOPES } from '../domain/merchants/apiKey';
import { ApiKeys } from '../domain/merchants/apiKeys';
import { MERCHANT_CATEGORIES, type MerchantCategory } from '../domain/merchants/merchant';
import { Merchants } from '../domain/merchants/merchants';
import { cleanName, People } from '../domain/people';
import { maskMsisdn, parseCameroonMobile } from '../domain/phone';
import { DEVELOPMENT_PIN_PEPPER } from '../domain/pin';
import { LANGUAGES, type Language } from '../domain/users';
import { loadConfig } from '../integrations/config';
import { connectDatabase } from '../integrations/database';
import { setUpLedger } from '../integrations/ledgerSetup';
import { createLogger } from '../integrations/logger';
import { ensureApiKeyIndexes, MongoApiKeyStore } from '../integrations/mongo/apiKeyStore';
import { MongoChosenPinStore } from '../integrations/mongo/chosenPinStore';
import { ensureClaimIndexes, MongoClaimStore } from '../integrations/mongo/claimStore';
import { ensureMerchantIndexes, MongoMerchantStore } from '../integrations/mongo/merchantStore';
import { MongoOutbox } from '../integrations/mongo/outbox';
import { MongoPeopleStore } from '../integrations/mongo/peopleStore';
import { ensurePinEventIndexes, MongoPinEventStore } from '../integrations/mongo/pinEventStore';

const USAGE =
  'usage: npm run merchant:create -- --name "<business>" --phone <owner number> [--category ' +
  `${MERCHANT_CATEGORIES.join('|')}] [--pin <PIN the owner chose, to sign them up>] [--owner-name "<name>"] ` +
  '[--language fr|en] [--label "<key label>"]';

class Refusal extends Error {}

/** What the command line asks, checked; throws a Refusal naming what is wrong. */
function readArguments(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      phone: { type: 'string' },
      category: { type: 'string', default: 'other' },
      pin: { type: 'string' },
      'owner-name': { type: 'string' },
      language: { type: 'string', default: 'fr' },
      label: { type: 'string', default: 'merchant:create' },
    },
  });
  if (positionals.length > 0 || values.name === undefined || values.phone === undefined) return null;
  if (!(MERCHANT_CATEGORIES as readonly string[]).includes(values.category)) {
    throw new Refusal(`unknown category ${values.category}: one of ${MERCHANT_CATEGORIES.join(', ')}`);
  }
  if (!(LANGUAGES as readonly string[]).includes(values.language)) throw new Refusal('language: fr or en');
  const phone = parseCameroonMobile(values.phone);
  if (!phone.ok) throw new Refusal(`not a Cameroonian mobile number: ${phone.reason}`);
  return {
    name: values.name,
    owner: phone.msisdn,
    category: values.category as MerchantCategory,
    pin: values.pin,
    ownerName: values['owner-name'],
    language: values.language as Language,
    label: values.label,
  };
}

async function main(args: string[]): Promise<number> {
  let request: ReturnType<typeof readArguments>;
  try {
    request = readArguments(args);
  } catch (error) {
    console.error(error instanceof Refusal ? `refused: ${error.message}` : `${String(error)}\n${USAGE}`);
    return error instanceof Refusal ? 1 : 2;
  }
  if (!request) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = await connectDatabase(config, createLogger({ level: 'warn' }));
  try {
    const connection = database.connection;
    const { ledger } = await setUpLedger(connection);
    await Promise.all([
      ensureMerchantIndexes(connection),
      ensureApiKeyIndexes(connection),
      ensureClaimIndexes(connection),
      ensurePinEventIndexes(connection),
    ]);
    const outbox = new MongoOutbox(connection);
    const people: People = new People({
      store: new MongoPeopleStore(connection),
      ledger,
      pinLockMs: config.PIN_LOCK_MS,
      pinPepper: config.PIN_PEPPER ?? DEVELOPMENT_PIN_PEPPER,
      pinEvents: new MongoPinEventStore(connection),
      chosenPins: new MongoChosenPinStore(connection),
      notifier: outbox,
      // As in the product: signing up hands the owner the money waiting for their number.
      onSignedUp: async (msisdn) => {
        await claims.claimAll(msisdn);
      },
    });
    const claims = new Claims({
      ledger,
      store: new MongoClaimStore(connection),
      users: people,
      notifier: outbox,
      claimDays: config.CLAIM_DAYS,
    });
    const owner = maskMsisdn(request.owner);

    if (!(await people.find(request.owner))) {
      if (request.pin === undefined) {
        console.error(
          `refused: nobody has signed up with ${owner}: the owner signs up in chat first, or pass --pin with the ` +
            'PIN they chose to sign them up here',
        );
        return 1;
      }
      const personName = cleanName(request.ownerName ?? request.name);
      if (personName === null) {
        console.error('refused: the owner needs a person’s name to sign up: pass --owner-name "<first and last name>"');
        return 1;
      }
      const signedUp = await people.signUp({
        msisdn: request.owner,
        name: personName,
        language: request.language,
        pin: request.pin,
      });
      if (!signedUp.ok && signedUp.reason !== 'ALREADY_SIGNED_UP') {
        console.error(`refused: the owner could not sign up with that PIN (${signedUp.reason})`);
        return 1;
      }
      console.log(`owner ${owner} signed up as ${personName} (a wallet at the basic tier)`);
    }

    const merchants = new Merchants({ store: new MongoMerchantStore(connection), ledger, users: people });
    const opened = await merchants.openForDevelopment({
      name: request.name,
      owner: request.owner,
      category: request.category,
    });
    if (!opened.ok) {
      console.error(`refused: ${opened.reason}`);
      return 1;
    }
    const { merchant } = opened;
    const how = opened.created ? 'opened' : `already open (as "${merchant.name}")`;
    console.log(`merchant ${merchant._id} ${how}: owner ${owner}, ${merchant.status}, KYC ${merchant.kycLevel}`);
    const apiKeys = new ApiKeys({ store: new MongoApiKeyStore(connection) });
    const { key, secret } = await apiKeys.create(merchant._id, { scopes: [...API_SCOPES], label: request.label });
    console.log(`API key ${key._id} (${key.scopes.join(', ')}); its secret, shown this once, is the last line:`);
    console.log(secret);
    return 0;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
