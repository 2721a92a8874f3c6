/**
 * What the rail fault files (`railFaults.<rail>.test.ts`) share: the whole product (useProduct) on a frozen clock,
 * with the rails' real clients against their simulators over HTTP and short client timeouts, so a call planned to
 * hang times out in well under a second; top-ups and withdrawals started through the services as the conversation
 * starts them; the reconciler and the ledger's recovery run by hand at a chosen time; a second process that dies
 * between the provider's answer and the ledger update, or whose payout stalls before its call leaves; and the checks every fault ends with (ledger invariants,
 * balances, one payment per reference at the provider, notices exactly once).
 *
 * A payment the provider keeps PENDING past the hold's expiry goes to review, a collection as well as a payout:
 * every hold with a rail is reviewed at its expiry (onExpiryOf, domain/ledger/transfers.ts), so money a provider
 * collects late is still credited (test/domain/railPayments/railPaymentsExpiry.test.ts). Issue 11 words it as
 * "past a hard timeout a collection is voided"; the tests check what the domain decided.
 */
import { randomUUID } from 'node:crypto';
import { Ledger } from '../../domain/ledger/ledger';
import type { Rail } from '../../domain/ledger/accounts';
import { recoverOnce } from '../../domain/ledger/recovery';
import type { PaymentRail, RailDirection } from '../../domain/paymentRail';
import type { Msisdn } from '../../domain/phone';
import { RailPayments } from '../../domain/railPayments/railPayments';
import { reconcileOnce } from '../../domain/railPayments/railPaymentsReconciler';
import { topUpReference, type TopUpStart } from '../../domain/topUps';
import { withdrawalReference, Withdrawals } from '../../domain/withdrawals';
import { MongoRailPaymentStore } from '../../integrations/mongo/railPaymentStore';
import { eventually, useProduct } from '../support/chat';
import { MortalProcess, SimulatedCrash, type CompletedCall } from '../support/crashingStore';
import { expectConsistent } from '../support/ledger';
import { balanceOf, frozenClock, fund } from './e2e.support';

export const MINUTE = 60_000;
/** RailPayments' defaults (the services do not change them): how long a hold waits, and the NOT_FOUND wait. */
export const HOLD_TTL_MS = 60 * MINUTE;
export const NOT_FOUND_WAIT_MS = 2 * MINUTE;

/**
 * Small delays and timeouts: payments end 50 ms after they are made, and a client gives up after 400 ms (a hung
 * simulator answer is held for its 30 s or more, long past that).
 */
export const FAULT_SETTINGS = {
  SIMULATED_RAIL_DELAY_MS: 50,
  MTN_MOMO_TIMEOUT_MS: 400,
  ORANGE_MONEY_TIMEOUT_MS: 400,
  NOTCH_PAY_TIMEOUT_MS: 400,
};

/** A payment started through the services: its transfer id (the rails' reference) and what the start answered. */
export interface Started {
  reference: string;
  start: TopUpStart;
}

