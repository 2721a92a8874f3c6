/**
 * Delivery of notices: the outbox worker with the senders that are configured. SMS goes through Twilio's REST
 * API; without Twilio credentials (the default `npm start`) a local Twilio simulator takes the SMS instead
 * (twilioAccess.ts), and the local chat shows what it received.
 */
import type { Config } from '../integrations/config';
import type { Logger } from '../integrations/logger';
import type { PeriodicWorker } from '../domain/periodicWorker';
import { OutboxWorker, type OutboxPassReport } from './outbox/outboxWorker';
import type { ChannelDirectory, NoticeSender } from './outbox/ports';
import type { Services } from './services';
import { TwilioSmsSender } from './sms/twilioSmsSender';
import type { TwilioAccess } from './twilioAccess';

// The sender number shown by the simulator when none is configured.
const LOCAL_SENDER = '+237650000000';

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
  });
  const running: PeriodicWorker<OutboxPassReport> = worker.start({
    intervalMs: config.OUTBOX_INTERVAL_MS,
    onReport: (report) => {
      if (report.examined > 0) logger.info({ worker: 'outbox', report }, 'worker pass');
    },
  });
  return {
    worker,
    async stop() {
      await running.stop();
    },
  };
}
