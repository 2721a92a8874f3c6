/**
 * Payment requests and their steps in memory: the twin of the MongoDB store. A step's unique `_id`
 * (`<request>#<seq>`) decides every race on a request; the request's `state` is only a cache for listing.
 */
import type { AccountId } from '../../domain/ledger/accounts';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type {
  PaymentRequest,
  PaymentRequestStore,
  RequestState,
  RequestStep,
} from '../../domain/paymentRequests/paymentRequestStore';
import type { Msisdn } from '../../domain/phone';
import { roundTrip, Table } from './table';

export class MemoryPaymentRequestStore implements PaymentRequestStore {
  private readonly requests = new Table<PaymentRequest>();
  private readonly stepTable = new Table<RequestStep>();

  async insertRequest(request: PaymentRequest): Promise<InsertResult> {
    await roundTrip();
    return this.requests.insert(request);
  }

  async getRequest(id: string): Promise<PaymentRequest | null> {
    await roundTrip();
    return this.requests.get(id);
  }

  async insertStep(step: RequestStep): Promise<InsertResult> {
    await roundTrip();
    return this.stepTable.insert(step);
  }

  async getStep(id: string): Promise<RequestStep | null> {
    await roundTrip();
    return this.stepTable.get(id);
  }

  async steps(requestId: string): Promise<RequestStep[]> {
    await roundTrip();
    return this.stepTable.find((s) => s.requestId === requestId);
  }

  async setState(id: string, state: RequestState): Promise<void> {
    await roundTrip();
    const request = this.requests.get(id);
    if (request) this.requests.put({ ...request, state });
  }

  async byPayer(payer: Msisdn, state: RequestState): Promise<PaymentRequest[]> {
    await roundTrip();
    return this.requests.find((r) => r.payer === payer && r.state === state);
  }

  async byRequester(account: AccountId): Promise<PaymentRequest[]> {
    await roundTrip();
    return this.requests.find((r) => r.requester.account === account);
  }

  async byOrder(account: AccountId, orderReference: string): Promise<PaymentRequest[]> {
    await roundTrip();
    return this.requests.find((r) => r.requester.account === account && r.merchant?.orderReference === orderReference);
  }

  async open(limit: number): Promise<PaymentRequest[]> {
    await roundTrip();
    return this.requests.find((r) => r.state === 'open', limit);
  }
}
