/**
 * One in-memory twin of each of the domain's stores, fresh and empty: what a test wires the domain's services with
 * when it needs no database. Every call gives new stores that share nothing with any other call.
 */
import { MemoryBillPaymentStore } from './memoryBillPaymentStore';
import { MemoryChosenPinStore } from './memoryChosenPinStore';
import { MemoryClaimStore } from './memoryClaimStore';
import { MemoryLedgerStore } from './memoryLedgerStore';
import { MemoryOtherPayerSlots } from './memoryOtherPayerSlots';
import { MemoryPaymentRequestStore } from './memoryPaymentRequestStore';
import { MemoryPeopleStore } from './memoryPeopleStore';
import { MemoryPinEventStore } from './memoryPinEventStore';
import { MemoryRailPaymentStore } from './memoryRailPaymentStore';

export function memoryDomainStores() {
  return {
    ledger: new MemoryLedgerStore(),
    people: new MemoryPeopleStore(),
    pinEvents: new MemoryPinEventStore(),
    chosenPins: new MemoryChosenPinStore(),
    otherPayers: new MemoryOtherPayerSlots(),
    claims: new MemoryClaimStore(),
    paymentRequests: new MemoryPaymentRequestStore(),
    railPayments: new MemoryRailPaymentStore(),
    billPayments: new MemoryBillPaymentStore(),
  };
}

export type MemoryDomainStores = ReturnType<typeof memoryDomainStores>;
