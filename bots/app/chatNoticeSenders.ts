/**
 * Notices sent on the chat channels people use (Telegram, WhatsApp), as outbox senders. A number the channel cannot
 * reach (not linked, not on WhatsApp, bot blocked) is a permanent refusal: the worker then sends the notice by SMS
 * in the same attempt. A channel that is down for now is a temporary failure, retried later.
 */
import type { Notice } from '../../domain/notifications';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import { translate } from '../../flows/messages';
import type { TelegramChannel } from '../channels/telegram/telegramChannel';
import type { WhatsAppChannel } from '../channels/whatsapp/whatsappChannel';
import { NoticeSendError, type NoticeSender } from '../runtime/outbox/ports';

function textOf(notice: Notice, language: Language): string {
  return translate(language, notice.key, notice.params);
}

export function telegramNoticeSender(telegram: Pick<TelegramChannel, 'sendNotice'>): NoticeSender {
  return {
    channel: 'telegram',
    async send(to: Msisdn, notice: Notice, language: Language) {
      const delivery = await telegram.sendNotice(to, textOf(notice, language));
      if (!delivery.ok) {
        const code = delivery.reason === 'REFUSED' ? delivery.code : delivery.reason;
        throw new NoticeSendError(`telegram ${delivery.reason}`, { permanent: true, code });
      }
      return { providerId: String(delivery.messageIds[0]) };
    },
  };
}

export function whatsappNoticeSender(whatsapp: Pick<WhatsAppChannel, 'sendNotice'>): NoticeSender {
  return {
    channel: 'whatsapp',
    async send(to: Msisdn, notice: Notice, language: Language) {
      let delivery;
      try {
        delivery = await whatsapp.sendNotice(to, textOf(notice, language));
      } catch (error) {
        // Not connected right now (reconnecting, waiting for login): try again later.
        throw new NoticeSendError('whatsapp unavailable', { permanent: false, cause: error });
      }
      if (!delivery.ok)
        throw new NoticeSendError(`whatsapp ${delivery.reason}`, { permanent: true, code: delivery.reason });
      return {};
    },
  };
}
