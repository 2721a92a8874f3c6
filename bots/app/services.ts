/**
 * The product's services on one database connection: the ledger, people, the payment services with their rails
 * (MTN MoMo, Orange Money and Notch Pay's real clients over HTTP: paymentRailsSetup.ts), the outbox, and the
 * background workers that finish what callbacks and crashes leave open. Used by main.ts and by end-to-end tests, so
 * both run exactly the same wiring.
 */
import type { Connection } from 'mongoose';
import { AccountHolders } from '../../domain/accountHolders';
import { BillPayments } from '../../domain/billPayments/billPayments';
import { startBillReconciler } from '../../domain/billPayments/billPaymentReconciler';
import { Claims } from '../../domain/claims';
import { OperationHistory } from '../../domain/history';
import type { Ledger } from '../../domain/ledger/ledger';
import { startRecoveryWorker } from '../../domain/ledger/recovery';
import { ApiKeys } from '../../domain/merchants/apiKeys';
import type { MerchantEvent, MerchantEventStore } from '../../domain/merchants/merchantEvent';
import { MerchantEvents } from '../../domain/merchants/merchantEvents';
import { MerchantActivity } from '../../domain/merchants/merchantActivity';
import { MerchantRequests } from '../../domain/merchants/merchantRequests';
import { Merchants } from '../../domain/merchants/merchants';
import { KycDocuments } from '../../domain/merchants/kyc/kycDocuments';
import { KycReview } from '../../domain/merchants/kyc/kycReview';
import { ensureKycIndexes, MongoKycStore } from '../../integrations/mongo/kycStore';
import { Orders } from '../../domain/merchants/orders';
import { Refunds } from '../../domain/merchants/refunds/refunds';
import type { SalaryBatches } from '../../domain/merchants/salaries/salaryBatches';
import { startSalaryRunner, type SalaryRunner } from '../../domain/merchants/salaries/salaryRunner';
import type { WebhookLogger } from '../../domain/merchants/webhooks/deliveryAttempts';
import { MerchantWebhooks } from '../../domain/merchants/webhooks/webhooks';
import { WEBHOOK_WORKER_DEFAULTS, WebhookWorker } from '../../domain/merchants/webhooks/webhookWorker';
import { PaymentRequests } from '../../domain/paymentRequests/paymentRequests';
import { People } from '../../domain/people';
import { DEVELOPMENT_PIN_PEPPER } from '../../domain/pin';
import { RailPayments } from '../../domain/railPayments/railPayments';
import { startRailPaymentsReconciler } from '../../domain/railPayments/railPaymentsReconciler';
import type { PaymentRails } from '../../domain/paymentRail';
import type { NotchPayReferences } from '../../integrations/notchPay/referenceStore';
import { SendMoney } from '../../domain/sendMoney';
import { ShortReferences } from '../../domain/shortReferences';
import { OtherPayerLimit } from '../../domain/otherPayers';
import { TopUps } from '../../domain/topUps';
import { Withdrawals } from '../../domain/withdrawals';
import type { Config } from '../../integrations/config';
import { setUpLedger } from '../../integrations/ledgerSetup';
import { ensureBillPaymentIndexes, MongoBillPaymentStore } from '../../integrations/mongo/billPaymentStore';
import { ensureApiKeyIndexes, MongoApiKeyStore } from '../../integrations/mongo/apiKeyStore';
import { ensureClaimIndexes, MongoClaimStore } from '../../integrations/mongo/claimStore';
import { ensureSessionIndexes } from '../../integrations/mongo/sessionStore';
import { ensureMerchantEventIndexes, MongoMerchantEventStore } from '../../integrations/mongo/merchantEventStore';
import { ensureMerchantIndexes, MongoMerchantStore } from '../../integrations/mongo/merchantStore';
import { ensureMerchantRefundIndexes, MongoMerchantRefundStore } from '../../integrations/mongo/merchantRefundStore';
import { ensureWebhookDeliveryIndexes, MongoWebhookDeliveryStore } from '../../integrations/mongo/webhookDeliveryStore';
import { ensureWebhookEndpointIndexes, MongoWebhookEndpointStore } from '../../integrations/mongo/webhookEndpointStore';
import { HttpWebhookSender } from '../../integrations/webhooks/httpWebhookSender';
import { ensureOutboxIndexes, MongoOutbox } from '../../integrations/mongo/outbox';
import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../integrations/mongo/paymentRequestStore';
import { MongoPeopleStore } from '../../integrations/mongo/peopleStore';
import { MongoChosenPinStore } from '../../integrations/mongo/chosenPinStore';
import { ensurePinEventIndexes, MongoPinEventStore } from '../../integrations/mongo/pinEventStore';
import { ensureRailPaymentIndexes, MongoRailPaymentStore } from '../../integrations/mongo/railPaymentStore';
import { MongoShortReferenceStore } from '../../integrations/mongo/shortReferenceStore';
import { MongoOtherPayerSlots } from '../../integrations/mongo/otherPayerStore';
import { createSalaryServices } from './salaryServices';
import { connectBillAggregator, smobilpayIsSimulated } from './billAggregatorSetup';
import { ensurePayLinkIndexes, MongoPayLinkStore } from '../../integrations/mongo/payLinkStore';
import { payerMessage } from './payerMessage';
import { connectPaymentRails, simulatedRails, type PaymentRailSettings } from './paymentRailsSetup';
import { removeTelegramLinks } from '../../integrations/mongo/telegramLinkStore';
import { forgetPinAdvice } from '../../integrations/mongo/pinAdviceStore';
import type { Invoices } from '../../domain/merchants/invoices/invoices';
import { startInvoiceReminderWorker } from '../../domain/merchants/invoices/invoiceReminders';
import type { PaymentLinks } from '../../domain/merchants/paymentLinks/paymentLinks';
import { createLinkInvoiceServices, invoiceRequestEnded } from './linkInvoiceServices';
import { createTeamServices, teamPayoutApprovals, type TeamServices } from './teamServices';
import { Payouts } from '../../domain/merchants/payouts/payouts';
import type { PayoutApprovals } from '../../domain/merchants/payouts/payoutApprovals';
import { ensurePayoutIndexes, MongoPayoutStore } from '../../integrations/mongo/payoutStore';
import { bankIsSimulated, connectBankRail, type BankTransferSettings } from './bankTransferSetup';

