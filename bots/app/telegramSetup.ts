/**
 * The Telegram channel as the settings ask: off without TELEGRAM_BOT_TOKEN; by webhook (POST /webhooks/telegram,
 * checked with TELEGRAM_WEBHOOK_SECRET) when the server has a PUBLIC_URL; else by long polling, which needs no
 * public address but must run in one process only (Telegram ends a second poller's requests with 409).
 */
import type { Connection } from 'mongoose';
import { numberOwnershipIn } from '../../domain/people';
import type { Logger } from '../../integrations/logger';
import { MongoPeopleStore } from '../../integrations/mongo/peopleStore';
import type { Metrics } from '../channels/http/metrics';
import type { HttpChannel } from '../channels/http/server';
import type { ChannelTurns } from '../channels/http/turns';
import { DEFAULT_TELEGRAM_API_ROOT, TelegramChannel } from '../channels/telegram/telegramChannel';
import { MongoTelegramLinks } from '../../integrations/mongo/telegramLinkStore';

/** The settings the channel reads (names as in the configuration). */
export interface TelegramSettings {
  TELEGRAM_BOT_TOKEN?: string;
  TELEGRAM_WEBHOOK_SECRET?: string;
  TELEGRAM_API_ROOT?: string;
  PUBLIC_URL?: string;
}

/** A configured bot: the route to mount (webhook mode), and how to start and stop it around the HTTP server. */
export interface TelegramSetup {
  channel: TelegramChannel;
  mode: 'webhook' | 'polling';
  /** The webhook route for createHttpApp's channels; null when polling. */
  webhook: HttpChannel | null;
  /** Once the HTTP server listens: sets the webhook at PUBLIC_URL, or starts polling. */
  start(): Promise<void>;
  /** Before the HTTP server closes: stops polling (the webhook stays set for the next start). */
  stop(): Promise<void>;
}

/** The Telegram channel from the settings, or null when TELEGRAM_BOT_TOKEN is not set. */
export async function telegramFromSettings(
  settings: TelegramSettings,
  dependencies: { connection: Connection; turns: ChannelTurns; logger: Logger; metrics?: Metrics },
): Promise<TelegramSetup | null> {
  const token = settings.TELEGRAM_BOT_TOKEN;
  if (token === undefined) return null;
  const publicUrl = settings.PUBLIC_URL;
  if (publicUrl !== undefined && settings.TELEGRAM_WEBHOOK_SECRET === undefined) {
    // Without a secret anyone who learns the URL could speak for any linked person.
    throw new Error('TELEGRAM_WEBHOOK_SECRET is required when PUBLIC_URL is set and TELEGRAM_BOT_TOKEN is set');
  }
  const people = new MongoPeopleStore(dependencies.connection);
  const channel = new TelegramChannel({
    token,
    apiRoot: settings.TELEGRAM_API_ROOT ?? DEFAULT_TELEGRAM_API_ROOT,
    webhookSecret: settings.TELEGRAM_WEBHOOK_SECRET,
    links: await MongoTelegramLinks.open(dependencies.connection, (msisdn) => numberOwnershipIn(people, msisdn)),
    turns: dependencies.turns,
    logger: dependencies.logger,
    metrics: dependencies.metrics,
  });
  if (publicUrl !== undefined) {
    return {
      channel,
      mode: 'webhook',
      webhook: channel.webhook(),
      start: () => channel.setWebhook(publicUrl),
      stop: async () => undefined,
    };
  }
  return { channel, mode: 'polling', webhook: null, start: () => channel.startPolling(), stop: () => channel.stop() };
}
