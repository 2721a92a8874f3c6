/**
 * What the local chat shows as "sent to people": notices from the outbox directly (the chat alone), or the SMS the
 * outbox worker sent to the local Twilio simulator (the default `npm start`, where the worker delivers them).
 */
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';
import type { UserDirectory } from '../../../domain/users';
import { translate } from '../../../flows/messages';
import type { TwilioSimulator } from '../../../integrations/twilio/twilioSimulator';
import type { NoticeFeed } from './localChat';

/**
 * Notices straight from the outbox, rendered in each person's language and marked sent: the feed when nothing
 * else delivers them (tests of the chat alone).
 */
export function outboxFeed(
  outbox: {
    pending(limit?: number): Promise<{ _id: string; to: Msisdn; notice: Notice }[]>;
    markSent(id: string): Promise<void>;
  },
  people: UserDirectory,
): NoticeFeed {
  return {
    async take() {
      const taken = [];
      for (const message of await outbox.pending()) {
        const language = (await people.find(message.to))?.language ?? 'fr';
        taken.push({
          to: message.to,
          text: translate(language, message.notice.key, message.notice.params),
          via: 'outbox',
        });
        await outbox.markSent(message._id);
      }
      return taken;
    },
  };
}

/** The SMS the Twilio simulator was asked to send since the last look (not the ones people sent, which it logs too). */
export function smsSimulatorFeed(simulator: Pick<TwilioSimulator, 'messages'>): NoticeFeed {
  // By sid: the simulator's log also loses messages (deleted PIN messages), so positions in it move.
  const seen = new Set<string>();
  return {
    take() {
      const fresh = simulator.messages.filter((sms) => sms.direction === 'outbound-api' && !seen.has(sms.sid));
      for (const sms of fresh) seen.add(sms.sid);
      return Promise.resolve(
        fresh.map((sms) => ({ to: sms.to.replace(/^\+/, '') as Msisdn, text: sms.body, via: 'SMS' })),
      );
    },
  };
}
