/**
 * The merchant flows bound to the merchant services (a hand-written stand-in of the shapes the chat needs), run by
 * the conversation runtime with its stores in memory: one-line commands typed at the menu, the owner check, the
 * refund's PIN, and what each binding asks of the services.
 */
import { randomUUID } from 'node:crypto';
import { fromPromise } from 'xstate';
import { shortcutStart } from '../../../bots/app/conversationSetup';
import { provideMerchantFlows, type ChatPaymentView, type MerchantChatServices } from '../../../bots/app/merchantFlows';
import { Conversations } from '../../../bots/runtime/conversations';
import type { Inbound } from '../../../bots/runtime/inbound';
import type { PinCheck } from '../../../domain/people';
import type { Msisdn } from '../../../domain/phone';
import type { UserProfile } from '../../../domain/users';
import { MemoryInboundLog } from '../../../integrations/memory/inboundLog';
import { MemorySessionStore } from '../../../integrations/memory/sessionStore';
import { allFlows } from '../../support/allFlows';

const owner: UserProfile = { msisdn: '237677300001' as Msisdn, name: 'Ada Fotso', language: 'en' };
const stranger: UserProfile = { msisdn: '237677300002' as Msisdn, name: 'Bob Etoa', language: 'fr' };
const CUSTOMER = '237699112233' as Msisdn;
const PIN = '2468';
const MERCHANT_ID = 'm_abcdefghjkmnpqrs';

function paymentView(overrides: Partial<ChatPaymentView> = {}): ChatPaymentView {
  return {
    requestId: `mr_${MERCHANT_ID}_R1`,
    shortReference: 'K7MX3QPRT',
    payer: CUSTOMER,
    paidFrom: CUSTOMER,
    amount: 15_000,
    orderReference: '42',
    status: 'paid',
    createdAt: new Date('2030-05-01T09:00:00Z'),
    payUrl: 'https://pay.example/p/tok',
    cashPointId: null,
    ...overrides,
  };
}

/** The merchant services as the chat sees them: Ada owns a shop with one paid payment; every call recorded. */
class FakeMerchantServices implements MerchantChatServices {
  readonly calls: { method: string; input: unknown }[] = [];
  createReason: string | null = null;
  paid: ChatPaymentView[] = [paymentView()];

  merchants: MerchantChatServices['merchants'] = {
    ofOwner: async (msisdn) => {
      this.calls.push({ method: 'ofOwner', input: msisdn });
      return msisdn === owner.msisdn
        ? { _id: MERCHANT_ID, name: 'Ada Shop', category: 'retail', status: 'active' }
        : null;
    },
    get: async (id) =>
      id === MERCHANT_ID ? { _id: id, name: 'Ada Shop', category: 'retail', status: 'active' } : null,
    open: async (input) => {
      this.calls.push({ method: 'open', input });
      return { ok: true, merchant: { _id: 'm_new', name: input.name }, created: true };
    },
  };

  // Ada owns the shop; nobody else is in its team.
  team: MerchantChatServices['team'] = {
    memberOf: async (merchantId, msisdn) =>
      merchantId === MERCHANT_ID && msisdn === owner.msisdn
        ? { merchantId, role: 'owner', cashPointId: null, refundLimit: null }
        : null,
    merchantsOf: async () => [],
  };

  cashPoints: MerchantChatServices['cashPoints'] = { list: async () => [] };

  merchantRequests: MerchantChatServices['merchantRequests'] = {
    create: async (input) => {
      this.calls.push({ method: 'create', input });
      if (this.createReason) return { ok: false, reason: this.createReason };
      return {
        ok: true,
        payment: paymentView({ status: 'open', amount: input.amount, orderReference: input.orderReference ?? null }),
      };
    },
    byRequestId: async (requestId) => {
      this.calls.push({ method: 'byRequestId', input: requestId });
      const payment = this.paid.find((p) => p.requestId === requestId);
      return payment ? { ...payment, merchantId: MERCHANT_ID } : null;
    },
  };

  shortReferences: MerchantChatServices['shortReferences'] = {
    resolve: async (typed) => {
      const normalized = typed.replace(/[-\s]/g, '').toUpperCase();
      const payment = this.paid.find((p) => p.shortReference === normalized);
      return payment ? `preq:${payment.requestId}` : null;
    },
  };

  orders: MerchantChatServices['orders'] = {
    status: async (merchantId, orderReference) => {
      this.calls.push({ method: 'orderStatus', input: { merchantId, orderReference } });
      const payments = this.paid.filter((p) => p.orderReference === orderReference);
      return payments.length ? { orderReference, paidAmount: 15_000, payments } : null;
    },
  };

  refunds: MerchantChatServices['refunds'] = {
    refund: async (input) => {
      this.calls.push({ method: 'refund', input });
      return {
        ok: true,
        refund: { shortReference: 'RF2345678', amount: input.amount ?? 0, status: 'processed', destination: 'wallet' },
      };
    },
    refundsOf: async (requestId) => [
      { shortReference: 'RF2345678', amount: requestId ? 2000 : 0, status: 'processed' },
    ],
    refundable: async () => 13_000,
  };

  called(method: string) {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }
}

const checkPin = fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) =>
  input.pin === PIN ? { ok: true } : { ok: false, reason: 'WRONG_PIN', triesLeft: 2 },
);

