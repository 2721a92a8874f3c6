/**
 * Two server processes on one database serve one person correctly: each has its own services, runtime and HTTP
 * server (as two instances behind a load balancer would), and the person's SMS land on either.
 */
import { accountIds } from '../../../../domain/ledger/accounts';
import type { Msisdn } from '../../../../domain/phone';
import { useTestDatabase } from '../../../support/database';
import { expectConsistent } from '../../../support/ledger';
import { capturedLogs } from '../http/support';
import { inboundSms } from './twilioSupport';
import { useTwoSmsServers } from './smsApp';

const db = useTestDatabase();
const logs = capturedLogs();
const servers = useTwoSmsServers(db, logs.logger);

/** Texts `body` through server `n`, as a load balancer would route it; returns the SMS answered. */
function text(n: number, from: string, body: string): Promise<string[]> {
  return servers.post(n, inboundSms(from, body));
}

it('carries one conversation across both, and twenty PINs sent to both at once debit once', async () => {
  const { ledger } = servers.services(0);
  const ama = '+237677500001';
  const kofi = '+237677500002';
  // Each step of each sign-up goes to the other server than the step before.
  for (const [i, body] of ['hi', '2', 'Kofi Mensah', '2468', '2468', '1'].entries()) await text(i % 2, kofi, body);
  for (const [i, body] of ['hi', '2', 'Ama Owusu', '2468', '2468', '1'].entries()) await text((i + 1) % 2, ama, body);
  const funded = await ledger.transfer({
    id: 'two-processes-funding',
    kind: 'topup',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: accountIds.wallet('237677500001' as Msisdn), amount: 10_000 }],
    mode: 'single',
  });
  expect(funded.ok).toBe(true);

  expect((await text(0, ama, 'send 4000 to 677500002'))[0]).toContain('Send 4 000 FCFA to Kofi Mensah');
  expect(await text(1, ama, '1')).toEqual(['Enter your PIN to confirm.']);
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => text(i % 2, ama, '2468')));
  expect(answers.flat().filter((sms) => sms.startsWith('Sent 4 000 FCFA to Kofi Mensah'))).toHaveLength(1);

  expect(await ledger.balance(accountIds.wallet('237677500001' as Msisdn))).toMatchObject({ available: 6000 });
  expect(await ledger.balance(accountIds.wallet('237677500002' as Msisdn))).toMatchObject({ available: 4000 });
  // The balance asks the PIN once per session: asked through one process, typed through the other.
  expect(await text(1, kofi, '1')).toEqual(['Enter your PIN to see your balance and history.']);
  expect((await text(0, kofi, '2468'))[0]).toContain('Available: 4 000 FCFA');
  await expectConsistent(ledger.store);
});
