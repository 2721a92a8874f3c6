/**
 * Deleting an account, across two processes on one database (each with its own services, ledger and caches):
 * once one process closed a wallet, no process posts money into it; the person's requests end; and the next
 * person to sign up with the number starts with an empty wallet, no history, none of the requests, fresh limits
 * (the day's other numbers to top up from too) and the WhatsApp PIN advice still to be given.
 */
import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '../../../bots/app/services';
import { MongoPinAdvice } from '../../../integrations/mongo/pinAdviceStore';
import { accountIds } from '../../../domain/ledger/accounts';
import { Ledger } from '../../../domain/ledger/ledger';
import type { StoredEntry } from '../../../domain/ledger/entries';
import type { Msisdn } from '../../../domain/phone';
import { eventually, testSettings, useProduct } from '../../support/chat';
import { MortalProcess, SimulatedCrash } from '../../support/crashingStore';
import { expectConsistent } from '../../support/ledger';
import { balanceOf, fund } from '../e2e.support';

const product = useProduct();
let processB: Services;

beforeAll(async () => {
  processB = await createServices(product.db.connection, testSettings, product.serviceOptions());
});
afterEach(() => expectConsistent(product.services.ledger.store));

async function signUp(msisdn: string, name: string): Promise<Msisdn> {
  const result = await product.services.people.signUp({ msisdn: msisdn as Msisdn, name, language: 'en', pin: '2468' });
  if (!result.ok) throw new Error(result.reason);
  return msisdn as Msisdn;
}

const wallet = (msisdn: Msisdn) => accountIds.wallet(msisdn);

async function ask(requester: Msisdn, payer: Msisdn, amount: number) {
  const created = await product.services.paymentRequests.create({
    id: randomUUID(),
    requester: { kind: 'wallet', msisdn: requester },
    payer,
    amount,
    reason: 'Loyer',
  });
  if (!created.ok) throw new Error(created.reason);
  return created.request._id;
}

describe('a deleted account', () => {
  it('takes no money from a process whose cache saw its wallet open', async () => {
    const rose = await signUp('237677500101', 'Rose');
    const paul = await signUp('237677500102', 'Paul');
    await fund(product, paul, 10_000);
    // Process B reads Rose's wallet: its ledger caches the account and the head of its chain as open.
    expect(await processB.ledger.balance(wallet(rose))).toMatchObject({ available: 0 });

    expect(await product.services.people.deleteAccount(rose)).toEqual({ ok: true });

    const send = await processB.ledger.transfer({
      id: randomUUID(),
      kind: 'p2p',
      debit: wallet(paul),
      credits: [{ account: wallet(rose), amount: 5_000 }],
      mode: 'single',
    });
    expect(send).toMatchObject({ ok: false, reason: 'ACCOUNT_CLOSED' });
    const topUp = await processB.ledger.transfer({
      id: randomUUID(),
      kind: 'topup',
      debit: accountIds.clearing('mtn_momo'),
      credits: [{ account: wallet(rose), amount: 2_000 }],
      mode: 'single',
    });
    expect(topUp).toMatchObject({ ok: false, reason: 'ACCOUNT_CLOSED' });
    expect(await processB.ledger.balance(wallet(rose))).toMatchObject({ available: 0, held: 0, incoming: 0 });
    expect(await processB.ledger.balance(wallet(paul))).toMatchObject({ available: 10_000 });
  });

  it('cancels the requests the person made and declines those made to them', async () => {
    const ama = await signUp('237677500201', 'Ama');
    const kofi = await signUp('237677500202', 'Kofi');
    const efua = await signUp('237677500203', 'Efua');
    await fund(product, kofi, 20_000);
    const fromAma = await ask(ama, kofi, 3_000);
    const toAma = await ask(efua, ama, 4_000);

    expect(await product.services.people.deleteAccount(ama)).toEqual({ ok: true });

    expect(await product.services.paymentRequests.get(fromAma)).toMatchObject({ status: 'cancelled' });
    expect(await product.services.paymentRequests.get(toAma)).toMatchObject({ status: 'declined' });
    // Process B cannot pay the cancelled request either: nothing reaches the closed wallet.
    const paid = await processB.paymentRequests.pay({ id: randomUUID(), requestId: fromAma, payer: kofi });
    expect(paid).toEqual({ ok: false, reason: 'CANCELLED' });
    expect(await product.services.ledger.balance(wallet(kofi))).toMatchObject({ available: 20_000 });
    const notices = await product.services.outbox.for(kofi);
    expect(notices.map((n) => n.notice.key)).toContain('payments.requestCancelled');
  });
});

