/**
 * The SMS channel on an HTTP app as the server mounts it, with Twilio's test credentials (twilioSupport.ts), for
 * tests that post Twilio's webhooks to the real route.
 */
import { Metrics } from '../../../bots/http/metrics';
import { createHttpApp } from '../../../bots/http/server';
import { ChannelTurns } from '../../../bots/http/turns';
import type { Conversations } from '../../../bots/runtime/conversations';
import { createSmsChannel, type SmsChannelOptions } from '../../../bots/sms/smsChannel';
import type { Logger } from '../../../integrations/logger';
import { PUBLIC_URL, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './twilioSupport';

export function smsApp(
  conversations: Pick<Conversations, 'handle'>,
  logger: Logger,
  options: Pick<SmsChannelOptions, 'pinSmsEraser'> = {},
) {
  const metrics = new Metrics({ processMetrics: false });
  const turns = new ChannelTurns(conversations, metrics);
  const sms = createSmsChannel({
    turns,
    authToken: TEST_AUTH_TOKEN,
    accountSid: TEST_ACCOUNT_SID,
    publicUrl: PUBLIC_URL,
    logger,
    metrics,
    ...options,
  });
  const app = createHttpApp({
    turns,
    readiness: async () => ({ ok: true, details: {} }),
    metrics,
    logger,
    channels: [sms],
  });
  return { app, metrics };
}
