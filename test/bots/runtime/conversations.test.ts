/**
 * The conversation runtime end to end on the real database: people sign up, read their balance, send money,
 * and the runtime's rules hold (dedupe, cancel, back, help, expiry, versions, one debit for many messages).
 */
import { accountIds } from '../../../domain/ledger/accounts';
import { expectConsistent } from '../../support/ledger';
import { useProduct } from '../../support/chat';
import type { Msisdn } from '../../../domain/phone';
import { withoutIds } from '../../support/withoutIds';

let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const product = useProduct({ clock });

async function fund(msisdn: string, amount: number) {
  const result = await product.services.ledger.transfer({
    id: `fund-${msisdn}-${amount}-${Math.random()}`,
    kind: 'topup',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: accountIds.wallet(msisdn as Msisdn), amount }],
    mode: 'single',
  });
  if (!result.ok) throw new Error(result.reason);
}

describe('signing up', () => {
  it('greets a new number in both languages, then signs up in the chosen one', async () => {
    const marie = product.person('237677100001');
    expect(await marie.says('bonjour')).toEqual([expect.stringContaining('Bienvenue ! Welcome!') as string]);
    expect(await marie.says('1')).toEqual(['Quel est votre nom ? (comme sur votre carte d’identité)']);
    expect(await marie.says('Marie Ngono')).toEqual([expect.stringContaining('Choisissez un code PIN') as string]);
    expect(await marie.says('1234')).toEqual([expect.stringContaining('trop facile') as string]);
    expect(await marie.says('2468')).toEqual(['Entrez à nouveau le même PIN pour le confirmer.']);
    expect(await marie.says('2468')).toEqual([expect.stringContaining('Acceptez-vous') as string]);
    const done = await marie.says('1');
    expect(done[0]).toBe(
      'Bienvenue Marie Ngono ! Votre portefeuille est ouvert. Ne communiquez jamais votre PIN, même à nous.',
    );
    expect(done[1]).toContain('Bonjour Marie Ngono. Que voulez-vous faire ?');
    expect(await product.services.people.find('237677100001' as Msisdn)).toEqual({
      msisdn: '237677100001',
      name: 'Marie Ngono',
      language: 'fr',
    });
    expect(await product.services.ledger.balance(accountIds.wallet('237677100001' as Msisdn))).toMatchObject({
      available: 0,
    });
  });

  it('never keeps the PIN in the saved session or the answers log', async () => {
    const paul = product.person('237677100002');
    await paul.says('hi');
    await paul.says('2');
    await paul.says('Paul Biya');
    const secret = await paul.turn('8351');
    expect(secret.secretInput).toBe(true);
    const revisions = await product.db.connection
      .collection('conversation_session_revisions')
      .find({ msisdn: paul.msisdn })
      .sort({ rev: -1 })
      .toArray();
    expect(withoutIds(JSON.stringify(revisions))).not.toContain('8351');
    const [session] = revisions;
    // The last answer is kept with the session (checked above); the answers log keeps those given without one.
    expect(session?.answers).toHaveLength(1);
    const log = await product.db.connection.collection('inbound_messages').find({ msisdn: paul.msisdn }).toArray();
    const answers = await product.db.connection.collection('inbound_answers').find({}).toArray();
    expect(withoutIds(JSON.stringify([log, answers]))).not.toContain('8351');
  });
});

describe('the main menu', () => {
  it('shows the balance, by number and by shortcut, in English', async () => {
    const alice = await product.signedUp('237677100010', 'Alice');
    await fund(alice.msisdn, 12_000);
    expect(await alice.says('1')).toEqual(['Enter your PIN to see your balance and history.']);
    expect(await alice.says('2468')).toEqual([
      'Available: 12 000 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.',
    ]);
    expect(await alice.says('balance')).toEqual([
      'Available: 12 000 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.',
    ]);
    expect((await alice.says('00'))[0]).toContain('Hello Alice. What would you like to do?');
  });

  it('answers an invalid choice with what to type', async () => {
    const bob = await product.signedUp('237677100011', 'Bob');
    expect((await bob.says('42'))[0]).toMatch(/^Please reply with one of the numbers shown.\n1. Balance/);
    expect((await bob.says('help'))[0]).toContain('Reply with the number of what you want to do');
  });
});

