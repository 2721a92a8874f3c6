/**
 * The product's services on one database connection: the ledger, people, the payment services with their
 * simulated rails, the outbox, and the background workers that finish what callbacks and crashes leave open.
 * Used by main.ts and by end-to-end tests, so both run exactly the same wiring.
 */
import type { Connection } from 'mongoose';
import { BillPayments } from '../../domain/billPayments/billPayments';
import { startBillReconciler } from '../../domain/billPayments/billPaymentReconciler';
import { Claims } from '../../domain/claims';
import { OperationHistory } from '../../domain/history';
import { RAILS } from '../../domain/ledger/accounts';
import type { Ledger } from '../../domain/ledger/ledger';
import { startRecoveryWorker } from '../../domain/ledger/recovery';
import { PaymentRequests } from '../../domain/paymentRequests/paymentRequests';
import { People } from '../../domain/people';
import { DEVELOPMENT_PIN_PEPPER } from '../../domain/pin';
import { RailPayments } from '../../domain/railPayments/railPayments';
import { startRailPaymentsReconciler } from '../../domain/railPayments/railPaymentsReconciler';
import type { PaymentRails } from '../../domain/paymentRail';
import { SendMoney } from '../../domain/sendMoney';
import { ShortReferences } from '../../domain/shortReferences';
import { OtherPayerLimit } from '../../domain/otherPayers';
import { TopUps } from '../../domain/topUps';
import { Withdrawals } from '../../domain/withdrawals';
import { SimulatedBillAggregator } from '../../integrations/bills/simulatedBillAggregator';
import type { Config } from '../../integrations/config';
import { setUpLedger } from '../../integrations/ledgerSetup';
import { ensureBillPaymentIndexes, MongoBillPaymentStore } from '../../integrations/mongo/billPaymentStore';
import { ensureClaimIndexes, MongoClaimStore } from '../../integrations/mongo/claimStore';
import { MongoOutbox } from '../../integrations/mongo/outbox';
import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../integrations/mongo/paymentRequestStore';
import { MongoPeopleStore } from '../../integrations/mongo/peopleStore';
import { MongoChosenPinStore } from '../../integrations/mongo/chosenPinStore';
import { ensurePinEventIndexes, MongoPinEventStore } from '../../integrations/mongo/pinEventStore';
import { ensureRailPaymentIndexes, MongoRailPaymentStore } from '../../integrations/mongo/railPaymentStore';
import { MongoShortReferenceStore } from '../../integrations/mongo/shortReferenceStore';
import { SimulatedRail } from '../../integrations/rails/simulatedRail';
import { MongoOtherPayerSlots } from '../../integrations/mongo/otherPayerStore';
import { payerMessage } from './payerMessage';
import { removeTelegramLinks } from '../../integrations/mongo/telegramLinkStore';
import { forgetPinAdvice } from '../../integrations/mongo/pinAdviceStore';

/**
 * The payment rails createServices builds as simulators, by the names people know them by: all of them until the
 * real clients exist. A simulated rail confirms any top-up, so a start outside development refuses while this list
 * is not empty (simulatedRailsGuard.ts); a rail whose real client is wired here leaves the list.
 */
export const SIMULATED_PAYMENT_RAILS: readonly string[] = ['MTN MoMo', 'Orange Money', 'card', 'bill aggregator'];

/** The settings the services read. */
export type ServiceSettings = Pick<
  Config,
  | 'PIN_LOCK_MS'
  | 'CLAIM_DAYS'
  | 'PAYMENT_REQUEST_DAYS'
  | 'SIMULATED_RAIL_DELAY_MS'
  | 'SWEEP_INTERVAL_MS'
  | 'RECOVERY_INTERVAL_MS'
  | 'RECOVERY_GRACE_MS'
  | 'LEDGER_UNDECIDED_MAX_AGE_MS'
  | 'PENDING_TRANSFER_TTL_MS'
  | 'TOPUP_OTHER_NUMBERS_PER_DAY'
> &
  // Unset outside production only (the configuration requires it there): a development pepper stands in.
  Partial<Pick<Config, 'PIN_PEPPER'>>;

export interface Services {
  ledger: Ledger;
  people: People;
  outbox: MongoOutbox;
  claims: Claims;
  sendMoney: SendMoney;
  paymentRequests: PaymentRequests;
  history: OperationHistory;
  railPayments: RailPayments;
  topUps: TopUps;
  withdrawals: Withdrawals;
  bills: BillPayments;
  /** Each operation's short reference, and the transfer a quoted one names (for support). */
  shortReferences: ShortReferences;
  /** The simulated rails, for tests and the local chat (the real clients come with their own issue). */
  simulatedRails: Record<(typeof RAILS)[number], SimulatedRail>;
}

export interface Workers {
  stop(): Promise<void>;
  /** True from start until stop. */
  running(): boolean;
}