/** The product on a frozen clock, and the helpers the fault tests use. */
export function useFaultyProduct() {
  const time = frozenClock();
  const product = useProduct({ clock: time.clock, settings: FAULT_SETTINGS });
  const ledger = () => product.services.ledger;

  const faults = {
    time,
    product,
    get simulators() {
      return product.simulators.simulators;
    },

    /** A person signed up through the chat, with `funds` in their wallet. */
    async person(msisdn: string, funds = 0): Promise<Msisdn> {
      const person = await product.signedUp(msisdn);
      if (funds > 0) await fund(product, person.msisdn, funds);
      return person.msisdn;
    },

    /** A top-up from the owner's own number, as the conversation starts it after the PIN. */
    async topUp(owner: Msisdn, rail: Rail, amount: number): Promise<Started> {
      const id = randomUUID();
      const start = await product.services.topUps.start({ id, owner, rail, payer: owner, amount });
      return { reference: topUpReference(id), start };
    },

    /** A withdrawal to the owner's own number, as the conversation starts it after the PIN. */
    async withdraw(owner: Msisdn, rail: Rail, amount: number): Promise<Started> {
      const id = randomUUID();
      const start = await product.services.withdrawals.start({ id, owner, rail, payee: owner, amount });
      return { reference: `withdraw:${id}`, start };
    },

    /** Waits until the provider itself says the payment ended (its status, asked through the product's client). */
    async untilProviderEnded(started: Started, rail: Rail, direction: RailDirection): Promise<void> {
      const client = product.services.paymentRails[rail];
      if (!client) throw new Error(`no ${rail} rail`);
      await eventually(async () =>
        expect((await client.status(direction, started.reference)).outcome).not.toBe('pending'),
      );
    },

    /** What the person would read on asking about the payment. */
    status(reference: string, owner: Msisdn) {
      return product.services.railPayments.lookup(reference, owner);
    },

    /** One reconciler pass now, on the product's clock, without the grace period. */
    reconcile(payments: RailPayments = product.services.railPayments) {
      return reconcileOnce(payments, { graceMs: 0 }, time.now);
    },

    /** One pass of the ledger's recovery now, asking the rails at once. */
    recover() {
      return recoverOnce(
        ledger(),
        {
          graceMs: 0,
          maxUndecidedAgeMs: 10 * MINUTE,
          askRailAfterMs: 0,
          rails: product.services.railPayments.railStatusPort(),
        },
        time.now,
      );
    },

    /**
     * Another process on the same database and rails, which dies right after the call `diesAfter` picks completed
     * (that call's write stays; nothing after it is done, and its caller never hears back). Its ledger store
     * (`ledger`), payments store (`payments`) and notifier (`notifier`) die together; `calls` counts them.
     */
    dyingProcess(diesAfter: (call: CompletedCall) => boolean) {
      const mortal = new MortalProcess(diesAfter);
      const payments = new RailPayments({
        ledger: new Ledger({ store: mortal.wrap('ledger', ledger().store), clock: time.clock }),
        store: mortal.wrap('payments', new MongoRailPaymentStore(product.db.connection)),
        rails: product.services.paymentRails,
        notifier: mortal.wrap('notifier', product.services.outbox),
        shortReferences: product.services.shortReferences,
        clock: time.clock,
      });
      return { payments, crashed: () => mortal.crashed(), calls: () => mortal.calls };
    },

    /**
     * Another process on the same database and rails whose payouts on `rail` stall (a GC pause, a frozen VM) after
     * it decided to send and before its call leaves, until `wakeUp()`: then the real client makes the call over
     * HTTP. `inRailCall` resolves once it stalls; `withdraw` starts a withdrawal on it.
     */
    stalledProcess(rail: Rail) {
      const real = product.services.paymentRails[rail];
      if (!real) throw new Error(`no ${rail} rail`);
      let entered = () => {};
      const inRailCall = new Promise<void>((resolve) => (entered = resolve));
      let wakeUp = () => {};
      const stall = new Promise<void>((resolve) => (wakeUp = resolve));
      const stalling: PaymentRail = {
        requestPayment: (request) => real.requestPayment(request),
        status: (direction, reference) => real.status(direction, reference),
        payout: async (request) => {
          entered();
          await stall;
          return real.payout(request);
        },
      };
      const payments = new RailPayments({
        ledger: new Ledger({ store: ledger().store, clock: time.clock }),
        store: new MongoRailPaymentStore(product.db.connection),
        rails: { ...product.services.paymentRails, [rail]: stalling },
        notifier: product.services.outbox,
        shortReferences: product.services.shortReferences,
        clock: time.clock,
      });
      const withdrawals = new Withdrawals(payments);
      const withdraw = async (owner: Msisdn, amount: number): Promise<Started> => {
        const id = randomUUID();
        const start = await withdrawals.start({ id, owner, rail, payee: owner, amount });
        return { reference: withdrawalReference(id), start };
      };
      return { payments, inRailCall, wakeUp: () => wakeUp(), withdraw };
    },

    /** The notices queued for a person, as `key:reference` (each notice names the payment's short reference). */
    async notices(owner: Msisdn): Promise<string[]> {
      const messages = await product.services.outbox.for(owner);
      return messages.map((m) => `${m.notice.key}:${String(m.notice.params?.reference ?? '')}`);
    },

    /** Waits until the person has exactly these notices, then a little longer to see that no other follows. */
    async expectNotices(owner: Msisdn, expected: string[]): Promise<void> {
      await eventually(async () => expect(await faults.notices(owner)).toEqual(expected));
      await pause(150);
      expect(await faults.notices(owner)).toEqual(expected);
    },

    balance(owner: Msisdn) {
      return balanceOf(product, owner);
    },

    /** The transfer's state in the ledger. */
    async state(reference: string): Promise<string | undefined> {
      return (await ledger().getTransfer(reference))?.state;
    },

    /**
     * Every ledger invariant holds and nothing is half-written, and the payment is finished (no longer watched by
     * the reconciler), or still open when it waits for a person.
     */
    async expectLedgerExact(reference: string, still: 'finished' | 'open' = 'finished'): Promise<void> {
      await expectConsistent(ledger().store);
      const open = await product.services.railPayments.store.findOpen(500);
      expect(open.some((o) => o._id === reference)).toBe(still === 'open');
    },
  };
  return faults;
}

/** The short reference a payment's notices and provider request carry. */
export function shortReferenceOf(started: Started): string {
  if (!started.start.ok) throw new Error(`the payment did not start: ${started.start.reason}`);
  return started.start.shortReference;
}

/** Dies right after the ledger records how a hold ends, before that is applied to any account. */
export const afterTheResolution = (call: CompletedCall) =>
  call.target === 'ledger' && call.method === 'insertResolution';

/** Runs `call`, which must die as a killed process does. */
export async function expectKilled(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toBeInstanceOf(SimulatedCrash);
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
