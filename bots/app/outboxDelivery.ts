/**
 * Delivery of notices: the outbox worker with the senders that are configured. SMS goes through Twilio's REST
 * API; without Twilio credentials (the default `npm start`) a local Twilio simulator takes the SMS instead
 * (twilioAccess.ts), and the local chat shows what it received.
 */
import type { Config } from '../../integrations/config';
import type { Logger } from '../../integrations/logger';
import type { PeriodicWorker } from '../../domain/periodicWorker';
import type { Metrics } from '../channels/http/metrics';
import { OutboxWorker, type OutboxPassReport } from '../runtime/outbox/outboxWorker';
import type { ChannelDirectory, NoticeSender } from '../runtime/outbox/ports';
import type { SendSlotStore } from '../runtime/outbox/ports';
import type { Services } from './services';
import { TwilioSmsSender } from '../channels/sms/twilioSmsSender';
import type { TwilioAccess } from './twilioAccess';

// The sender number shown by the simulator when none is configured.
const LOCAL_SENDER = '+237650000000';

// How often the backlog gauge is counted: a count reads the whole outbox on FerretDB, so it is done here, at this
// pace, rather than by each scrape of /metrics.
const BACKLOG_COUNT_INTERVAL_MS = 30_000;

export interface OutboxDelivery {
  worker: OutboxWorker;
  stop(): Promise<void>;
}

export async function startOutboxDelivery(options: {
  config: Config;
  services: Services;
  channels: ChannelDirectory;
  logger: Logger;
  /** Senders of other channels (Telegram, WhatsApp), tried before SMS for people who use them. */
  senders?: NoticeSender[];
  /** Where every process's sends are counted, so each channel's rate holds for all of them together. */
  sendSlots: SendSlotStore;
  /** Where the outbox backlog is shown (the /metrics gauge), counted every BACKLOG_COUNT_INTERVAL_MS. */
  metrics?: Pick<Metrics, 'setOutboxBacklog'>;
  /** The Twilio account SMS go through, or the local simulator. */
  twilio: TwilioAccess;
}): Promise<OutboxDelivery> {
  const { config, services, logger, twilio } = options;
  const worker = new OutboxWorker({
    outbox: services.outbox,
    users: services.people,
    channels: options.channels,
    logger,
    senders: [
      ...(options.senders ?? []),
      new TwilioSmsSender({
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
        apiBaseUrl: twilio.apiBaseUrl,
        from: config.TWILIO_SMS_FROM ?? LOCAL_SENDER,
      }),
    ],
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    ratePerSecond: { sms: config.OUTBOX_SMS_PER_SECOND },
    sendSlots: options.sendSlots,
  });
  const running: PeriodicWorker<OutboxPassReport> = worker.start({
    intervalMs: config.OUTBOX_INTERVAL_MS,
    onReport: (report) => {
      if (report.examined > 0) logger.info({ worker: 'outbox', report }, 'worker pass');
    },
  });
  const metrics = options.metrics;
  const countBacklog = () =>
    services.outbox.backlog().then(
      (notices) => metrics?.setOutboxBacklog(notices),
      () => metrics?.setOutboxBacklog(Number.NaN),
    );
  if (metrics) void countBacklog();
  const backlogCounter = metrics ? setInterval(() => void countBacklog(), BACKLOG_COUNT_INTERVAL_MS) : undefined;
  backlogCounter?.unref();
  return {
    worker,
    async stop() {
      clearInterval(backlogCounter);
      await running.stop();
    },
  };
}