/**
 * The payment rails that run on a simulator with these settings, by the names people know them by. A simulated rail
 * confirms any payment, so a start outside development refuses while this list is not empty
 * (simulatedRailsGuard.ts); a rail leaves the list once its real client is configured.
 */
export function simulatedPaymentRails(
  settings: Partial<
    Pick<
      Config,
      | 'SMOBILPAY_BASE_URL'
      | 'MTN_MOMO_BASE_URL'
      | 'ORANGE_MONEY_BASE_URL'
      | 'NOTCH_PAY_BASE_URL'
      | 'BANK_TRANSFER_BASE_URL'
    >
  >,
): string[] {
  return [
    ...simulatedRails(settings),
    ...(smobilpayIsSimulated(settings) ? ['bill aggregator'] : []),
    ...(bankIsSimulated(settings) ? ['bank transfers'] : []),
  ];
}

/** The settings the services read. */
export type ServiceSettings = Pick<
  Config,
  | 'PIN_LOCK_MS'
  | 'CLAIM_DAYS'
  | 'PAYMENT_REQUEST_DAYS'
  | 'SWEEP_INTERVAL_MS'
  | 'RECOVERY_INTERVAL_MS'
  | 'RECOVERY_GRACE_MS'
  | 'LEDGER_UNDECIDED_MAX_AGE_MS'
  | 'PENDING_TRANSFER_TTL_MS'
  | 'TOPUP_OTHER_NUMBERS_PER_DAY'
  | 'SMOBILPAY_TIMEOUT_MS'