function runtime(services = new FakeMerchantServices()) {
  const conversations = new Conversations({
    flows: { ...allFlows, ...provideMerchantFlows(services, checkPin) },
    people: { find: async (msisdn) => [owner, stranger].find((p) => p.msisdn === msisdn) ?? null },
    sessions: new MemorySessionStore(),
    inbound: new MemoryInboundLog(),
    idleMs: 300_000,
    lockWaitMs: 10_000,
    turnTimeoutMs: 5_000,
    messagesPerMinute: 1_000,
    shortcut: shortcutStart,
  });
  const says = async (who: UserProfile, text: string) => {
    const message: Inbound = {
      channel: 'sms',
      msisdn: who.msisdn,
      messageId: randomUUID(),
      at: new Date(),
      type: 'text',
      text,
    };
    return (await conversations.handle(message)).replies.map((r) => r.key);
  };
  return { services, says };
}

describe('the merchant flows in the runtime', () => {
  it('sends a request typed in one line by the owner, once confirmed, as a chat request', async () => {
    const { services, says } = runtime();
    await says(owner, 'hi');
    expect(await says(owner, 'request 15000 699 11 22 33 order 42 cake')).toEqual([
      'merchantRequest.confirmOrderReason',
    ]);
    expect(await says(owner, '1')).toEqual(['merchantRequest.sentOrder', 'merchantRequest.payLink']);
    expect(services.called('create')).toEqual([
      {
        merchantId: MERCHANT_ID,
        id: expect.stringMatching(/^R[0-9A-Z]{12}$/),
        payer: CUSTOMER,
        amount: 15_000,
        orderReference: '42',
        reason: 'cake',
        source: 'chat',
      },
    ]);
  });

  it('tells someone without a merchant that the commands are for merchants, and calls nothing else', async () => {
    const { services, says } = runtime();
    await says(stranger, 'bonjour');
    expect(await says(stranger, 'demande 15000 699112233 commande 42')).toEqual(['merchant.notMerchant']);
    expect(await says(stranger, 'commande 42')).toEqual(['merchant.notMerchant']);
    expect(await says(stranger, 'rembourser K7M-X3Q-PRT')).toEqual(['merchant.notMerchant']);
    expect(services.calls.map((c) => c.method)).toEqual(['ofOwner', 'ofOwner', 'ofOwner']);
  });

  it('shows an order’s payments and refunds from one line', async () => {
    const { says } = runtime();
    await says(owner, 'hi');
    expect(await says(owner, 'order 42')).toEqual([
      'merchantOrder.summary',
      'merchantOrder.payment.paid',
      'merchantOrder.refund.processed',
      'merchantOrder.end',
    ]);
  });

  it('refunds from one line after the confirmation and the PIN, finding the payment by its short reference', async () => {
    const { services, says } = runtime();
    await says(owner, 'hi');
    expect(await says(owner, 'refund K7M-X3Q-PRT 5000')).toEqual(['merchantRefund.confirm']);
    expect(await says(owner, '1')).toEqual(['merchantRefund.askPin']);
    expect(await says(owner, '1357')).toEqual(['common.wrongPin']);
    expect(services.called('refund')).toEqual([]);
    expect(await says(owner, PIN)).toEqual(['merchantRefund.doneWallet']);
    expect(services.called('byRequestId')).toEqual([`mr_${MERCHANT_ID}_R1`]);
    expect(services.called('refund')).toEqual([
      {
        merchantId: MERCHANT_ID,
        requestId: `mr_${MERCHANT_ID}_R1`,
        id: expect.any(String),
        amount: 5000,
        requestedBy: owner.msisdn,
      },
    ]);
  });

  it("does not find another merchant's payment by its short reference", async () => {
    const services = new FakeMerchantServices();
    services.merchantRequests.byRequestId = async (requestId) => ({
      ...paymentView({ requestId }),
      merchantId: 'm_someoneelse0000',
    });
    const { says } = runtime(services);
    await says(owner, 'hi');
    expect(await says(owner, 'refund K7M-X3Q-PRT')).toEqual(['merchantRefund.notFound', 'merchantRefund.askReference']);
    expect(services.called('refund')).toEqual([]);
  });

  it('finds a payment to refund by its order reference, only among paid ones', async () => {
    const services = new FakeMerchantServices();
    services.paid = [paymentView({ orderReference: 'A-17', status: 'open' }), paymentView({ orderReference: 'B-2' })];
    const { says } = runtime(services);
    await says(owner, 'hi');
    expect(await says(owner, 'refund A-17')).toEqual(['merchantRefund.notFound', 'merchantRefund.askReference']);
    expect(await says(owner, 'B-2')).toEqual(['merchantRefund.choose']);
  });

  it('answers the merchant menu from the main menu, and opens an account for a person without one', async () => {
    const { services, says } = runtime();
    await says(stranger, 'bonjour');
    expect(await says(stranger, '10')).toEqual(['merchantMenu.noAccount']);
    expect(await says(stranger, '1')).toEqual(['merchantAccount.askName']);
    await says(stranger, 'Chez Bob');
    await says(stranger, '2');
    expect(await says(stranger, '1')).toEqual(['merchantAccount.opened']);
    expect(services.called('open')).toEqual([{ owner: stranger.msisdn, name: 'Chez Bob', category: 'food' }]);
  });

  it('treats a refusal the chat has no words for as a fault: the owner may try again', async () => {
    const services = new FakeMerchantServices();
    services.createReason = 'MERCHANT_NOT_FOUND';
    const { says } = runtime(services);
    await says(owner, 'hi');
    await says(owner, 'request 15000 699112233');
    expect(await says(owner, '1')).toEqual(['merchantRequest.unsure']);
  });
});
