/**
 * The whole product on the test's database, talked to as people do: services, workers and the conversation
 * runtime wired exactly as main.ts wires them, a person who types and reads rendered texts, and the merchant API
 * served over real HTTP at `/api/v1` as the product's server serves it.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Metrics } from '../../bots/channels/http/metrics';
import { createHttpApp, startHttpServer, type RunningHttpServer } from '../../bots/channels/http/server';
import { ChannelTurns } from '../../bots/channels/http/turns';
import { merchantApiChannelOf } from '../../bots/app/merchantApiPorts';
import { createConversations } from '../../bots/app/conversationSetup';
import { serveLocalSimulators, type SimulatorsServer } from '../../bots/app/localSimulators';
import { productRailCallbackRoutes } from '../../bots/app/railCallbackRoutes';
import { mountMerchantPages } from '../../bots/pages/links/merchantPages';
import { dashboardDepsOf } from '../../bots/app/dashboardSetup';
import type { DashboardDeps } from '../../bots/dashboard/dashboardContext';
import { dashboardChannel } from '../../bots/dashboard/dashboardRoute';
import { payPageChannel } from '../../bots/pages/pay/payRoute';
import { createServices, type ServiceOptions, type ServiceSettings, type Services } from '../../bots/app/services';
import type { Conversations } from '../../bots/runtime/conversations';
import type { Inbound, TurnResult } from '../../bots/runtime/inbound';
import type { RailCallback } from '../../domain/paymentRail';
import type { Msisdn } from '../../domain/phone';
import type { Reply } from '../../flows/conversation';
import { translate } from '../../flows/messages';
import { createLogger } from '../../integrations/logger';
import { MongoSessionStore } from '../../integrations/mongo/sessionStore';
import type { Session } from '../../bots/runtime/ports';
import { useTestDatabase } from './database';

export const testSettings: ServiceSettings & {
  SIMULATED_RAIL_DELAY_MS: number;
  BANK_TRANSFER_SETTLEMENT_DELAY_MS: number;
  SESSION_IDLE_MS: number;
  TURN_TIMEOUT_MS: number;
  MESSAGES_PER_MINUTE: number;
  API_RATE_LIMIT_REQUESTS: number;
  API_RATE_LIMIT_WINDOW_SECONDS: number;
  API_IDEMPOTENCY_LOCK_SECONDS: number;
} = {
  PIN_LOCK_MS: 30 * 60_000,
  CLAIM_DAYS: 7,
  PAYMENT_REQUEST_DAYS: 3,
  SIMULATED_RAIL_DELAY_MS: 50,
  BANK_TRANSFER_SETTLEMENT_DELAY_MS: 300,
  BANK_TRANSFER_TIMEOUT_MS: 1000,
  SWEEP_INTERVAL_MS: 60_000,
  RECOVERY_INTERVAL_MS: 60_000,
  RECOVERY_GRACE_MS: 2000,
  LEDGER_UNDECIDED_MAX_AGE_MS: 600_000,
  PENDING_TRANSFER_TTL_MS: 900_000,
  TOPUP_OTHER_NUMBERS_PER_DAY: 2,
  SMOBILPAY_TIMEOUT_MS: 5000,
  MTN_MOMO_TARGET_ENVIRONMENT: 'mtncameroon',
  MTN_MOMO_TIMEOUT_MS: 5000,
  ORANGE_MONEY_TIMEOUT_MS: 5000,
  NOTCH_PAY_TIMEOUT_MS: 5000,
  NOTCH_PAY_INITIALIZE_PATH: '/payments',
  SESSION_IDLE_MS: 300_000,
  TURN_TIMEOUT_MS: 15_000,
  MESSAGES_PER_MINUTE: 1000,
  API_RATE_LIMIT_REQUESTS: 10_000,
  API_RATE_LIMIT_WINDOW_SECONDS: 10,
  API_IDEMPOTENCY_LOCK_SECONDS: 60,
};

/** A reply rendered as plain text in a language, options as numbered lines: what the console channel shows. */
export function render(reply: Reply, language: TurnResult['language']): string {
  const head = translate(language, reply.key, reply.params);
  if (reply.kind !== 'menu') return head;
  return [head, ...reply.options.map((o) => `${o.id}. ${translate(language, o.key, o.params)}`)].join('\n');
}

export interface Person {
  msisdn: Msisdn;
  /** Types a message; returns what the bot answered, rendered. */
  says(text: string, options?: { messageId?: string }): Promise<string[]>;
  /** Types a message; returns the turn's raw result. */
  turn(text: string, options?: { messageId?: string }): Promise<TurnResult>;
}

