/**
 * What the Orange Money rail relies on from its pay-token store, run against every implementation: the first
 * payToken claimed for a reference stands, whoever races for it, and a loser is told the winner's record.
 */
import type { OrangePayTokenRecord, OrangePayTokenStore } from '../../integrations/orangeMoney/ports';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

export function describeOrangePayTokenStoreContract(name: string, makeSubject: MakeSubject<OrangePayTokenStore>): void {
  describe(`OrangePayTokenStore contract: ${name}`, () => {
    let store: OrangePayTokenStore;
    let anotherProcess: () => OrangePayTokenStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    const record = (reference: string, payToken: string, overrides: Partial<OrangePayTokenRecord> = {}) => ({
      reference,
      payToken,
      direction: 'collect' as const,
      createdAt: at(1),
      ...overrides,
    });

    it('knows nothing of a reference never claimed', async () => {
      expect(await store.find(anId('tr'))).toBeNull();
    });

    it('keeps the first claim of a reference and tells a later one what it holds', async () => {
      const reference = anId('tr');
      const first = record(reference, 'MP-first', { direction: 'payout', createdAt: at(5) });
      expect(await store.claim(first)).toEqual({ claimed: true });
      expect(await store.claim(record(reference, 'MP-second'))).toEqual({ claimed: false, existing: first });
      expect(await store.find(reference)).toEqual(first);
    });

    it('keeps references apart', async () => {
      const one = record(anId('tr'), 'MP-one');
      const two = record(anId('tr'), 'MP-two');
      await store.claim(one);
      await store.claim(two);
      expect(await store.find(one.reference)).toEqual(one);
      expect(await store.find(two.reference)).toEqual(two);
    });

    it('lets exactly one of ten racing claims (two processes) win, and every loser sees the winner', async () => {
      const reference = anId('tr');
      const answers = await race([store, anotherProcess()], 10, (handle, n) =>
        handle.claim(record(reference, `MP-${n}`)),
      );
      const winners = answers.filter((answer) => answer.claimed);
      expect(winners).toHaveLength(1);
      const stored = await store.find(reference);
      for (const answer of answers) if (!answer.claimed) expect(answer.existing).toEqual(stored);
    });

    it('is not changed by a caller changing what it read', async () => {
      const reference = anId('tr');
      await store.claim(record(reference, 'MP-kept'));
      const read = await store.find(reference);
      read!.createdAt.setTime(0);
      read!.payToken = 'changed';
      expect(await store.find(reference)).toEqual(record(reference, 'MP-kept'));
    });
  });
}
