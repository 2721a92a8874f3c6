/**
 * The short reference of a top-up or withdrawal: reserved before anything else, it is what the rail gets as its own
 * reference, what the receipt and the notice quote and what the transfer carries for the history line, also when
 * its first derivation was taken by another operation; and a payment recorded before short references continues.
 */
import { randomUUID } from 'node:crypto';
import { deriveShortReference } from '../../../domain/shortReference';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { useRailPayments } from './railPaymentsFixture';

const now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;

describe('the short reference of a rail payment', () => {
  const f = useRailPayments({ clock });

  it('takes the next derivation when another operation holds the first, and every display and the rail carry it', async () => {
    const owner = await f.person(20_000);
    const id = randomUUID();
    const reference = `withdraw:${id}`;
    // The collision, forced: another transfer already holds this withdrawal's first derivation.
    const references = new MongoShortReferenceStore(f.t.db.connection);
    await references.insert({ _id: deriveShortReference(reference), transferId: `p2p:${randomUUID()}`, at: now });
    const moved = deriveShortReference(reference, 1);

    const started = await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: owner, amount: 10_000 });
    expect(started).toMatchObject({ ok: true, reference, shortReference: moved });
    expect(f.rails.mtn_momo.payment(reference)?.shortReference).toBe(moved);
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ shortReference: moved });
    expect(await f.store.getRecord(reference)).toMatchObject({ shortReference: moved });
    expect(await references.get(moved)).toMatchObject({ transferId: reference });

    // A retry (a restored conversation) gets the same, and nothing is held or asked twice.
    expect(await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: owner, amount: 10_000 })).toMatchObject({
      shortReference: moved,
    });
    expect(f.rails.mtn_momo.payment(reference)?.requests).toBe(1);

    await f.rails.scheduler.advance(3_000);
    expect(f.notifier.about(reference).map((d) => d.notice.params?.reference)).toEqual([moved]);
    expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'succeeded', shortReference: moved });
  });

  it('continues a payment recorded before short references under its first derivation, with no conflict', async () => {
    const owner = await f.person();
    const id = randomUUID();
    const reference = `topup:${id}`;
    // What an older process wrote: the record without a short reference (it died before the hold).
    await f.store.insertRecord({
      _id: reference,
      direction: 'collect',
      rail: 'mtn_momo',
      owner,
      counterparty: owner,
      amount: 5_000,
      fee: 0,
      createdAt: now,
    });

    const started = await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: owner, amount: 5_000 });
    expect(started).toMatchObject({ ok: true, reference, shortReference: deriveShortReference(reference) });
    const transfer = await f.t.ledger.getTransfer(reference);
    expect(transfer?.state).toBe('held');
    expect(transfer?.shortReference).toBeUndefined();
    expect(f.rails.mtn_momo.payment(reference)?.shortReference).toBe(deriveShortReference(reference));

    await f.rails.scheduler.advance(3_000);
    expect(f.notifier.about(reference).map((d) => d.notice.params?.reference)).toEqual([
      deriveShortReference(reference),
    ]);
  });
});
