import mongoose, { type Connection } from 'mongoose';
import { accountIds } from '../../domain/ledger/accounts';
import { ApiKeys } from '../../domain/merchants/apiKeys';
import { MongoApiKeyStore } from '../../integrations/mongo/apiKeyStore';
import { MongoMerchantStore } from '../../integrations/mongo/merchantStore';
import { MongoPeopleStore } from '../../integrations/mongo/peopleStore';
import { expectLedgerChecked, testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { runTool, type ToolRun } from '../support/tool';
import { someMsisdn } from '../domain/paymentFakes';

/** Runs merchant:create as a developer would, in a child process, against the database at `uri`. */
function merchantCreate(uri: string, ...args: string[]): Promise<ToolRun> {
  return runTool('merchantCreate.ts', uri, ...args);
}

/** The secret on the last line of the output. */
function lastLine(run: ToolRun): string {
  return run.stdout.trimEnd().split('\n').at(-1) ?? '';
}

describe('merchant:create', () => {
  const uri = testDatabaseUri(uniqueDatabaseName('merchant_create'));
  let connection: Connection;
  beforeAll(async () => {
    connection = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    try {
      await expectLedgerChecked(connection);
    } finally {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    }
  });

  it('signs the owner up with the PIN they chose, opens the merchant and prints a working key last', async () => {
    const owner = someMsisdn();
    const run = await merchantCreate(
      uri,
      '--name',
      'Boulangerie Ngono',
      '--phone',
      `+${owner}`,
      '--category',
      'food',
      '--pin',
      '2468',
      '--owner-name',
      'Ngono Marie',
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const merchant = await new MongoMerchantStore(connection).byOwner(owner);
    expect(merchant).toMatchObject({ name: 'Boulangerie Ngono', category: 'food', status: 'pending' });
    expect(run.stdout).toContain(`merchant ${merchant!._id} opened`);
    expect(run.stdout).not.toContain('2468');
    expect(run.stdout).not.toContain(owner);
    const secret = lastLine(run);
    const key = await new ApiKeys({ store: new MongoApiKeyStore(connection) }).authenticate(secret);
    expect(key).toMatchObject({ merchantId: merchant!._id, scopes: ['read', 'write', 'refunds'] });
    expect(await new MongoPeopleStore(connection).get(owner)).toMatchObject({ name: 'Ngono Marie' });
    expect(await connection.collection('ledger_accounts').countDocuments({ _id: merchant!.account as never })).toBe(1);
    expect(merchant!.account).toBe(accountIds.merchant(merchant!._id));

    // Again for the same owner: the same merchant, a new key; the first key still works.
    const again = await merchantCreate(uri, '--name', 'Other name', '--phone', owner);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`merchant ${merchant!._id} already open`);
    const second = lastLine(again);
    expect(second).not.toBe(secret);
    expect(await new ApiKeys({ store: new MongoApiKeyStore(connection) }).authenticate(second)).toMatchObject({
      merchantId: merchant!._id,
    });
    expect(await connection.collection('merchants').countDocuments({ owner })).toBe(1);
  });

  it('refuses an owner with no account and no PIN, a bad PIN, a bad number and a bad category', async () => {
    const owner = someMsisdn();
    const noPin = await merchantCreate(uri, '--name', 'Garage Central', '--phone', owner);
    expect(noPin).toMatchObject({ code: 1, stderr: expect.stringContaining('signs up in chat first') });
    const simplePin = await merchantCreate(uri, '--name', 'Garage Central', '--phone', owner, '--pin', '1234');
    expect(simplePin).toMatchObject({ code: 1, stderr: expect.stringContaining('PIN_TOO_SIMPLE') });
    expect(simplePin.output).not.toMatch(/cpk_/);
    expect(await merchantCreate(uri, '--name', 'Garage', '--phone', '12345')).toMatchObject({ code: 1 });
    expect(
      await merchantCreate(uri, '--name', 'Garage', '--phone', owner, '--category', 'weapons', '--pin', '2580'),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown category') });
    expect(await merchantCreate(uri, '--phone', owner)).toMatchObject({ code: 2 });
    expect(await merchantCreate(uri, '--name', 'Garage', '--phone', owner, '--unknown')).toMatchObject({ code: 2 });
    expect(await connection.collection('merchants').countDocuments({ owner })).toBe(0);
    expect(await new MongoPeopleStore(connection).get(owner)).toBeNull();
  });
});
