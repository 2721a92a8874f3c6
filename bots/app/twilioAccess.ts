/**
 * Which Twilio the product talks to: the configured account (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, at
 * TWILIO_API_BASE_URL or Twilio's own hosts), or, without one (the default `npm start`), a local Twilio simulator
 * with credentials made up at start. Decided once, so that everything Twilio-side agrees: the outbox sends its SMS
 * there, and outside production the SMS route is signed with that token and deletes PIN messages from that log.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../integrations/config';
import { startTwilioSimulator, type TwilioSimulator } from '../../integrations/twilio/twilioSimulator';

export interface TwilioAccess {
  accountSid: string;
  authToken: string;
  /** Where the REST API is; Twilio's own hosts when undefined. */
  apiBaseUrl: string | undefined;
  /** The local simulator, when there is no Twilio account; close it on shutdown. */
  simulator: TwilioSimulator | null;
}

export async function twilioAccess(
  config: Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_BASE_URL'>,
): Promise<TwilioAccess> {
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) {
    return {
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      apiBaseUrl: config.TWILIO_API_BASE_URL,
      simulator: null,
    };
  }
  const local = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
  const simulator = await startTwilioSimulator(local);
  return { ...local, apiBaseUrl: simulator.url, simulator };
}
