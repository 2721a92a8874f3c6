/**
 * What pay links rely on from their store, run against every implementation: one link per request (the first
 * stands, so a retried creation shares the link sent), found by its token, a token never given to two requests,
 * and a card attempt's checkout page recorded once.
 */
import type { PayLink, PayLinkStore } from '../../domain/paymentRequests/payLinkStore';
import { newPayToken } from '../../domain/paymentRequests/payToken';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aLink(overrides: Partial<PayLink> = {}): PayLink {
  return { _id: anId('req'), token: newPayToken(), createdAt: at(0), ...overrides };
}

export function describePayLinkStoreContract(name: string, makeSubject: MakeSubject<PayLinkStore>): void {
  describe(`PayLinkStore contract: ${name}`, () => {
    let store: PayLinkStore;
    let anotherProcess: () => PayLinkStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('finds a link by its request and by its token, and nothing for an unknown one', async () => {
      const link = aLink();
      expect(await store.insertLink(link)).toBe('inserted');
      expect(await store.byRequest(link._id)).toEqual(link);
      expect(await store.byToken(link.token)).toEqual(link);
      expect(await store.byToken(newPayToken())).toBeNull();
      expect(await store.byRequest(anId('req'))).toBeNull();
    });

    it('keeps the first link of a request when many are made at once, across processes', async () => {
      const requestId = anId('req');
      const links = Array.from({ length: 10 }, () => aLink({ _id: requestId }));
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insertLink(links[n]!));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      const kept = await anotherProcess().byRequest(requestId);
      expect(links.filter((l) => l.token === kept?.token)).toHaveLength(1);
      for (const lost of links.filter((l) => l.token !== kept?.token))
        expect(await store.byToken(lost.token)).toBeNull();
    });

    it('never gives one token to two requests', async () => {
      const link = aLink();
      await store.insertLink(link);
      expect(await store.insertLink(aLink({ token: link.token }))).toBe('duplicate');
      expect(await store.byToken(link.token)).toEqual(link);
    });

    it('records a checkout page once: the first stands', async () => {
      const id = anId('preq');
      expect(await store.checkout(id)).toBeNull();
      expect(await store.insertCheckout({ _id: id, url: 'https://checkout.test/1', at: at(0) })).toBe('inserted');
      expect(await store.insertCheckout({ _id: id, url: 'https://checkout.test/2', at: at(1) })).toBe('duplicate');
      expect(await anotherProcess().checkout(id)).toEqual({ _id: id, url: 'https://checkout.test/1', at: at(0) });
    });
  });
}
