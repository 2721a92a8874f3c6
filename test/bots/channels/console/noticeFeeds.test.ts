/**
 * The local chat's feed of SMS notices reads the local Twilio simulator's log, which also holds the SMS people
 * sent and loses the ones deleted (PIN messages): each notice still shows once, and no inbound SMS shows.
 */
import { randomBytes } from 'node:crypto';
import twilioSdk from 'twilio';
import { smsSimulatorFeed } from '../../../../bots/channels/console/noticeFeeds';
import { TwilioSmsSender } from '../../../../bots/channels/sms/twilioSmsSender';
import type { Notice } from '../../../../domain/notifications';
import type { Msisdn } from '../../../../domain/phone';
import { RedirectingRequestClient } from '../../../../integrations/twilio/redirectingRequestClient';
import { startTwilioSimulator } from '../../../../integrations/twilio/twilioSimulator';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');

it('shows each notice once, and none of the SMS people sent, while deleted messages leave the log', async () => {
  const twilio = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const sender = new TwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: '+237650000000',
    apiBaseUrl: twilio.url,
  });
  const api = twilioSdk(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new RedirectingRequestClient(twilio.url) });
  const feed = smsSimulatorFeed(twilio);
  const notice = (reference: string): Notice => ({
    key: 'payments.claimed',
    params: { recipient: 'Ama', amount: { francs: 500 }, reference },
  });
  try {
    const pin = twilio.receive({ from: '+237677700001', to: '+237650000000', body: '2468' });
    twilio.receive({ from: '+237677700001', to: '+237650000000', body: 'hi' });
    await sender.send('237677700002' as Msisdn, notice('R1'), 'en');
    expect((await feed.take()).map((n) => n.text)).toEqual([expect.stringContaining('R1')]);

    // The SMS route deletes a PIN message from the log.
    expect(await api.messages(pin.sid).remove()).toBe(true);
    await sender.send('237677700002' as Msisdn, notice('R2'), 'en');
    await sender.send('237677700003' as Msisdn, notice('R3'), 'en');
    const next = await feed.take();
    expect(next.map((n) => [n.to, n.text.includes('R2') ? 'R2' : n.text.includes('R3') ? 'R3' : n.text])).toEqual([
      ['237677700002', 'R2'],
      ['237677700003', 'R3'],
    ]);
    expect(await feed.take()).toEqual([]);
  } finally {
    await twilio.close();
  }
});