> &
  // Unset: the rail runs on the product's own simulator (at `localSimulatorsUrl`), or its development credentials.
  Partial<
    Pick<Config, 'SMOBILPAY_BASE_URL' | 'SMOBILPAY_PUBLIC_TOKEN' | 'SMOBILPAY_SECRET' | 'SMOBILPAY_CUSTOMER_EMAIL'>
  > &
  // Unset outside production only (the configuration requires it there): a development pepper stands in.
  Partial<Pick<Config, 'PIN_PEPPER'>> &
  PaymentRailSettings &
  BankTransferSettings &
  // Where pay links point: PUBLIC_URL, or this machine's PORT when unset.
  Partial<Pick<Config, 'PUBLIC_URL' | 'PORT'>> &
  // Unset: the defaults of AccountHolders and RailPayments (the configuration's defaults too).
  Partial<Pick<Config, 'ACCOUNT_HOLDER_TIMEOUT_MS' | 'CARD_CANCEL_BEFORE_HOLD_END_MS'>> &
  // Unset: 5 MB, the configuration's default.
  Partial<Pick<Config, 'KYC_MAX_UPLOAD_BYTES'>> &
  // Unset: the configuration's defaults (public https endpoints only).
  Partial<
    Pick<
      Config,
      'WEBHOOK_TIMEOUT_MS' | 'WEBHOOK_INTERVAL_MS' | 'WEBHOOK_ALLOW_HTTP' | 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES'
    >
  >;

/** WEBHOOK_TIMEOUT_MS's default in the configuration, for callers that leave it unset. */
const WEBHOOK_TIMEOUT_MS_DEFAULT = 10_000;

export interface Services extends TeamServices {
  ledger: Ledger;
  people: People;
  outbox: MongoOutbox;
  claims: Claims;
  sendMoney: SendMoney;
  paymentRequests: PaymentRequests;
  history: OperationHistory;
  railPayments: RailPayments;
  topUps: TopUps;
  /** Who holds another paying number, as its rail says (MTN MoMo), before the person confirms. */
  accountHolders: AccountHolders;
  withdrawals: Withdrawals;
  bills: BillPayments;
  /** The payment rails' real clients, by rail, and what the card webhook's route needs. */
  paymentRails: PaymentRails;
  notchPayReferences: NotchPayReferences;
  /** Each operation's short reference, and the transfer a quoted one names (for support). */
  shortReferences: ShortReferences;
  /** Merchant accounts: opening one (chat, merchant:create), status, balance. */
  merchants: Merchants;
  /** Merchants' KYC documents: uploads checked and kept once, listed, read back; submissions asking for a level. */
  kycDocuments: KycDocuments;
  /** The back office's review of KYC submissions: approvals raise the merchant's level, the owner is told. */
  kycReview: KycReview;
  /** Merchant API keys: create, authenticate a bearer secret, revoke. */
  apiKeys: ApiKeys;
  /** Merchant events, recorded once each and listed for the API; `onMerchantEvent` hears each record. */
  merchantEvents: MerchantEvents;
  /** This process's news of each merchant event, for the dashboard's live figures. */
  merchantActivity: MerchantActivity;
  /** The events as stored: the API lists them from here. */
  merchantEventStore: MerchantEventStore;
  /** Merchants' webhook endpoints, the deliveries of their events (enqueued as each event is recorded), re-sends. */
  webhooks: MerchantWebhooks;
  /** Sends the deliveries due and retries failed ones (started by startWorkers; tests run its passes). */
  webhookWorker: WebhookWorker;
  /** Merchants' payment requests (API, chat, links, invoices) and their payments. */
  merchantRequests: MerchantRequests;
  /** A merchant's payments grouped by order reference. */
  orders: Orders;
  /** Merchants' refunds of their payments, to the payer's wallet or back to mobile money. */
  refunds: Refunds;
  /** Merchants' payouts to a bank account or a mobile-money number. */
  payouts: Payouts;
  /** Merchants' payment links (`/l/<code>`): made, listed, turned off, and paid from their page. */
  paymentLinks: PaymentLinks;
  /** Merchants' invoices (`/i/<token>`): drafts, sending, cancelling, partial payments, reminders. */
  invoices: Invoices;
  /** Merchants' salary batches from a CSV: report, approval, run, re-run of failed lines. */
  salaryBatches: SalaryBatches;
  /** Pays the running salary batches' lines (started by startWorkers; tests run its passes). */
  salaryRunner: SalaryRunner;
}

