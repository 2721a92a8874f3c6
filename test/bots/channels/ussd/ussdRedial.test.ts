/**
 * Dialling again after a USSD session died in the middle of sending money: the gateway gave up waiting for the PIN's
 * answer, or our turn itself ran out of time while the transfer was in flight, or the person was too slow at the
 * PIN prompt. The new session opens at the menu (or with the receipt of the send it finished), and the money moves
 * exactly once: never twice, never lost. Real runtime, services and database; the send is made slow by waiting
 * before the real one.
 */
import { ussdRouter } from '../../../../bots/channels/ussd/ussdRoute';
import { MongoUssdSessions } from '../../../../integrations/mongo/ussdSessionStore';
import type { SendMoney } from '../../../../domain/sendMoney';
import type { Msisdn } from '../../../../domain/phone';
import { eventually, useProduct } from '../../../support/chat';
import { expectConsistent } from '../../../support/ledger';
import { balanceOf, fund, noticesFor } from '../../e2e.support';
import { Handset, useUssdServer } from './handset';

// A turn waits at most 3 s for a service; the gateway's patience is shorter (the test decides when it gives up).
const product = useProduct({ settings: { TURN_TIMEOUT_MS: 3000 } });
const server = useUssdServer(() =>
  ussdRouter({ conversations: product.conversations, sessions: new MongoUssdSessions(product.db.connection) }),
);
const phone = (local: string) => new Handset(server, `+237${local}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes the first send slow (a slow ledger or network); tells when it started and when it returned. */
function slowFirstSend(delayMs: number) {
  const sendMoney = product.services.sendMoney;
  const realSend = sendMoney.send.bind(sendMoney);
  let started!: () => void;
  const firstStarted = new Promise<void>((resolve) => (started = resolve));
  let firstDone: Promise<unknown> | null = null;
  let calls = 0;
  sendMoney.send = ((request) => {
    calls += 1;
    if (calls > 1) return realSend(request);
    started();
    const done = sleep(delayMs).then(() => realSend(request));
    firstDone = done;
    return done;
  }) as SendMoney['send'];
  return {
    firstStarted,
    get calls() {
      return calls;
    },
    /** Waits until the slow first send has returned. */
    firstDone: () => firstDone,
    restore: () => {
      sendMoney.send = realSend;
    },
  };
}

/** A signed-up sender with money, a signed-up recipient, and a USSD session at the PIN prompt of a send. */
async function atThePinPrompt(sender: string, recipient: string): Promise<Handset> {
  await product.signedUp(`237${sender}`, 'Ama');
  await product.signedUp(`237${recipient}`, 'Kofi');
  await fund(product, `237${sender}` as Msisdn, 20_000);
  const handset = phone(sender);
  await handset.dial();
  await handset.press('3');
  await handset.press(recipient);
  await handset.press('10000');
  expect(await handset.press('1')).toEqual({ kind: 'CON', text: 'Enter your PIN to confirm.' });
  return handset;
}

describe('dialling again after a session timed out mid-send', () => {
  it('when the gateway gave up waiting for the PIN answer: the menu, one debit, and the late retry sends nothing', async () => {
    const slow = slowFirstSend(1500);
    try {
      const ama = await atThePinPrompt('677600001', '677600002');
      const gatewayGivesUp = new AbortController();
      const pin = ama.press('2468', { signal: gatewayGivesUp.signal });
      await slow.firstStarted;
      gatewayGivesUp.abort();
      await expect(pin).rejects.toThrow();

      // The person dials again at once: the new session waits for the turn still running, then opens at the menu.
      const again = await ama.redial().dial();
      expect(again.kind).toBe('CON');
      expect(again.text).toMatch(/^Hello Ama\. What would you like to do\?\n1\. Balance/);
      expect(await balanceOf(product, `237677600001` as Msisdn)).toMatchObject({ available: 9950, held: 0 });
      expect(await balanceOf(product, `237677600002` as Msisdn)).toMatchObject({ available: 10_000 });

      // The old session's request, repeated late by the gateway, gets the receipt and moves nothing.
      const late = await ama.resend();
      expect(late.kind).toBe('END');
      expect(late.text).toMatch(/^Sent 10 000 FCFA to Kofi \+237 6 77 60 00 02\. .* Ref: \S+$/);
      expect(slow.calls).toBe(1);
      expect(await balanceOf(product, `237677600001` as Msisdn)).toMatchObject({ available: 9950, held: 0 });
      expect(await noticesFor(product, `237677600002` as Msisdn, 'en')).toHaveLength(1);

      // The send shows in History in the new session.
      const history = phone('677600001');
      await history.dial();
      expect((await history.press('7')).text).toBe('Enter your PIN to see your balance and history.');
      const operations = await history.press('2468');
      expect(operations.text).toMatch(
        /^Your operations:\n1\. \d\d\/\d\d Sent 677600002 -10 000 FCFA fee 50 FCFA Done Ref \w+\n2\. .* Top-up /,
      );
      expect(operations.text.match(/ Sent /g)).toHaveLength(1);
      await expectConsistent(product.services.ledger.store);
    } finally {
      slow.restore();
    }
  });

  it('when our turn ran out of time during the transfer: the new session finishes it and shows its receipt, once', async () => {
    const slow = slowFirstSend(4500);
    try {
      const ama = await atThePinPrompt('677600011', '677600012');
      const stillWorking = await ama.press('2468');
      expect(stillWorking).toEqual({
        kind: 'CON',
        text: 'This is taking longer than usual. We will tell you as soon as it is done; you can check in History.',
      });
      // The person gives up; the gateway's session times out. They dial again while the first send is still slow.
      const again = await ama.redial().dial();
      expect(again.kind).toBe('END');
      expect(again.text).toMatch(
        /^Sent 10 000 FCFA to Kofi \+237 6 77 60 00 12\. Fee: 50 FCFA\. New balance: 9 950 FCFA\. Ref: \S+$/,
      );
      // The resumed flow sent again with the same idempotency key; then the slow first call returned.
      expect(slow.calls).toBe(2);
      await slow.firstDone();
      expect(await balanceOf(product, `237677600011` as Msisdn)).toMatchObject({ available: 9950, held: 0 });
      expect(await balanceOf(product, `237677600012` as Msisdn)).toMatchObject({ available: 10_000 });
      await eventually(async () => expect(await noticesFor(product, `237677600012` as Msisdn, 'en')).toHaveLength(1));
      // And the next dial is the menu again.
      expect((await ama.redial().dial()).text).toMatch(/^Hello Ama\./);
      await expectConsistent(product.services.ledger.store);
    } finally {
      slow.restore();
    }
  });

  it('when the person was too slow at the PIN prompt: the menu, nothing sent, and sending again sends once', async () => {
    const ama = await atThePinPrompt('677600021', '677600022');
    // No answer: the gateway closes the session. The person dials again.
    const again = ama.redial();
    expect((await again.dial()).text).toMatch(/^Hello Ama\. What would you like to do\?/);
    expect(await balanceOf(product, `237677600021` as Msisdn)).toMatchObject({ available: 20_000 });
    // A PIN typed now is not a PIN: the menu does not take it.
    expect((await again.press('2468')).text).toMatch(/^Please reply with one of the numbers shown\./);
    await again.press('3');
    await again.press('677600022');
    await again.press('10000');
    await again.press('1');
    expect((await again.press('2468')).text).toMatch(/^Sent 10 000 FCFA to Kofi/);
    expect(await balanceOf(product, `237677600021` as Msisdn)).toMatchObject({ available: 9950 });
    expect(await noticesFor(product, `237677600022` as Msisdn, 'en')).toHaveLength(1);
    await expectConsistent(product.services.ledger.store);
  });
});