describe('sending money', () => {
  it('sends with a confirmation, a PIN and a receipt, and tells the recipient', async () => {
    const ama = await product.signedUp('237677100020', 'Ama');
    const kofi = await product.signedUp('237677100021', 'Kofi');
    await fund(ama.msisdn, 20_000);
    await ama.says('3');
    expect(await ama.says('6 77 10 00 21')).toEqual(['How much do you want to send to +237 6 77 10 00 21?']);
    const confirm = await ama.says('10 000');
    expect(confirm[0]).toBe(
      'Send 10 000 FCFA to Kofi (+237 6 77 10 00 21)? Fee: 50 FCFA. Total: 10 050 FCFA. Balance after: 9 950 FCFA.\n1. Confirm\n2. Cancel',
    );
    expect(await ama.says('1')).toEqual(['Enter your PIN to confirm.']);
    expect(await ama.says('1357')).toEqual(['Wrong PIN. 2 tries left.']);
    const receipt = await ama.says('2468');
    expect(receipt[0]).toMatch(
      /^Sent 10 000 FCFA to Kofi \+237 6 77 10 00 21\. Fee: 50 FCFA\. New balance: 9 950 FCFA\. Ref: [2-9A-HJKMNP-TV-Z]{9}$/,
    );
    expect(await product.services.ledger.balance(accountIds.wallet(kofi.msisdn))).toMatchObject({ available: 10_000 });
    const told = await product.services.outbox.for(kofi.msisdn);
    expect(told.map((m) => m.notice.key)).toEqual(['payments.received']);
    // The recipient's notice quotes the sender's receipt's reference.
    expect(told[0]?.notice.params?.reference).toBe(/Ref: (\S+)$/.exec(receipt[0] ?? '')?.[1]);
    await expectConsistent(product.services.ledger.store);
  });

  it('sends from a typed shortcut', async () => {
    const efua = await product.signedUp('237677100022', 'Efua');
    await product.signedUp('237677100023', 'Yaw');
    await fund(efua.msisdn, 5000);
    const confirm = await efua.says('send 3000 to 677100023');
    expect(confirm[0]).toContain('Send 3 000 FCFA to Yaw (+237 6 77 10 00 23)? Fee: 0 FCFA.');
    await efua.says('1');
    expect((await efua.says('2468'))[0]).toMatch(/^Sent 3 000 FCFA to Yaw/);
  });

  it('moves money once when twenty copies of the PIN arrive at once, also through two processes', async () => {
    const kwame = await product.signedUp('237677100030', 'Kwame');
    await product.signedUp('237677100031', 'Abena');
    await fund(kwame.msisdn, 50_000);
    await kwame.says('3');
    await kwame.says('677100031');
    await kwame.says('1000');
    await kwame.says('1');
    const other = await product.anotherProcess();
    const elsewhere = product.person(kwame.msisdn, other);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? kwame : elsewhere).turn('2468')),
    );
    const receipts = results.flatMap((r) => r.replies).filter((r) => r.key === 'sendMoney.receipt');
    expect(receipts).toHaveLength(1);
    expect(await product.services.ledger.balance(accountIds.wallet(kwame.msisdn))).toMatchObject({ available: 49_000 });
    await expectConsistent(product.services.ledger.store);
  });
});

