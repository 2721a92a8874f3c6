/**
 * Notices on Telegram and WhatsApp: a number the channel cannot reach is a permanent refusal (the worker falls back
 * to SMS), a channel that is down is a temporary one (retried later).
 */
import { telegramNoticeSender, whatsappNoticeSender } from '../../../bots/app/chatNoticeSenders';
import { NoticeSendError } from '../../../bots/runtime/outbox/ports';
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';

const to = '237677000001' as Msisdn;
const notice: Notice = {
  key: 'payments.received',
  params: { amount: { francs: 2000 }, sender: 'Ama', number: '677', reference: 'p2p:1' },
};

async function refusal(send: Promise<unknown>): Promise<NoticeSendError> {
  try {
    await send;
  } catch (error) {
    if (error instanceof NoticeSendError) return error;
    throw error;
  }
  throw new Error('expected a NoticeSendError');
}

describe('Telegram notices', () => {
  it('sends the notice in the person’s language and gives the message id', async () => {
    const sent: string[] = [];
    const sender = telegramNoticeSender({
      sendNotice: (_msisdn, text) => {
        sent.push(text);
        return Promise.resolve({ ok: true as const, messageIds: [42] });
      },
    });
    expect(await sender.send(to, notice, 'fr')).toEqual({ providerId: '42' });
    expect(sent).toEqual(['Vous avez reçu 2 000 FCFA de Ama (677). Réf p2p:1']);
  });

  it('refuses for good a number that is not linked', async () => {
    const sender = telegramNoticeSender({
      sendNotice: () => Promise.resolve({ ok: false as const, reason: 'NOT_LINKED' as const }),
    });
    expect((await refusal(sender.send(to, notice, 'en'))).permanent).toBe(true);
  });
});

describe('WhatsApp notices', () => {
  it('refuses for good a number that is not on WhatsApp', async () => {
    const sender = whatsappNoticeSender({
      sendNotice: () => Promise.resolve({ ok: false as const, reason: 'NOT_ON_WHATSAPP' as const }),
    });
    expect((await refusal(sender.send(to, notice, 'en'))).permanent).toBe(true);
  });

  it('fails for now when the client is not connected, so the notice is retried later', async () => {
    const sender = whatsappNoticeSender({ sendNotice: () => Promise.reject(new Error('reconnecting')) });
    expect((await refusal(sender.send(to, notice, 'en'))).permanent).toBe(false);
  });
});