export interface Workers {
  stop(): Promise<void>;
  /** True from start until stop. */
  running(): boolean;
}

export interface ServiceOptions {
  clock?: () => Date;
  /**
   * Where this product's provider simulators are served (`http://127.0.0.1:<PORT>` for npm start, a loopback server
   * in tests: localSimulators.ts): a rail without its own base URL talks to its simulator there, over HTTP.
   */
  localSimulatorsUrl: string;
  /** Our billers the bill aggregator does not offer (they are left out of the menu). */
  onMissingBillers?: (billerIds: readonly string[]) => void;
  /** Told when an account holder check fails or is slow (for the logs; the person carries on without a name). */
  onAccountHolderFault?: (rail: string, error: unknown) => void;
  /** Called after each merchant event is recorded and its webhook deliveries enqueued; must be safe to repeat. */
  onMerchantEvent?: (event: MerchantEvent) => Promise<void>;
  /** Where the webhooks log failed attempts and passes (never a secret nor a body). */
  webhookLogger?: WebhookLogger;
  /** The merchant team's approvals of payouts (maker and checker); none: no payout waits for approval. */
  payoutApprovals?: PayoutApprovals;
}

/**
 * Builds every service; indexes are created and awaited before anything is served. The providers are asked for what
 * the start needs (the bill aggregator's service list), so the simulators must already be served.
 */
