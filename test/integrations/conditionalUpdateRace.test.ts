/**
 * Why the ledger is built on inserts: on FerretDB v1 (our development and CI store) a guarded update such as
 * `{_id, balance: {$gte: 100}}` + `$inc: {balance: -100}` is not atomic. FerretDB reads the document, applies
 * the update in Go and writes it back with no version check, so two concurrent debits can both "succeed".
 * This test keeps that fact visible: whoever reaches for a conditional update to decide money sees it fail here.
 */
import { useTestDatabase } from '../support/database';

describe('the conditional-update race on the CI store', () => {
  const db = useTestDatabase();

  it('lets two concurrent guarded debits of the whole balance both match (FerretDB v1)', async () => {
    const info = await db.connection.db!.admin().command({ buildInfo: 1 });
    // MongoDB makes the guarded update atomic; this test documents the store we develop and test on (FerretDB
    // answers buildInfo with ferretdb* fields; embedded in our launcher its version reads "unknown").
    expect(info).toHaveProperty('ferretdbVersion');
    const accounts = db.connection.collection('race_accounts');
    let doubleSpends = 0;
    let attempts = 0;
    while (doubleSpends === 0 && attempts < 300) {
      attempts += 1;
      const _id = `acct-${attempts}`;
      await accounts.insertOne({ _id: _id as never, balance: 100 });
      const debit = () =>
        accounts.updateOne({ _id: _id as never, balance: { $gte: 100 } }, { $inc: { balance: -100 } });
      const results = await Promise.all([debit(), debit(), debit(), debit()]);
      const matched = results.reduce((sum, r) => sum + r.modifiedCount, 0);
      if (matched > 1) doubleSpends += 1;
    }
    // Both debits "succeeded" on a balance that covered one: the second one created money out of nothing.
    expect(doubleSpends).toBeGreaterThan(0);
  });

  it('decides the same race correctly with an insert into a unique index', async () => {
    const slots = db.connection.collection('race_slots');
    await slots.createIndex({ slot: 1 }, { unique: true });
    const attempt = (writer: number) =>
      slots.insertOne({ slot: 'acct#1', writer }).then(
        () => true,
        (error: { code?: number }) => {
          if (error.code !== 11000) throw error;
          return false;
        },
      );
    const winners = (await Promise.all(Array.from({ length: 16 }, (_, i) => attempt(i)))).filter(Boolean);
    expect(winners).toHaveLength(1);
  });
});