/** Builds every service; indexes are created and awaited before anything is served. */
export async function createServices(
  connection: Connection,
  settings: ServiceSettings,
  options: { clock?: () => Date } = {},
): Promise<Services> {
  const clock = options.clock;
  const { ledger } = await setUpLedger(connection, { clock });
  await Promise.all([
    ensureClaimIndexes(connection),
    ensurePaymentRequestIndexes(connection),
    ensureRailPaymentIndexes(connection),
    ensureBillPaymentIndexes(connection),
    ensurePinEventIndexes(connection),
  ]);
  const outbox = new MongoOutbox(connection, { clock });
  const shortReferences = new ShortReferences(new MongoShortReferenceStore(connection), clock);
  const peopleStore = new MongoPeopleStore(connection);
  // People and claims need each other: signing up claims the money waiting for the number.
  const people = new People({
    store: peopleStore,
    ledger,
    pinLockMs: settings.PIN_LOCK_MS,
    pinPepper: settings.PIN_PEPPER ?? DEVELOPMENT_PIN_PEPPER,
    pinEvents: new MongoPinEventStore(connection),
    chosenPins: new MongoChosenPinStore(connection),
    notifier: outbox,
    clock,
    onSignedUp: async (msisdn) => {
      await claims.claimAll(msisdn);
    },
    // A person who leaves: their requests end, no Telegram account speaks for their number any more, and the
    // number's next owner inherits nothing of theirs (the WhatsApp PIN advice, the day's other numbers).
    onDeparted: async (msisdn, at) => {
      await paymentRequests.endFor(msisdn, at);
      await removeTelegramLinks(connection, msisdn);
      await forgetPinAdvice(connection, msisdn);
      await otherPayers.forgetDay(msisdn, at);
    },
  });
  const otherPayers = new OtherPayerLimit(
    new MongoOtherPayerSlots(connection),
    settings.TOPUP_OTHER_NUMBERS_PER_DAY,
    clock,
  );
  const claims = new Claims({
    ledger,
    store: new MongoClaimStore(connection),
    users: people,
    notifier: outbox,
    clock,
    claimDays: settings.CLAIM_DAYS,
  });
  const paymentRequests = new PaymentRequests({
    ledger,
    store: new MongoPaymentRequestStore(connection),
    users: people,
    notifier: outbox,
    shortReferences,
    clock,
    defaultExpiryDays: settings.PAYMENT_REQUEST_DAYS,
  });
  const simulatedRails = Object.fromEntries(
    RAILS.map((rail) => [rail, new SimulatedRail({ rail, delayMs: settings.SIMULATED_RAIL_DELAY_MS, clock })]),
  ) as Services['simulatedRails'];
  const railPayments = new RailPayments({
    ledger,
    store: new MongoRailPaymentStore(connection),
    rails: simulatedRails satisfies PaymentRails,
    notifier: outbox,
    shortReferences,
    clock,
  });
  for (const rail of Object.values(simulatedRails)) rail.connect((callback) => railPayments.onRailCallback(callback));
  return {
    ledger,
    people,
    outbox,
    claims,
    sendMoney: new SendMoney({ ledger, claims, users: people, notifier: outbox, shortReferences, clock }),
    paymentRequests,
    history: new OperationHistory(ledger),
    railPayments,
    topUps: new TopUps(railPayments, {
      users: people,
      otherPayers,
      payerMessage,
    }),
    withdrawals: new Withdrawals(railPayments),
    bills: new BillPayments({
      ledger,
      store: new MongoBillPaymentStore(connection),
      aggregator: new SimulatedBillAggregator({ delayMs: Math.min(settings.SIMULATED_RAIL_DELAY_MS, 200), clock }),
      notifier: outbox,
      shortReferences,
      clock,
    }),
    simulatedRails,
    shortReferences,
  };
}

/** Starts the workers that finish open work: ledger recovery, rail and bill reconcilers, claim and request expiry. */
export function startWorkers(
  services: Services,
  settings: ServiceSettings,
  onReport: (worker: string, report: object) => void = () => undefined,
): Workers {
  const workers = [
    startRecoveryWorker(services.ledger, {
      intervalMs: settings.RECOVERY_INTERVAL_MS,
      graceMs: settings.RECOVERY_GRACE_MS,
      maxUndecidedAgeMs: settings.LEDGER_UNDECIDED_MAX_AGE_MS,
      askRailAfterMs: settings.PENDING_TRANSFER_TTL_MS,
      rails: services.railPayments.railStatusPort(),
      onReport: (report) => onReport('ledgerRecovery', report),
    }),
    startRailPaymentsReconciler(services.railPayments, {
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('railPayments', report),
    }),
    startBillReconciler(services.bills, {
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('billPayments', report),
    }),
    services.claims.startExpiryWorker({
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('claims', report),
    }),
    services.paymentRequests.startExpiryWorker({
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('paymentRequests', report),
    }),
  ];
  let running = true;
  return {
    async stop() {
      running = false;
      await Promise.all(workers.map((w) => w.stop()));
    },
    running: () => running,
  };
}
