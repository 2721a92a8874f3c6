/**
 * The product's start: the one place that wires everything together. It brings up the database (local FerretDB
 * on SQLite unless MONGODB_URI is set), the ledger and every service with their workers, the conversation
 * runtime, the HTTP server with the channels that are configured, and (outside production) the local chat in the
 * terminal.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Msisdn } from '../../domain/phone';
import { ConfigError, loadConfig } from '../../integrations/config';
import { connectDatabase } from '../../integrations/database';
import { createLogger } from '../../integrations/logger';
import { MongoSendSlots } from '../../integrations/mongo/sendSlots';
import { ensureRetentionIndexes, purgeExpired, purgeUndated } from '../../integrations/mongo/retention';
import { runLocalChat } from '../channels/console/localChat';
import { smsSimulatorFeed } from '../channels/console/noticeFeeds';
import { telegramNoticeSender, whatsappNoticeSender } from './chatNoticeSenders';
import { startOutboxDelivery, type OutboxDelivery } from './outboxDelivery';
import { createConversations } from './conversationSetup';
import { startHttpChannels } from './httpChannels';
import { ProviderSetupError } from './billAggregatorSetup';
import { closeLocalSimulators, createLocalSimulators, listenWithSimulators } from './localSimulators';
import { createServices, simulatedPaymentRails, startWorkers } from './services';
import { simulatedRailsRefusal, simulationAllowed } from './simulatedRailsGuard';
import { twilioAccess } from './twilioAccess';
import { MongoPinAdvice } from '../../integrations/mongo/pinAdviceStore';
import { WhatsAppChannel } from '../channels/whatsapp/whatsappChannel';
import { createWebJsClient } from '../channels/whatsapp/whatsappClient';

// The number the local chat plays first; `/as <number>` switches.
const FIRST_LOCAL_NUMBER = '237677000001' as Msisdn;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG: the start is stopped by a setting, named in the message
    }
    throw error;
  }
  const refusal = simulatedRailsRefusal(config, simulatedPaymentRails(config));
  if (refusal) {
    console.error(refusal);
    process.exit(78); // EX_CONFIG, as for a bad setting: nothing was started
  }
  // The terminal belongs to the chat, so logs go to a file beside the local data.
  const logFile = path.join(path.dirname(config.LOCAL_DB_DIR), 'chatpay.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const logger = createLogger({ level: config.LOG_LEVEL, destination: createWriteStream(logFile, { flags: 'a' }) });
  const database = await connectDatabase(config, logger);
  // The providers' simulators, served on PORT under /simulators/ wherever the simulated world may run. The services
  // read the bill aggregator's service list at start, by default from this product's own simulator: so PORT
  // listens first with the simulators alone, and the product's server takes that listener over below.
  const simulators = simulationAllowed(config)
    ? await createLocalSimulators(database.connection, config, { productUrl: `http://127.0.0.1:${config.PORT}` })
    : null;
  const listening = simulators ? await listenWithSimulators(config.PORT, simulators) : undefined;
  let services;
  try {
    services = await createServices(database.connection, config, {
      localSimulatorsUrl: `http://127.0.0.1:${config.PORT}`,
      onMissingBillers: (billers) => logger.warn({ billers }, 'billers not offered by the bill aggregator'),
      // Never the number: the person carries on without the holder's name.
      onAccountHolderFault: (rail, error) => logger.warn({ rail, err: error }, 'account holder check failed'),
      webhookLogger: logger,
    });
  } catch (error) {
    if (!(error instanceof ProviderSetupError)) throw error;
    console.error(error.message);
    listening?.close();
    await database.close();
    process.exit(78); // EX_CONFIG: a provider's settings stop the start, named in the message
  }
  await ensureRetentionIndexes(database.connection);
  // Records an older version wrote without their day: once per start, off the path of any request.
  void purgeUndated(database.connection, new Date()).catch((error: unknown) =>
    logger.error({ err: error }, 'purge of undated records failed'),
  );
  const workers = startWorkers(services, config, (worker, report) => {
    if ((report as { examined?: number }).examined) logger.info({ worker, report }, 'worker pass');
  });
  const { conversations, sessions } = createConversations(database.connection, services, config, {
    onError: (error) => logger.error({ err: error }, 'conversation turn failed'),
  });
  // The Twilio account, or a local Twilio simulator: the SMS route, the simulator page and the outbox share it.
  const twilio = await twilioAccess(config);
  // The delivery starts once the channels it sends on exist.
  const started: { delivery?: OutboxDelivery } = {};
  const http = await startHttpChannels({
    config,
    connection: database.connection,
    services,
    conversations,
    logger,
    workersRunning: workers.running,
    twilio,
    simulators,
    listening,
    sessions,
  });
  // Not an HTTP channel: whatsapp-web.js drives WhatsApp Web in Chromium (docs/channels.md: the ban risk).
  const whatsapp = config.WHATSAPP_ENABLED
    ? new WhatsAppChannel({
        createClient: () => createWebJsClient({ dataPath: config.WHATSAPP_SESSION_DIR }),
        turns: http.turns,
        pinAdvice: new MongoPinAdvice(database.connection),
        logger,
        metrics: http.metrics,
        output: process.stdout,
      })
    : null;
  await whatsapp?.start();
  const senders = [
    ...(http.telegram ? [telegramNoticeSender(http.telegram.channel)] : []),
    ...(whatsapp ? [whatsappNoticeSender(whatsapp)] : []),
    ...(http.whatsappCloud ? [http.whatsappCloud.sender] : []),
  ];
  // Notices go where each person last wrote from (kept with their session), by SMS otherwise.
  const delivery = await startOutboxDelivery({
    config,
    services,
    channels: sessions,
    logger,
    senders,
    sendSlots: new MongoSendSlots(database.connection),
    metrics: http.metrics,
    twilio,
  });
  started.delivery = delivery;
  // Housekeeping FerretDB has no TTL indexes for: the records past their retention (inbound message ids, answers,
  // turn claims, USSD steps, sent notices and their claims; docs/operations.md, Retention).
  const sweep = setInterval(() => {
    void purgeExpired(database.connection, new Date()).then(
      (deleted) => {
        if (Object.values(deleted).some((count) => count > 0)) logger.info({ deleted }, 'retention purge');
      },
      (error: unknown) => logger.error({ err: error }, 'retention purge failed'),
    );
  }, 60_000);
  sweep.unref();
  logger.info({ database: config.MONGODB_URI ? 'MONGODB_URI' : 'local' }, 'ready');
  const webhooks = http.channels.length > 0 ? `, webhooks: ${http.channels.join(' ')}` : '';
  const simulator = http.localChannels.length > 0 ? `, simulator: http://127.0.0.1:${http.local.port}/simulator` : '';
  const providers = http.simulators.length > 0 ? `, provider simulators: ${http.simulators.join(' ')}` : '';
  console.log(
    `chatpay is ready: http://localhost:${http.server.port}/healthz${webhooks}${simulator}${providers} (logs: ${logFile}).`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    clearInterval(sweep);
    // Channels first: the server stops taking messages and finishes the turns in flight.
    await http.telegram?.stop();
    await Promise.all([http.server.close(), http.local.close()]);
    await http.pinSmsEraser?.stop();
    await http.whatsappCloud?.stop();
    await whatsapp?.stop();
    await started.delivery?.stop();
    await twilio.simulator?.close();
    if (simulators) closeLocalSimulators(simulators);
    await workers.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Production serves its channels until it is stopped by a signal. Elsewhere a terminal is a chat (the default
  // channel when none is configured), and the end of its input stops the product; without a terminal (a service
  // manager, nohup, a container: stdin closed or not a TTY) there is nobody to chat with, so it serves until a
  // signal as production does.
  if (config.NODE_ENV === 'production') return;
  if (!process.stdin.isTTY) {
    console.log('No terminal: the local chat is off; stop with SIGTERM or SIGINT.');
    return;
  }
  await runLocalChat({
    conversations,
    // The SMS the outbox worker sent to the local Twilio simulator; with a real Twilio account, nothing to show.
    notices: twilio.simulator ? smsSimulatorFeed(twilio.simulator) : { take: () => Promise.resolve([]) },
    input: process.stdin,
    output: process.stdout,
    startAs: FIRST_LOCAL_NUMBER,
  });
  await stop('end of input');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