describe('the next owner of a recycled number', () => {
  it('starts with an empty wallet, no history, none of the previous owner’s requests and fresh limits', async () => {
    const number = '237677500301';
    const old = await signUp(number, 'Old Owner');
    const friend = await signUp('237677500302', 'Friend');
    const other = await signUp('237677500303', 'Other');
    // The previous owner spends the whole daily limit of the basic tier, asks the friend for money and is asked
    // by another; then leaves.
    await fund(product, old, 100_000);
    for (let i = 0; i < 2; i += 1) {
      const sent = await product.services.ledger.transfer({
        id: randomUUID(),
        kind: 'p2p',
        debit: wallet(old),
        credits: [{ account: wallet(friend), amount: 50_000 }],
        mode: 'single',
      });
      expect(sent).toMatchObject({ ok: true });
    }
    await ask(old, friend, 7_000);
    await ask(other, old, 8_000);
    expect(await product.services.people.deleteAccount(old)).toEqual({ ok: true });

    const newcomer = await product.signedUp(number, 'New Owner');
    expect(await newcomer.says('1')).toEqual(['Enter your PIN to see your balance and history.']);
    expect(await newcomer.says('2468')).toEqual([
      'Available: 0 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.',
    ]);
    await newcomer.says('00');
    expect((await newcomer.says('7'))[0]).toMatch(/^No operations yet\./);
    await newcomer.says('00');
    expect(await newcomer.says('8')).toEqual(['Nobody is asking you for money right now. Send 00 for the menu.']);
    await newcomer.says('00');
    await newcomer.says('4');
    expect(await newcomer.says('2')).toEqual(['You have no open requests. Send 00 for the menu.']);

    // Fresh limits: the previous owner's spending today does not count against the new owner.
    await fund(product, newcomer.msisdn, 5_000);
    await newcomer.says('00');
    expect((await newcomer.says('send 1000 to 677500302'))[0]).toContain('Send 1 000 FCFA to Friend');
    await newcomer.says('1');
    expect((await newcomer.says('2468'))[0]).toMatch(/^Sent 1 000 FCFA to Friend/);
  });

  it('is told on WhatsApp to delete their PIN from their phone, though the previous owner was told', async () => {
    const number = '237677500501';
    const old = await signUp(number, 'Old Owner');
    const advice = new MongoPinAdvice(product.db.connection);
    expect(await advice.firstTime(old, new Date())).toBe(true);
    expect(await advice.firstTime(old, new Date())).toBe(false);
    expect(await product.services.people.deleteAccount(old)).toEqual({ ok: true });

    const newcomer = await signUp(number, 'New Owner');
    // Another process gives the advice: it is a new person's first PIN.
    expect(await new MongoPinAdvice(product.db.connection).firstTime(newcomer, new Date())).toBe(true);
  });

  it('may top up from other numbers the same day, though the previous owner used up the day’s other numbers', async () => {
    const number = '237677500601';
    const old = await signUp(number, 'Old Owner');
    const topUpFrom = (services: Services, owner: Msisdn, payer: string) =>
      services.topUps.start({ id: randomUUID(), owner, rail: 'mtn_momo', payer: payer as Msisdn, amount: 1_000 });
    // The previous owner prompts as many other numbers as a day allows; their payers refuse (MTN sandbox numbers
    // ending in 1), so the wallet stays empty and the account can be deleted.
    const refusingPayers = ['237677123451', '237699123451'].slice(0, testSettings.TOPUP_OTHER_NUMBERS_PER_DAY);
    for (const payer of refusingPayers)
      expect(await topUpFrom(product.services, old, payer)).toMatchObject({ ok: true });
    expect(await topUpFrom(product.services, old, '237677500602')).toEqual({
      ok: false,
      reason: 'OTHER_NUMBERS_LIMIT',
    });
    await eventually(async () => expect(await balanceOf(product, old)).toMatchObject({ available: 0, incoming: 0 }));
    await eventually(() => expectConsistent(product.services.ledger.store));
    expect(await product.services.people.deleteAccount(old)).toEqual({ ok: true });

    const newcomer = await signUp(number, 'New Owner');
    expect(await topUpFrom(processB, newcomer, '237677500602')).toMatchObject({ ok: true });
    await eventually(async () => expect(await balanceOf(product, newcomer)).toMatchObject({ available: 1_000 }));
    await eventually(() => expectConsistent(product.services.ledger.store));
  });

  it('gets none of the money given back to the wallet after the previous owner left: it goes to suspense', async () => {
    const number = '237677500401';
    const old = await signUp(number, 'Old Owner');
    const full = await signUp('237677500402', 'Nearly Full');
    await fund(product, old, 1_000);
    await fund(product, full, 199_500); // the basic tier holds at most 200 000
    const payment = {
      id: randomUUID(),
      kind: 'p2p' as const,
      debit: wallet(old),
      credits: [{ account: wallet(full), amount: 1_000 }],
      mode: 'single' as const,
    };
    // The old owner's payment dies right after its debit was decided; the owner deletes the account meanwhile.
    const dying = new MortalProcess(({ method, args }) => method === 'insertEntry' && hasId(args[0], payment.id));
    const crashing = new Ledger({ store: dying.wrap('ledger', product.services.ledger.store) });
    await expect(crashing.transfer(payment)).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await product.services.people.deleteAccount(old)).toEqual({ ok: true });
    // Another process finishes the payment: the recipient may not hold more, so the money goes back.
    expect(await processB.ledger.transfer(payment)).toMatchObject({ ok: false, reason: 'RECIPIENT_LIMIT_BALANCE' });
    const suspenseBefore = await product.services.ledger.balance(accountIds.suspense);

    await signUp(number, 'New Owner');
    expect(await product.services.ledger.balance(wallet(old))).toMatchObject({ available: 0, held: 0, incoming: 0 });
    const suspenseAfter = await product.services.ledger.balance(accountIds.suspense);
    expect(suspenseAfter.counters.creditsPosted - suspenseBefore.counters.creditsPosted).toBe(1_000);
  });
});

/** Whether a stored entry is the debit of the transfer `id`. */
function hasId(entry: unknown, id: string): boolean {
  return (entry as StoredEntry)._id === `${id}:debit`;
}
