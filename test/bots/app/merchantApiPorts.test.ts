/**
 * The merchant API's ports as bound to the services: a list the API asks one item beyond a full page of (101 for
 * `limit=100`) is filled from the service's next page, so `has_more` is told right; paid-only lists read the
 * payments; a key is the API's identity of it.
 */
import { merchantApiPorts } from '../../../bots/app/merchantApiPorts';
import type { Services } from '../../../bots/app/services';
import type { MerchantPaymentView } from '../../../domain/merchants/merchantPaymentView';

/** A merchant's requests, newest first, served a page (at most 100) at a time as MerchantRequests does. */
function pagedRequests(count: number) {
  const views = Array.from(
    { length: count },
    (_, i) =>
      ({
        id: `r${String(count - i).padStart(4, '0')}`,
        history: [],
        paidAt: i % 2 === 0 ? new Date() : null,
      }) as unknown as MerchantPaymentView,
  );
  const calls: { limit: number; startingAfter?: string; paid: boolean }[] = [];
  const page = (paid: boolean) => async (_merchantId: string, o: { limit: number; startingAfter?: string }) => {
    calls.push({ ...o, paid });
    const mine = paid ? views.filter((v) => v.paidAt !== null) : views;
    const start = o.startingAfter === undefined ? 0 : mine.findIndex((v) => v.id === o.startingAfter) + 1;
    const limit = Math.min(o.limit, 100);
    return { data: mine.slice(start, start + limit), hasMore: start + limit < mine.length };
  };
  return { views, calls, list: page(false), payments: page(true) };
}

function portsWith(requests: ReturnType<typeof pagedRequests>) {
  return merchantApiPorts({
    merchantRequests: { list: requests.list, payments: requests.payments },
    apiKeys: {
      authenticate: async (secret: string) =>
        secret === 'cpk_test_known'
          ? { _id: 'key_1', merchantId: 'm_1', scopes: ['read'], secretHash: 'h', prefix: 'cpk_test_kno' }
          : null,
    },
  } as unknown as Services);
}

describe('the merchant API ports bound to the services', () => {
  it('fill a list beyond one page of the service from its next page', async () => {
    const requests = pagedRequests(150);
    const ports = portsWith(requests);
    const listed = await ports.requests.list('m_1', { limit: 101 });
    expect(listed.map((v) => v.id)).toEqual(requests.views.slice(0, 101).map((v) => v.id));
    expect(requests.calls).toEqual([
      { limit: 100, paid: false },
      { limit: 1, startingAfter: requests.views[99]!.id, paid: false },
    ]);
  });

  it('stop at the end of the list, and start after the given id', async () => {
    const requests = pagedRequests(30);
    const ports = portsWith(requests);
    const rest = await ports.requests.list('m_1', { limit: 101, startingAfter: requests.views[9]!.id });
    expect(rest.map((v) => v.id)).toEqual(requests.views.slice(10).map((v) => v.id));
    expect(requests.calls).toHaveLength(1);
  });

  it('read the payments for a paid-only list', async () => {
    const requests = pagedRequests(10);
    const listed = await portsWith(requests).requests.list('m_1', { limit: 11, paidOnly: true });
    expect(listed).toHaveLength(5);
    expect(requests.calls).toEqual([{ limit: 11, paid: true }]);
  });

  it('give a known key as its id, merchant and scopes only, and nothing for an unknown one', async () => {
    const ports = portsWith(pagedRequests(0));
    expect(await ports.keys.authenticate('cpk_test_known')).toEqual({
      id: 'key_1',
      merchantId: 'm_1',
      scopes: ['read'],
    });
    expect(await ports.keys.authenticate('cpk_test_unknown')).toBeNull();
  });
});
