/**
 * Top-ups and withdrawals on the test file's ledger, with simulated rails on a manual scheduler, a Notifier that
 * keeps its contract, and processes that can die at any store call (to show the reconciler finishes their work).
 */
import { randomInt } from 'node:crypto';
import { accountIds, type Rail } from '../../../domain/ledger/accounts';
import type { KycTier } from '../../../domain/ledger/kyc';
import { Ledger } from '../../../domain/ledger/ledger';
import type { LedgerStore } from '../../../domain/ledger/ledgerStore';
import type { Notice } from '../../../domain/notifications';
import type { Notifier } from '../../../domain/notifier';
import type { Msisdn } from '../../../domain/phone';
import { RailPayments, type RailPaymentsOptions } from '../../../domain/railPayments/railPayments';
import { noticeDedupeKey, reviewNoticeDedupeKey } from '../../../domain/railPayments/railPaymentNotices';
import type { RailPaymentsStore } from '../../../domain/railPayments/railPaymentsStore';
import { ShortReferences } from '../../../domain/shortReferences';
import { TopUps } from '../../../domain/topUps';
import { OtherPayerLimit } from '../../../domain/otherPayers';
import { payerMessage } from '../../../bots/app/payerMessage';
import { MongoOtherPayerSlots } from '../../../integrations/mongo/otherPayerStore';
import { Withdrawals } from '../../../domain/withdrawals';
import { ensureRailPaymentIndexes, MongoRailPaymentStore } from '../../../integrations/mongo/railPaymentStore';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { ManualScheduler } from '../../../integrations/rails/scheduler';
import { SimulatedRail } from '../../../integrations/rails/simulatedRail';
import { MortalProcess } from '../../support/crashingStore';
import { expectConsistent, useLedger } from '../../support/ledger';

export interface Delivered {
  to: Msisdn;
  notice: Notice;
  dedupeKey: string;
}

/** Keeps the Notifier's contract (one delivery per dedupe key) and records every call, delivered or not. */
export class RecordingNotifier implements Notifier {
  readonly calls: Delivered[] = [];
  readonly delivered: Delivered[] = [];

  async notify(to: Msisdn, notice: Notice, dedupeKey: string): Promise<void> {
    this.calls.push({ to, notice, dedupeKey });
    if (this.delivered.some((d) => d.dedupeKey === dedupeKey)) return;
    this.delivered.push({ to, notice, dedupeKey });
  }

  /** The notices delivered about one payment (by transfer id), whose text quotes its short reference. */
  about(reference: string): Delivered[] {
    const keys = [noticeDedupeKey(reference), reviewNoticeDedupeKey(reference)];
    return this.delivered.filter((d) => keys.includes(d.dedupeKey));
  }
}

/**
 * A process that dies at its `crashAt`-th store call, counting the ledger's and the payments' stores together:
 * that call completes in the database, then it and every later call throw. Returns the wrapped stores.
 */
export function dyingProcess(ledgerStore: LedgerStore, paymentsStore: RailPaymentsStore, crashAt: number) {
  const mortal = new MortalProcess(({ n }) => n === crashAt);
  return {
    ledgerStore: mortal.wrap('ledger', ledgerStore),
    paymentsStore: mortal.wrap('payments', paymentsStore),
    crashed: () => mortal.crashed(),
  };
}

/** A fresh Cameroonian number that is not one of the sandbox's scripted numbers. */
export function someMsisdn(): Msisdn {
  return `2376${randomInt(50, 100)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}` as Msisdn;
}

/** The sandbox number whose last digit scripts the outcome (`6XX12345D`). */
export function sandboxNumber(digit: number): Msisdn {
  return `23767712345${digit}` as Msisdn;
}

/**
 * The test file's ledger and payments store; before each test, fresh rails, a RecordingNotifier and one process on
 * them (`rails`, `notifier`, `app`); after each test, every payment ended and the ledger is consistent.
 */