describe('the runtime', () => {
  it('answers a repeated delivery with the first answer and runs nothing again', async () => {
    const kojo = await product.signedUp('237677100040', 'Kojo');
    const first = await kojo.turn('1', { messageId: 'sms-1' });
    const again = await kojo.turn('1', { messageId: 'sms-1' });
    expect(again.duplicate).toBe(true);
    expect(again.replies).toEqual(first.replies);
  });

  it('answers a repeat of the last message as first answered; a repeat of an earlier one gets nothing, runs nothing', async () => {
    const ama = await product.signedUp('237677100049', 'Ama');
    const balance = await ama.turn('1', { messageId: 'sms-balance' });
    const recent = await ama.turn('1', { messageId: 'sms-balance' });
    expect(recent).toMatchObject({ duplicate: true, replies: balance.replies });

    await ama.turn('00');
    const old = await ama.turn('1', { messageId: 'sms-balance' });
    expect(old).toMatchObject({ duplicate: true, replies: [] });
    // Nothing ran: the person is still at the menu, whose balance asks the PIN.
    expect(await ama.says('1')).toEqual(['Enter your PIN to see your balance and history.']);
  });

  it('cancels from any step, goes back with 0, and shows the menu with 00', async () => {
    const esi = await product.signedUp('237677100041', 'Esi');
    await esi.says('3');
    await esi.says('677100040');
    expect(await esi.says('0')).toEqual(['Send money to which number? (e.g. 677123456)']);
    const cancelled = await esi.says('cancel');
    expect(cancelled[0]).toBe('Cancelled. Nothing was done.');
    expect(cancelled[1]).toContain('What would you like to do?');
    await esi.says('3');
    expect((await esi.says('00'))[0]).toContain('What would you like to do?');
  });

  it('explains the current step on help', async () => {
    const yaa = await product.signedUp('237677100042', 'Yaa');
    await yaa.says('3');
    expect(await yaa.says('aide')).toEqual([
      'Type the mobile number of the person, for example 677123456 or +237 6 77 12 34 56.',
    ]);
  });

  it('expires an idle session with a message, and does not use the late input', async () => {
    const adjoa = await product.signedUp('237677100043', 'Adjoa');
    await adjoa.says('3');
    await adjoa.says('677100040');
    now = new Date(now.getTime() + 10 * 60_000);
    const late = await adjoa.says('5000');
    expect(late[0]).toBe('Your session expired after a few minutes without activity. Nothing was done.');
    expect(late[1]).toContain('What would you like to do?');
  });

  it('does not use a PIN typed after the session expired, but says it was a PIN so channels delete it', async () => {
    const kwesi = await product.signedUp('237677100047', 'Kwesi');
    await product.signedUp('237677100048', 'Esi');
    await fund(kwesi.msisdn, 1000);
    await kwesi.says('send 500 to 677100048');
    expect(await kwesi.says('1')).toEqual(['Enter your PIN to confirm.']);
    now = new Date(now.getTime() + 10 * 60_000);
    const late = await kwesi.turn('2468');
    expect(late.secretInput).toBe(true);
    expect(late.replies[0]?.key).toBe('common.sessionExpired');
    expect(await product.services.ledger.balance(accountIds.wallet(kwesi.msisdn))).toMatchObject({ available: 1000 });
    // A late message at a step that is not a PIN is not flagged.
    await kwesi.says('3');
    now = new Date(now.getTime() + 10 * 60_000);
    expect((await kwesi.turn('677100048')).secretInput).toBe(false);
  });

  it('restarts politely when the saved flow has another version', async () => {
    const akua = await product.signedUp('237677100044', 'Akua');
    await akua.says('3');
    await product.editSession(akua.msisdn, (session) => ({ ...session, version: 999 }));
    const answer = await akua.says('677100040');
    expect(answer[0]).toBe(
      'We have just improved this service, so we are starting again from the menu. Nothing was done.',
    );
  });

  it('locks the PIN after three wrong tries, and says until when', async () => {
    const fiifi = await product.signedUp('237677100045', 'Fiifi');
    await product.signedUp('237677100046', 'Ekow');
    await fund(fiifi.msisdn, 1000);
    await fiifi.says('send 500 to 677100046');
    await fiifi.says('1');
    expect(await fiifi.says('1111')).toEqual(['Wrong PIN. 2 tries left.']);
    expect(await fiifi.says('1112')).toEqual(['Wrong PIN. 1 tries left.']);
    const locked = await fiifi.says('1113');
    expect(locked[0]).toMatch(
      /^Too many wrong PINs\. Your PIN is locked until \d\d\/\d\d\/2026 \d\d:\d\d\. Nothing was done\.$/,
    );
    await fiifi.says('send 500 to 677100046');
    await fiifi.says('1');
    expect((await fiifi.says('2468'))[0]).toMatch(/^Too many wrong PINs/);
    expect(await product.services.ledger.balance(accountIds.wallet(fiifi.msisdn))).toMatchObject({ available: 1000 });
  });
});