export function useProduct(
  options: {
    clock?: () => Date;
    settings?: Partial<typeof testSettings>;
    /**
     * Serves the public pages on the loopback server as npm start serves them on PORT (the pay pages, payment links
     * and invoices), with PUBLIC_URL pointing there so the links the services make open them. Off by default: other
     * tests serve pay pages of their own there (payPagesOnPort.ts). The merchant dashboard is served there too.
     */
    pagesOnPort?: boolean;
  } = {},
) {
  // Registered before the database's own afterAll, so it runs first (Jest runs afterAll hooks in order): the
  // providers' calls still being handled finish before the connection they use is closed.
  const hints = new Set<Promise<unknown>>();
  afterAll(async () => {
    await api?.close();
    await simulators?.close();
    await Promise.allSettled([...hints]);
  });
  const db = useTestDatabase();
  const settings = { ...testSettings, ...options.settings };
  let services: Services | undefined;
  let conversations: Conversations | undefined;
  let simulators: SimulatorsServer | undefined;
  let api: RunningHttpServer | undefined;
  let dashboard: DashboardDeps | undefined;
  const apiLogs: string[] = [];
  beforeAll(async () => {
    // The providers' simulators on a loopback server, as npm start serves them on its port: the services' real
    // clients (the bill aggregator's, the payment rails') talk to them over HTTP, and the providers call the
    // product's callback routes back on the same server.
    simulators = await serveLocalSimulators(db.connection, settings, { clock: options.clock });
    const serviceSettings = options.pagesOnPort ? { ...settings, PUBLIC_URL: simulators.url } : settings;
    services = await createServices(db.connection, serviceSettings, {
      clock: options.clock,
      localSimulatorsUrl: simulators.url,
    });
    // The providers' callbacks are hints handled after the answer: kept, so closing can wait for them.
    const { railPayments, notchPayReferences } = services;
    const tracked = {
      notchPayReferences,
      railPayments: {
        onRailCallback: (callback: RailCallback) => {
          const handled = railPayments.onRailCallback(callback);
          hints.add(handled);
          void handled.finally(() => hints.delete(handled)).catch(() => undefined);
          return handled;
        },
      },
    };
    simulators.mount(productRailCallbackRoutes(tracked, settings));
    if (options.pagesOnPort) {
      const pages = services.paymentRequests.byLink;
      if (!pages) throw new Error('the pay pages need the rails');
      dashboard = await dashboardDepsOf(db.connection, services, serviceSettings, {
        ...(options.clock ? { clock: options.clock } : {}),
        liveRefreshMs: 1_000,
      });
      simulators.mount([payPageChannel({ pages }), ...mountMerchantPages(services), dashboardChannel(dashboard)]);
    }
    ({ conversations } = createConversations(db.connection, services, settings, { clock: options.clock }));
    // The merchant API on its own loopback server, built as startHttpChannels builds it for npm start.
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          apiLogs.push(chunk.toString('utf8'));
          done();
        },
      }),
    });
    const metrics = new Metrics({ processMetrics: false });
    const apiChannel = await merchantApiChannelOf(
      db.connection,
      services,
      { ...settings, PUBLIC_URL: settings.PUBLIC_URL, PORT: settings.PORT ?? 0 },
      { logger, ...(options.clock === undefined ? {} : { now: options.clock }) },
    );
    const app = createHttpApp({
      turns: new ChannelTurns(conversations, metrics),
      readiness: async () => ({ ok: true, details: {} }),
      metrics,
      logger,
      channels: [apiChannel],
    });
    api = await startHttpServer(app, 0, { host: '127.0.0.1', graceMs: 5000 });
  });
  const product = {
    get db() {
      return db;
    },
    /** The providers' simulators the product's clients talk to (to settle a payment, plan a fault). */
    get simulators(): SimulatorsServer {
      if (!simulators) throw new Error('use the product inside a test');
      return simulators;
    },
    /** The options another createServices on this database needs to reach the same simulators. */
    serviceOptions(): ServiceOptions {
      return { clock: options.clock, localSimulatorsUrl: product.simulators.url };
    },
    get services(): Services {
      if (!services) throw new Error('use the product inside a test');
      return services;
    },
    get conversations(): Conversations {
      if (!conversations) throw new Error('use the product inside a test');
      return conversations;
    },
    /** Where the merchant API is served (`http://127.0.0.1:<port>/api/v1`), and what it logged. */
    get api(): { url: string; logs: () => string } {
      if (!api) throw new Error('use the product inside a test');
      return { url: `http://127.0.0.1:${api.port}/api/v1`, logs: () => apiLogs.join('') };
    },
    /** The merchant dashboard served beside the public pages (`pagesOnPort`) at `<simulators.url>/dashboard`. */
    get dashboard(): DashboardDeps & { url: string } {
      if (!dashboard) throw new Error('the dashboard is served with pagesOnPort');
      return { ...dashboard, url: `${product.simulators.url}/dashboard` };
    },
    /**
     * Changes a person's saved session as another process's turn would (its own store, nothing cached): the
     * product's copy of it is then stale, and its next turn must notice.
     */
    async editSession(msisdn: string, change: (session: Session) => Session): Promise<void> {
      const store = new MongoSessionStore(db.connection, { leaseMs: 60_000, clock: options.clock });
      const turn = await store.begin(msisdn as Msisdn, 5_000);
      if (!turn?.session) throw new Error(`no session to edit for ${msisdn}`);
      await turn.end(change(turn.session));
    },
    /** Another process on the same database: its own services, caches and runtime. */
    async anotherProcess(): Promise<Conversations> {
      const other = await createServices(db.connection, settings, product.serviceOptions());
      return createConversations(db.connection, other, settings, { clock: options.clock }).conversations;
    },
    person(msisdn: string, via?: Conversations): Person {
      const turn = (text: string, o: { messageId?: string } = {}) => {
        const message: Inbound = {
          channel: 'console',
          msisdn: msisdn as Msisdn,
          messageId: o.messageId ?? randomUUID(),
          at: new Date(),
          type: 'text',
          text,
        };
        return (via ?? product.conversations).handle(message);
      };
      return {
        msisdn: msisdn as Msisdn,
        turn,
        async says(text: string, o?: { messageId?: string }) {
          const result = await turn(text, o);
          return result.replies.map((r) => render(r, result.language));
        },
      };
    },
    /** Signs a person up through the conversation, in English, with PIN 2468. */
    async signedUp(msisdn: string, name = 'Test Person'): Promise<Person> {
      const person = product.person(msisdn);
      await person.says('hi');
      await person.says('2');
      await person.says(name);
      await person.says('2468');
      await person.says('2468');
      await person.says('1');
      return person;
    },
  };
  return product;
}

/** Polls until `check` passes or the time is up (for work finished by a worker or a simulated rail). */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
