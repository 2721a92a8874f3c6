/**
 * A secret typed outside the chat (a PIN entered in a WhatsApp Flow form) answers one step only: the runtime says
 * which step waits for a secret (`pendingSecret`), and takes an input naming that step (`secretStep`) only while the
 * person is still there; otherwise nothing runs (`stale`). On the real runtime and database.
 */
import { randomUUID } from 'node:crypto';
import type { Inbound } from '../../../bots/runtime/inbound';
import type { Msisdn } from '../../../domain/phone';
import { useProduct } from '../../support/chat';

const product = useProduct();

function formAnswer(msisdn: string, step: string, pin: string): Inbound {
  return {
    channel: 'whatsappCloud',
    msisdn: msisdn as Msisdn,
    messageId: `flow:${randomUUID()}`,
    at: new Date(),
    secretStep: step,
    type: 'text',
    text: pin,
  };
}

describe('a secret answered outside the chat', () => {
  it('is taken at the step that asked for it, as a secret, and the next step says whether it waits for one', async () => {
    const person = await product.signedUp('237677380001', 'Ade Bello');
    const asked = await person.turn('1');
    expect(asked.pendingSecret).toEqual(expect.any(String));
    const answered = await product.conversations.handle(formAnswer(person.msisdn, asked.pendingSecret!, '2468'));
    expect(answered).toMatchObject({ secretInput: true, duplicate: false });
    expect(answered.stale).toBeUndefined();
    expect(answered.replies.map((r) => r.key)).toEqual(['menu.balanceIs']);
    // The balance is shown: nothing waits for a secret now.
    expect(answered.pendingSecret).toBeUndefined();
  });

  it('runs nothing once the person moved on, or for a step never asked', async () => {
    const person = await product.signedUp('237677380002', 'Bisi Bello');
    const asked = await person.turn('1');
    const typed = await person.turn('2468');
    expect(typed.replies.map((r) => r.key)).toEqual(['menu.balanceIs']);
    const late = await product.conversations.handle(formAnswer(person.msisdn, asked.pendingSecret!, '2468'));
    expect(late).toMatchObject({ stale: true, secretInput: true, replies: [] });
    await person.turn('00');
    await person.turn('1');
    const made = await product.conversations.handle(formAnswer(person.msisdn, 'console:made-up', '2468'));
    expect(made).toMatchObject({ stale: true, replies: [] });
  });
});
