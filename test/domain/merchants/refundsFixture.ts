/**
 * Merchant refunds on the test file's ledger and database: a merchant is a MerchantStore row and its ledger account
 * (the merchants service is not needed), a request of it paid from a payer's wallet through PaymentRequests, and
 * a Refunds per "process" (on its own connection when asked), with hand-written events, notifier and directory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { accountIds } from '../../../domain/ledger/accounts';
import type { Ledger } from '../../../domain/ledger/ledger';
import type { LedgerStore } from '../../../domain/ledger/ledgerStore';
import type { Merchant, MerchantKycLevel, MerchantStatus } from '../../../domain/merchants/merchant';
import type { MerchantEvent, MerchantEventRecorder, MerchantEventType } from '../../../domain/merchants/merchantEvent';
import type { MerchantStore } from '../../../domain/merchants/merchantStore';
import { Refunds, type RefundsOptions } from '../../../domain/merchants/refunds/refunds';
import type { RefundStore } from '../../../domain/merchants/refunds/refundStore';
import type { InsertResult } from '../../../domain/ledger/ledgerStore';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import type { Msisdn } from '../../../domain/phone';
import { ShortReferences } from '../../../domain/shortReferences';
import { ensureMerchantRefundIndexes, MongoMerchantRefundStore } from '../../../integrations/mongo/merchantRefundStore';
import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { FakeDirectory, RecordingNotifier, someMsisdn } from '../paymentFakes';

/** Merchants kept in a map: the shared port, without the merchants service built elsewhere. */
export class FakeMerchantStore implements MerchantStore {
  private readonly merchants = new Map<string, Merchant>();

  async insertMerchant(merchant: Merchant): Promise<InsertResult> {
    if (this.merchants.has(merchant._id)) return 'duplicate';
    this.merchants.set(merchant._id, { ...merchant });
    return 'inserted';
  }

  async getMerchant(id: string): Promise<Merchant | null> {
    const merchant = this.merchants.get(id);
    return merchant ? { ...merchant } : null;
  }

  async byOwner(owner: Msisdn): Promise<Merchant | null> {
    return [...this.merchants.values()].find((m) => m.owner === owner) ?? null;
  }

  async setStatus(id: string, status: MerchantStatus, kycLevel?: MerchantKycLevel): Promise<void> {
    const merchant = this.merchants.get(id);
    if (merchant) this.merchants.set(id, { ...merchant, status, ...(kycLevel ? { kycLevel } : {}) });
  }
}

/** Records each event once by its type and subject, as the real recorder's derived id does. */
export class RecordingEvents implements MerchantEventRecorder {
  readonly events: MerchantEvent[] = [];

  async record(input: {
    merchantId: string;
    type: MerchantEventType;
    subjectKey: string;
    data: Record<string, unknown>;
  }): Promise<MerchantEvent> {
    const id = `evt_${input.merchantId}:${input.type}:${input.subjectKey}`;
    const known = this.events.find((e) => e._id === id);
    if (known) return known;
    const event = { _id: id, merchantId: input.merchantId, type: input.type, data: input.data, createdAt: new Date() };
    this.events.push(event);
    return event;
  }

  ofType(type: MerchantEventType): MerchantEvent[] {
    return this.events.filter((e) => e.type === type);
  }
}

/** What a test gets: a paid merchant request and the people around it. */
export interface PaidRequest {
  merchant: Merchant;
  payer: Msisdn;
  requestId: string;
  transferId: string;
}

/** The services refunds need, on a ledger and connection the test file owns. */
export function refundsWorld(options: { ledger: () => Ledger; connection: () => Connection; uri: string }) {
  const merchants = new FakeMerchantStore();
  const users = new FakeDirectory();
  let notifier = new RecordingNotifier();
  let events = new RecordingEvents();
  const extraConnections: Connection[] = [];
  beforeAll(async () => {
    await ensurePaymentRequestIndexes(options.connection());
    await ensureMerchantRefundIndexes(options.connection());
  });
  beforeEach(() => {
    notifier = new RecordingNotifier();
    events = new RecordingEvents();
  });
  afterAll(async () => {
    for (const connection of extraConnections) await connection.close();
  });

  const world = {
    merchants,
    users,
    get notifier() {
      return notifier;
    },
    get events() {
      return events;
    },
    /** A connection of its own, as another process has. */
    async anotherConnection(): Promise<Connection> {
      const connection = await mongoose.createConnection(options.uri).asPromise();
      extraConnections.push(connection);
      return connection;
    },
    /** A Refunds on `connection` (the file's by default), with its own stores, as one process has. */
    refunds(
      more: Partial<RefundsOptions> & {
        connection?: Connection;
        refundStore?: RefundStore;
        ledgerStore?: LedgerStore;
      } = {},
    ): Refunds {
      const { connection = options.connection(), refundStore, ...rest } = more;
      return new Refunds({
        ledger: options.ledger(),
        store: refundStore ?? new MongoMerchantRefundStore(connection),
        requestStore: new MongoPaymentRequestStore(connection),
        merchantStore: merchants,
        users,
        events,
        notifier,
        shortReferences: new ShortReferences(new MongoShortReferenceStore(connection)),
        ...rest,
      });
    },
    /** A merchant as the merchants service makes one, reduced to what refunds read: its row and its account. */
    async merchant(status: MerchantStatus = 'active'): Promise<Merchant> {
      const id = `m_${randomBytes(8).toString('hex')}`;
      const merchant: Merchant = {
        _id: id,
        name: 'Boutique Ngono',
        category: 'retail',
        owner: someMsisdn(),
        status,
        kycLevel: 'verified',
        account: accountIds.merchant(id),
        createdAt: new Date(),
      };
      await merchants.insertMerchant(merchant);
      await options.ledger().openAccount(merchant.account, 'merchant', { ownerId: id });
      return merchant;
    },
    /** A signed-up payer with `balance` in their wallet. */
    async payer(balance: number): Promise<Msisdn> {
      const msisdn = someMsisdn();
      users.signUp(msisdn, 'Awa Payer');
      await options.ledger().openAccount(accountIds.wallet(msisdn), 'wallet', { ownerId: msisdn, kycTier: 'full' });
      await options.ledger().transfer({
        id: `fund-${randomUUID()}`,
        kind: 'topup',
        debit: accountIds.clearing('mtn_momo'),
        credits: [{ account: accountIds.wallet(msisdn), amount: balance }],
        mode: 'single',
      });
      return msisdn;
    },
    /** A request of `merchant` for `amount`, paid from a fresh payer's wallet. */
    async paidRequest(amount: number, merchant?: Merchant): Promise<PaidRequest> {
      const seller = merchant ?? (await world.merchant());
      const payer = await world.payer(amount * 2);
      const requests = new PaymentRequests({
        ledger: options.ledger(),
        store: new MongoPaymentRequestStore(options.connection()),
        users,
        notifier: new RecordingNotifier(),
        shortReferences: new ShortReferences(new MongoShortReferenceStore(options.connection())),
      });
      const requestId = randomUUID();
      const created = await requests.create({
        id: requestId,
        requester: { kind: 'merchant', merchantId: seller._id, name: seller.name, contact: seller.owner },
        payer,
        amount,
        reason: 'order 42',
        merchant: { orderReference: '42', source: 'api', sourceId: null },
      });
      if (!created.ok) throw new Error(`request refused: ${created.reason}`);
      const paid = await requests.pay({ id: randomUUID(), requestId, payer });
      if (!paid.ok) throw new Error(`request not paid: ${paid.reason}`);
      return { merchant: seller, payer, requestId, transferId: paid.receipt.reference };
    },
  };
  return world;
}