export function useRailPayments(options: { clock: () => Date }) {
  const t = useLedger({ clock: options.clock });
  let store: MongoRailPaymentStore | undefined;
  beforeAll(async () => {
    await ensureRailPaymentIndexes(t.db.connection);
    store = new MongoRailPaymentStore(t.db.connection);
  });

  /** The rails, shared by every process of a test like the real operators are. */
  function newRails() {
    const scheduler = new ManualScheduler();
    const make = (rail: Rail) => new SimulatedRail({ rail, schedule: scheduler.schedule, clock: options.clock });
    const all = { mtn_momo: make('mtn_momo'), orange_money: make('orange_money'), card: make('card') };
    return { scheduler, ...all, all };
  }

  /** One process: its ledger, its payments service; the rails call back into the last process connected. */
  function processOn(
    railSet: ReturnType<typeof newRails>,
    notifier: RecordingNotifier,
    more: Partial<RailPaymentsOptions> & { ledgerStore?: LedgerStore; paymentsStore?: RailPaymentsStore } = {},
  ) {
    const { ledgerStore, paymentsStore, ...rest } = more;
    const ledger = ledgerStore ? new Ledger({ store: ledgerStore, clock: options.clock }) : t.ledger;
    const payments = new RailPayments({
      ledger,
      store: paymentsStore ?? fixture.store,
      rails: railSet.all,
      notifier,
      // On the test file's database, shared by every process of it, as the real store is.
      shortReferences: new ShortReferences(new MongoShortReferenceStore(t.db.connection), options.clock),
      clock: options.clock,
      ...rest,
    });
    const connect = () => {
      for (const rail of Object.values(railSet.all)) rail.connect((callback) => payments.onRailCallback(callback));
    };
    connect();
    // These tests are about the rails: nobody is registered (prompts name the number), and other payers are many.
    const topUps = new TopUps(payments, {
      users: { find: () => Promise.resolve(null) },
      otherPayers: new OtherPayerLimit(new MongoOtherPayerSlots(t.db.connection), 20, options.clock),
      payerMessage,
    });
    return { ledger, payments, topUps, withdrawals: new Withdrawals(payments), connect };
  }

  let current:
    { rails: ReturnType<typeof newRails>; notifier: RecordingNotifier; app: ReturnType<typeof processOn> } | undefined;
  beforeEach(() => {
    const notifier = new RecordingNotifier();
    const railSet = newRails();
    current = { rails: railSet, notifier, app: processOn(railSet, notifier) };
  });
  afterEach(async () => {
    // Every payment ended and was told: nothing left for the reconciler, nothing in flight in the ledger.
    expect(await fixture.store.findOpen(100)).toEqual([]);
    await expectConsistent(t.store);
  });
  const thisTest = () => {
    if (!current) throw new Error('use the fixture inside a test');
    return current;
  };

  const fixture = {
    t,
    get store(): MongoRailPaymentStore {
      if (!store) throw new Error('use the fixture inside a test');
      return store;
    },
    /** This test's rails, shared by every process of it like the real operators are. */
    get rails() {
      return thisTest().rails;
    },
    /** This test's notifier, shared by every process of it. */
    get notifier() {
      return thisTest().notifier;
    },
    /** This test's first process. */
    get app() {
      return thisTest().app;
    },
    processOn,
    /** A signed-up person's wallet with `balance` in it. */
    async person(balance = 0, kycTier: KycTier = 'full'): Promise<Msisdn> {
      const msisdn = someMsisdn();
      await t.ledger.openAccount(accountIds.wallet(msisdn), 'wallet', { ownerId: msisdn, kycTier });
      if (balance > 0) await t.fund(accountIds.wallet(msisdn), balance);
      return msisdn;
    },
    async balance(owner: Msisdn) {
      return t.ledger.balance(accountIds.wallet(owner));
    },
  };
  return fixture;
}
