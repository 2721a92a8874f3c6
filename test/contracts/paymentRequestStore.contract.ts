/**
 * What payment requests rely on from their store, run against every implementation: a request and each step are
 * inserted once under their `_id` (a step's id `<request>#<seq>` decides every race between pay, decline, cancel
 * and expiry, even between processes), steps are read back per request, and the cached state drives the lists.
 */
import type { AccountId } from '../../domain/ledger/accounts';
import type {
  PaymentRequest,
  PaymentRequestStore,
  RequestStep,
  StepKind,
} from '../../domain/paymentRequests/paymentRequestStore';
import type { Msisdn } from '../../domain/phone';
import { aNumber, anId, at, race } from './fixtures';
import { byId, type MakeSubject } from './subject';

function aRequest(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  const contact = aNumber();
  return {
    _id: anId('preq'),
    requester: { kind: 'wallet', account: `wallet:${contact}` as AccountId, name: 'Ngono Marie', contact },
    payer: aNumber(),
    amount: 2_500,
    reason: 'taxi',
    createdAt: at(0),
    expiresAt: at(86_400_000),
    state: 'open',
    ...overrides,
  };
}

function aStep(requestId: string, seq: number, kind: StepKind, overrides: Partial<RequestStep> = {}): RequestStep {
  const paying = kind === 'paying' || kind === 'paid' || kind === 'failed';
  return {
    _id: `${requestId}#${seq}`,
    requestId,
    seq,
    kind,
    payId: paying ? anId('pay') : null,
    transferId: paying ? `preq:${requestId}:${seq}` : null,
    fee: paying ? 50 : null,
    reason: kind === 'failed' ? 'INSUFFICIENT_FUNDS' : null,
    at: at(seq),
    ...overrides,
  };
}

export function describePaymentRequestStoreContract(name: string, makeSubject: MakeSubject<PaymentRequestStore>): void {
  describe(`PaymentRequestStore contract: ${name}`, () => {
    let store: PaymentRequestStore;
    let anotherProcess: () => PaymentRequestStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back a request as inserted, and null for an unknown id', async () => {
      const request = aRequest();
      const merchant = aRequest({
        requester: { kind: 'merchant', account: 'merchant:m1' as AccountId, name: 'Boulangerie', contact: aNumber() },
        reason: '',
      });
      for (const r of [request, merchant]) expect(await store.insertRequest(r)).toBe('inserted');
      expect(await store.getRequest(request._id)).toEqual(request);
      expect(await store.getRequest(merchant._id)).toEqual(merchant);
      expect(await store.getRequest('preq-never')).toBeNull();
    });

    it('reports a second request with one id as a duplicate, and the first stands', async () => {
      const request = aRequest();
      await store.insertRequest(request);
      expect(await store.insertRequest({ ...request, amount: 1 })).toBe('duplicate');
      expect(await store.getRequest(request._id)).toEqual(request);
    });

    it('reads back steps, each by id and all of one request, and no other request’s', async () => {
      const request = aRequest();
      const steps = [
        aStep(request._id, 1, 'paying'),
        aStep(request._id, 2, 'failed'),
        aStep(request._id, 3, 'declined'),
      ];
      for (const step of steps) expect(await store.insertStep(step)).toBe('inserted');
      await store.insertStep(aStep('preq-other', 1, 'cancelled'));
      expect(await store.getStep(steps[1]!._id)).toEqual(steps[1]);
      expect(await store.getStep(`${request._id}#4`)).toBeNull();
      expect(byId(await store.steps(request._id))).toEqual(byId(steps));
      expect(await store.steps('preq-none')).toEqual([]);
    });

    it('gives a slot to exactly one of pay, decline, cancel and expiry racing for it, across processes', async () => {
      const request = aRequest();
      const kinds: StepKind[] = ['paying', 'declined', 'cancelled', 'expired'];
      const rivals = Array.from({ length: 12 }, (_, n) => aStep(request._id, 1, kinds[n % 4]!));
      const results = await race([store, anotherProcess()], rivals.length, (s, n) => s.insertStep(rivals[n]!));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.steps(request._id)).toEqual([rivals[results.indexOf('inserted')]]);
    });

    it('lists a payer’s requests by cached state, and a requester’s in any state', async () => {
      const payer: Msisdn = aNumber();
      const first = aRequest({ payer });
      const second = aRequest({ payer, requester: first.requester });
      const paid = aRequest({ payer });
      const elsewhere = aRequest();
      for (const r of [first, second, paid, elsewhere]) await store.insertRequest(r);
      await store.setState(paid._id, 'paid');

      expect(byId(await store.byPayer(payer, 'open'))).toEqual(byId([first, second]));
      expect(await store.byPayer(payer, 'paid')).toEqual([{ ...paid, state: 'paid' }]);
      expect(await store.byPayer(payer, 'declined')).toEqual([]);
      expect(byId(await store.byRequester(first.requester.account))).toEqual(byId([first, second]));
      expect(await store.byRequester(paid.requester.account)).toEqual([{ ...paid, state: 'paid' }]);
    });

    it('finds a merchant’s requests by order reference, any state, and no other merchant’s', async () => {
      const merchant = (id: string) => ({
        kind: 'merchant' as const,
        account: `merchant:${id}` as AccountId,
        name: 'Boulangerie',
        contact: aNumber(),
      });
      const facts = (orderReference: string | null) => ({ orderReference, source: 'api' as const, sourceId: null });
      const first = aRequest({ requester: merchant('m1'), merchant: facts('A-17') });
      const again = aRequest({ requester: first.requester, merchant: facts('A-17') });
      const otherOrder = aRequest({ requester: first.requester, merchant: facts('A-18') });
      const noOrder = aRequest({ requester: first.requester, merchant: facts(null) });
      const otherMerchant = aRequest({ requester: merchant('m2'), merchant: facts('A-17') });
      for (const r of [first, again, otherOrder, noOrder, otherMerchant]) await store.insertRequest(r);
      await store.setState(first._id, 'expired');

      expect(byId(await anotherProcess().byOrder(first.requester.account, 'A-17'))).toEqual(
        byId([{ ...first, state: 'expired' }, again]),
      );
      expect(await store.byOrder(first.requester.account, 'A-18')).toEqual([otherOrder]);
      expect(await store.byOrder(first.requester.account, 'A-99')).toEqual([]);
      expect(await store.getRequest(noOrder._id)).toEqual(noOrder);
    });

    it('lists open requests for the worker, as many as asked, until their state is cached as over', async () => {
      const requests = [aRequest(), aRequest(), aRequest()];
      for (const r of requests) await store.insertRequest(r);
      await store.setState(requests[0]!._id, 'expired');
      expect(byId(await store.open(10))).toEqual(byId(requests.slice(1)));
      expect(await store.open(1)).toHaveLength(1);
      expect(await store.getRequest(requests[0]!._id)).toEqual({ ...requests[0], state: 'expired' });
    });
  });
}
