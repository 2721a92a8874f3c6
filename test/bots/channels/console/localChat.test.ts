/**
 * The local chat of `npm start`, driven through its real input and output streams.
 */
import { PassThrough } from 'node:stream';
import { runLocalChat } from '../../../../bots/channels/console/localChat';
import { outboxFeed } from '../../../../bots/channels/console/noticeFeeds';
import { accountIds } from '../../../../domain/ledger/accounts';
import type { Msisdn } from '../../../../domain/phone';
import { useProduct } from '../../../support/chat';

const product = useProduct();

it('plays one number, switches to another, and shows the notices the outbox would send', async () => {
  await product.signedUp('237677300002', 'Recipient');
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const chat = runLocalChat({
    conversations: product.conversations,
    notices: outboxFeed(product.services.outbox, product.services.people),
    input,
    output,
    startAs: '237677300001' as Msisdn,
    noticePollMs: 20,
  });
  const shownSince = async (before: number, until: string | RegExp, after: string) => {
    for (let waited = 0; waited < 10_000; waited += 20) {
      const fresh = shown.slice(before);
      if (typeof until === 'string' ? fresh.includes(until) : until.test(fresh)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no "${String(until)}" after ${after}; got:\n${shown.slice(before)}`);
  };
  const type = async (line: string, until: string | RegExp) => {
    const before = shown.length;
    input.write(`${line}\n`);
    await shownSince(before, until, `typing ${line}`);
  };

  await type('hi', '1. Français');
  await type('2', 'What is your name?');
  await type('Nadia Fotso', 'Choose a secret PIN');
  await type('2580', 'too easy to guess');
  await type('4826', 'Enter the same PIN again');
  await type('4826', 'Do you accept');
  await type('1', 'Hello Nadia Fotso');
  await product.services.ledger.transfer({
    id: 'local-chat-funding',
    kind: 'topup',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: accountIds.wallet('237677300001' as Msisdn), amount: 10_000 }],
    mode: 'single',
  });
  await type('send 2000 to 677300002', 'Send 2 000 FCFA to Recipient');
  await type('1', 'Enter your PIN');
  await type('4826', 'Sent 2 000 FCFA to Recipient');
  // The recipient's notice is shown too, whichever number is being played, once the outbox worker sent it.
  await shownSince(0, /✉ outbox to \+237 6 77 30 00 02: You received 2 000 FCFA from Nadia Fotso/, 'the send');
  await type('/as 677300002', 'Now playing +237 6 77 30 00 02.');
  await type('1', 'Enter your PIN to see your balance');
  await type('2468', 'Available: 2 000 FCFA');
  input.end();
  await chat;
  expect(shown).toContain('[+237 6 77 30 00 02] > ');
  expect(shown).not.toContain('4826');
});
