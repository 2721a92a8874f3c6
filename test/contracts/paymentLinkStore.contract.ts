/**
 * What payment links rely on from their store, run against every implementation: a link found by id and by code, a
 * code never given to two links, deactivation set once, a merchant's links newest first a page at a time, and a
 * slot generation taken once however many take it at once.
 */
import { newLinkCode } from '../../domain/merchants/paymentLinks/linkCode';
import type { LinkSlot, PaymentLink, PaymentLinkStore } from '../../domain/merchants/paymentLinks/paymentLink';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aLink(overrides: Partial<PaymentLink> = {}): PaymentLink {
  return {
    _id: anId('pl'),
    merchantId: 'm_contract',
    clientId: anId('client'),
    code: newLinkCode(),
    reusable: true,
    amount: 1000,
    minAmount: null,
    maxAmount: null,
    reason: 'Jus',
    expiresAt: null,
    maxPayments: null,
    orderReference: null,
    createdAt: at(0),
    deactivatedAt: null,
    ...overrides,
  };
}

export function describePaymentLinkStoreContract(name: string, makeSubject: MakeSubject<PaymentLinkStore>): void {
  describe(`PaymentLinkStore contract: ${name}`, () => {
    let store: PaymentLinkStore;
    let anotherProcess: () => PaymentLinkStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('finds a link by id and by code, and never gives one code or one id to two links', async () => {
      const link = aLink();
      expect(await store.insertLink(link)).toBe('inserted');
      expect(await anotherProcess().getLink(link._id)).toEqual(link);
      expect(await store.byCode(link.code)).toEqual(link);
      expect(await store.insertLink(aLink({ code: link.code }))).toBe('duplicate');
      expect(await store.insertLink(aLink({ _id: link._id }))).toBe('duplicate');
      expect(await store.byCode(newLinkCode())).toBeNull();
    });

    it('sets a deactivation once: the first date stands', async () => {
      const link = aLink();
      await store.insertLink(link);
      await store.deactivate(link._id, at(1000));
      await anotherProcess().deactivate(link._id, at(2000));
      expect((await store.getLink(link._id))?.deactivatedAt).toEqual(at(1000));
    });

    it('lists a merchant’s links newest first, after a given link, and no one else’s', async () => {
      const merchantId = anId('m');
      const links = [0, 1, 2, 3].map((i) => aLink({ merchantId, createdAt: at(i * 1000) }));
      for (const link of links) await store.insertLink(link);
      await store.insertLink(aLink({ merchantId: anId('m') }));
      const first = await store.list(merchantId, { limit: 3 });
      expect(first.map((l) => l._id)).toEqual([links[3]!._id, links[2]!._id, links[1]!._id]);
      const rest = await anotherProcess().list(merchantId, { limit: 3, startingAfter: links[1]!._id });
      expect(rest.map((l) => l._id)).toEqual([links[0]!._id]);
    });

    it('takes each generation of a slot once when many take it at once, across processes', async () => {
      const linkId = anId('pl');
      const slot = (n: number): LinkSlot => ({
        _id: `${linkId}#0#0`,
        linkId,
        slot: '0',
        generation: 0,
        requestId: `req-${n}`,
        payer: aNumber(),
        amount: 1000,
        at: at(n),
      });
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insertSlot(slot(n)));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      await store.insertSlot({ ...slot(99), _id: `${linkId}#0#1`, generation: 1, requestId: null, payer: null });
      const slots = await anotherProcess().slots(linkId);
      expect(slots.map((s) => s.generation).sort()).toEqual([0, 1]);
      expect(slots.find((s) => s.generation === 1)).toMatchObject({ requestId: null, payer: null });
    });
  });
}