export async function createServices(
  connection: Connection,
  settings: ServiceSettings,
  options: ServiceOptions,
): Promise<Services> {
  const clock = options.clock;
  const bills = await connectBillAggregator(settings, options.localSimulatorsUrl, { clock });
  if (bills.missing.length > 0) options.onMissingBillers?.(bills.missing);
  const payments = await connectPaymentRails(connection, settings, options.localSimulatorsUrl, { clock });
  const { ledger } = await setUpLedger(connection, { clock });
  await Promise.all([
    ensureClaimIndexes(connection),
    ensureSessionIndexes(connection),
    ensurePaymentRequestIndexes(connection),
    ensureRailPaymentIndexes(connection),
    ensureBillPaymentIndexes(connection),
    ensurePinEventIndexes(connection),
    ensureOutboxIndexes(connection),
    ensureMerchantIndexes(connection),
    ensureApiKeyIndexes(connection),
    ensureMerchantEventIndexes(connection),
    ensureMerchantRefundIndexes(connection),
    ensureWebhookEndpointIndexes(connection),
    ensureWebhookDeliveryIndexes(connection),
    ensureKycIndexes(connection),
    ensurePayoutIndexes(connection),
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
  const payoutStore = new MongoPayoutStore(connection);
  // The providers' callbacks reach railPayments through the product's HTTP routes (railCallbackRoutes.ts).
  const railPayments = new RailPayments({
    ledger,
    store: new MongoRailPaymentStore(connection),
    // Merchant payouts to bank accounts: the bank rail reads a payout's account from its record.
    rails: {
      ...payments.rails,
      bank: connectBankRail(settings, options.localSimulatorsUrl, payoutStore),
    } satisfies PaymentRails,
    notifier: outbox,
    shortReferences,
    clock,
    ...(settings.CARD_CANCEL_BEFORE_HOLD_END_MS === undefined
      ? {}
      : { cancelBeforeExpiryMs: settings.CARD_CANCEL_BEFORE_HOLD_END_MS }),
  });
  // After the rails: a request to a number without an account gets a pay page, paid through them.
  await ensurePayLinkIndexes(connection);
  const paymentRequests: PaymentRequests = new PaymentRequests({
    ledger,
    store: new MongoPaymentRequestStore(connection),
    users: people,
    notifier: outbox,
    shortReferences,
    clock,
    defaultExpiryDays: settings.PAYMENT_REQUEST_DAYS,
    payLinks: {
      store: new MongoPayLinkStore(connection),
      railPayments,
      publicUrl: settings.PUBLIC_URL ?? `http://127.0.0.1:${settings.PORT ?? 3000}`,
    },
    // A merchant's request that ends or fails an attempt becomes the merchant's event (and webhook).
    onEnded: async (request, step) => {
      await merchantRequests.ended(request, step);
      // A paid request of an invoice's page: the invoice's own events (paid, partially paid) are recorded now.
      await invoiceRequestEnded(linksAndInvoices.invoices, request, step);
    },
    onAttemptFailed: (request, step) => merchantRequests.attemptFailed(request, step),
  });
  const merchants = new Merchants({ store: new MongoMerchantStore(connection), ledger, users: people, clock });
  const merchantEventStore = new MongoMerchantEventStore(connection);
  const webhookParts = {
    endpoints: new MongoWebhookEndpointStore(connection),
    deliveries: new MongoWebhookDeliveryStore(connection),
    events: merchantEventStore,
    sender: new HttpWebhookSender({
      timeoutMs: settings.WEBHOOK_TIMEOUT_MS ?? WEBHOOK_TIMEOUT_MS_DEFAULT,
      allowHttp: settings.WEBHOOK_ALLOW_HTTP ?? false,
      allowPrivateAddresses: settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES ?? false,
    }),
    ...(clock === undefined ? {} : { clock }),
    ...(options.webhookLogger === undefined ? {} : { logger: options.webhookLogger }),
  };
  const webhooks = new MerchantWebhooks({
    ...webhookParts,
    urlPolicy: {
      allowHttp: settings.WEBHOOK_ALLOW_HTTP ?? false,
      allowPrivateAddresses: settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES ?? false,
    },
  });
  const merchantActivity = new MerchantActivity();
  const merchantEvents = new MerchantEvents({
    store: merchantEventStore,
    clock,
    // Each event recorded is queued for the merchant's endpoints at once (inserting twice is harmless; a crash
    // before it is healed by the record's retry, or by the worker's sweep).
    afterRecord: async (event) => {
      await webhooks.enqueue(event);
      merchantActivity.publish(event);
      await options.onMerchantEvent?.(event);
    },
  });
  const merchantRequests: MerchantRequests = new MerchantRequests({
    merchants,
    requests: paymentRequests,
    requestStore: new MongoPaymentRequestStore(connection),
    events: merchantEvents,
    clock,
  });
  // Listens to railPayments for the end of a refund's payout (so it is built once, here).
  const refunds = new Refunds({
    ledger,
    store: new MongoMerchantRefundStore(connection),
    requestStore: new MongoPaymentRequestStore(connection),
    merchantStore: new MongoMerchantStore(connection),
    railPayments,
    users: people,
    events: merchantEvents,
    notifier: outbox,
    shortReferences,
    clock,
  });
  // Payment links and invoices: their pages make merchant requests, paid through the pay pages.
  const linksAndInvoices = await createLinkInvoiceServices(connection, {
    merchants,
    merchantRequests,
    paymentRequests,
    notifier: outbox,
    events: merchantEvents,
    publicUrl: settings.PUBLIC_URL ?? `http://127.0.0.1:${settings.PORT ?? 3000}`,
    clock,
  });
  // Merchant teams: members, cash points, maker-checker approvals.
  const teamServices = await createTeamServices(connection, {
    users: people,
    notifier: outbox,
    merchantRequests,
    clock,
  });
  // Merchant payouts: held on the merchant account like a withdrawal; listens to railPayments for their end;
  // above the owner's threshold it waits for a second person of the team (the settle worker carries it on).
  const payouts = new Payouts({
    ledger,
    store: payoutStore,
    merchantStore: new MongoMerchantStore(connection),
    railPayments,
    approvals: options.payoutApprovals ?? teamPayoutApprovals(teamServices.approvals),
    events: merchantEvents,
    clock,
  });
  // Salary batches: their runner listens to railPayments for the end of each line's payout.
  const salaries = await createSalaryServices(connection, {
    merchantStore: new MongoMerchantStore(connection),
    railPayments,
    events: merchantEvents,
    notifier: outbox,
    approvals: teamServices.approvals,
    ...(clock ? { clock } : {}),
  });
  // KYC documents and their review: approvals go through Merchants.setStatus, the owner is told through the outbox.
  const kycStore = new MongoKycStore(connection);
  const kyc = {
    kycDocuments: new KycDocuments({
      store: kycStore,
      merchants,
      clock,
      ...(settings.KYC_MAX_UPLOAD_BYTES === undefined ? {} : { maxUploadBytes: settings.KYC_MAX_UPLOAD_BYTES }),
    }),
    kycReview: new KycReview({ store: kycStore, merchants, notifier: outbox, clock }),
  };
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
    // Only MTN tells who holds a number; Orange Money's API has no such call.
    accountHolders: new AccountHolders({
      lookups: { mtn_momo: payments.rails.mtn_momo },
      ...(settings.ACCOUNT_HOLDER_TIMEOUT_MS === undefined ? {} : { timeoutMs: settings.ACCOUNT_HOLDER_TIMEOUT_MS }),
      ...(options.onAccountHolderFault === undefined ? {} : { onFault: options.onAccountHolderFault }),
    }),
    withdrawals: new Withdrawals(railPayments),
    bills: new BillPayments({
      ledger,
      store: new MongoBillPaymentStore(connection),
      aggregator: bills.aggregator,
      billers: bills.billers,
      notifier: outbox,
      shortReferences,
      clock,
    }),
    paymentRails: payments.rails,
    notchPayReferences: payments.notchPayReferences,
    shortReferences,
    merchants,
    apiKeys: new ApiKeys({ store: new MongoApiKeyStore(connection), clock }),
    merchantEvents,
    merchantActivity,
    merchantEventStore,
    webhooks,
    webhookWorker: new WebhookWorker(webhookParts),
    merchantRequests,
    orders: new Orders({
      requests: merchantRequests,
      refundsOf: async (requestId) =>
        (await refunds.refundsOf(requestId)).map((r) => ({
          shortReference: r.shortReference,
          status: r.status,
          at: r.processedAt ?? r.createdAt,
          amount: r.amount,
        })),
    }),
    refunds,
    payouts,
    ...linksAndInvoices,
    ...salaries,
    ...teamServices,
    ...kyc,
  };
}

/**
 * Starts the workers that finish open work: ledger recovery, rail and bill reconcilers, claim and request expiry,
 * the merchants' refunds and webhook deliveries.
 */
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
    services.refunds.startSettleWorker({
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('refunds', report),
    }),
    services.payouts.startSettleWorker({
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('payouts', report),
    }),
    services.webhookWorker.start({
      intervalMs: settings.WEBHOOK_INTERVAL_MS ?? WEBHOOK_WORKER_DEFAULTS.intervalMs,
      onReport: (report) => onReport('webhooks', report),
    }),
    // Invoice reminders (3 days before the due date, 1 and 7 days after), each sent once.
    startInvoiceReminderWorker(services.invoices, {
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('invoiceReminders', report),
    }),
    startSalaryRunner(services.salaryRunner, {
      intervalMs: settings.SWEEP_INTERVAL_MS,
      onReport: (report) => onReport('salaryBatches', report),
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
