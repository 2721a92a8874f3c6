import { randomUUID } from 'node:crypto';
import { OperationHistory } from '../../domain/history';
import type { HistorySource } from '../../domain/historySource';
import { accountIds, type AccountId } from '../../domain/ledger/accounts';
import { checkLedger } from '../../domain/ledger/invariants';
import type { TransferRequest } from '../../domain/ledger/transfers';
import type { Operation } from '../../domain/operations';
import { deriveShortReference } from '../../domain/shortReference';
import { fill } from '../../flows/messages/catalog';
import { historyDetail, historyLine, historyMessages } from '../../flows/messages/history';
import { expectConsistent, useLedger } from '../support/ledger';

const inAnHour = () => new Date(Date.now() + 3_600_000);
const msisdnOf = (wallet: AccountId) => wallet.slice('wallet:'.length);

describe('a wallet’s operation history', () => {
  const t = useLedger();
  afterEach(() => expectConsistent(t.store));

  const history = () => new OperationHistory(t.ledger);

  async function transfer(request: Omit<TransferRequest, 'id'> & { id?: string }): Promise<string> {
    const id = request.id ?? `op-${randomUUID()}`;
    const result = await t.ledger.transfer({ ...request, id });
    if (!result.ok && result.reason !== 'RECIPIENT_LIMIT_BALANCE') throw new Error(`${id} failed: ${result.reason}`);
    return id;
  }

  const p2p = (from: AccountId, to: AccountId, amount: number, fee = 0) =>
    transfer({
      kind: 'p2p',
      debit: from,
      credits:
        fee > 0
          ? [
              { account: to, amount },
              { account: accountIds.fees, amount: fee },
            ]
          : [{ account: to, amount }],
      mode: 'single',
    });

  const withdrawal = (from: AccountId, amount: number, fee: number) =>
    transfer({
      kind: 'withdraw',
      debit: from,
      credits: [
        { account: accountIds.clearing('mtn_momo'), amount },
        { account: accountIds.fees, amount: fee },
      ],
      mode: 'pending',
      expiresAt: inAnHour(),
      rail: 'mtn_momo',
    });

  /** Every page of an account's operations, following the cursors to the end. */
  async function allPages(account: AccountId, limit: number, between?: () => Promise<void>): Promise<Operation[][]> {
    const pages: Operation[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await history().page(account, { limit, cursor });
      pages.push(page.operations);
      if (!page.next) return pages;
      cursor = page.next;
      await between?.();
    }
  }

  it('shows a person-to-person transfer once to each side: sent with its fee apart, and received', async () => {
    const [alice, bob] = [await t.wallet(100_000), await t.wallet()];
    const id = await p2p(alice, bob, 10_000, 50);

    const sent = await history().page(alice);
    expect(sent.operations).toEqual([
      {
        reference: id,
        // Recorded without a short reference (straight on the ledger): the first derivation, as every display has it.
        shortReference: deriveShortReference(id),
        at: expect.any(Date),
        kind: 'sent',
        direction: 'out',
        counterparty: { type: 'wallet', msisdn: msisdnOf(bob) },
        amount: 10_000,
        fee: 50,
        status: 'completed',
        reason: null,
      },
      expect.objectContaining({
        kind: 'topup',
        direction: 'in',
        counterparty: { type: 'rail', rail: 'mtn_momo' },
        amount: 100_000,
        fee: 0,
        status: 'completed',
      }),
    ]);
    expect(sent.next).toBeNull();

    const received = await history().page(bob);
    expect(received.operations).toEqual([
      expect.objectContaining({
        reference: id,
        kind: 'received',
        direction: 'in',
        counterparty: { type: 'wallet', msisdn: msisdnOf(alice) },
        amount: 10_000,
        fee: 0,
        status: 'completed',
      }),
    ]);
  });

  it('shows a top-up held by its rail as pending, then as one completed operation once posted', async () => {
    const wallet = await t.wallet();
    const id = await transfer({
      kind: 'topup',
      debit: accountIds.clearing('orange_money'),
      credits: [{ account: wallet, amount: 25_000 }],
      mode: 'pending',
      expiresAt: inAnHour(),
      rail: 'orange_money',
    });
    expect((await history().page(wallet)).operations).toEqual([
      expect.objectContaining({
        reference: id,
        kind: 'topup',
        counterparty: { type: 'rail', rail: 'orange_money' },
        amount: 25_000,
        status: 'pending',
      }),
    ]);

    expect(await t.ledger.post(id)).toMatchObject({ ok: true });
    expect((await history().page(wallet)).operations).toEqual([
      expect.objectContaining({ reference: id, kind: 'topup', amount: 25_000, status: 'completed' }),
    ]);
  });

  it('shows a voided withdrawal once, as failed, with the amount and fee that were held', async () => {
    const wallet = await t.wallet(20_000);
    const id = await withdrawal(wallet, 5_000, 100);
    expect((await history().page(wallet)).operations[0]).toMatchObject({ reference: id, status: 'pending' });

    expect(await t.ledger.void(id)).toMatchObject({ ok: true });
    const { operations } = await history().page(wallet);
    expect(operations.map((o) => o.reference).filter((r) => r === id)).toHaveLength(1);
    expect(operations[0]).toEqual(
      expect.objectContaining({
        reference: id,
        kind: 'withdrawal',
        direction: 'out',
        counterparty: { type: 'rail', rail: 'mtn_momo' },
        amount: 5_000,
        fee: 100,
        status: 'failed',
      }),
    );
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 20_000 });
  });

  it('shows a merchant payment and its refund on both sides', async () => {
    const [alice, shop] = [await t.wallet(10_000), await t.merchant()];
    const payment = await transfer({
      kind: 'merchant',
      debit: alice,
      credits: [{ account: shop, amount: 3_000 }],
      mode: 'single',
    });
    const refund = await t.ledger.refund(payment, 1, 1_000);
    expect(refund).toMatchObject({ ok: true });
    const merchantId = shop.slice('merchant:'.length);

    const [refunded, paid] = (await history().page(alice)).operations;
    expect(refunded).toMatchObject({
      reference: `refund:${payment}:1`,
      kind: 'refund',
      direction: 'in',
      counterparty: { type: 'merchant', merchantId },
      amount: 1_000,
      status: 'completed',
    });
    expect(paid).toMatchObject({ reference: payment, kind: 'merchant', direction: 'out', amount: 3_000, fee: 0 });

    expect((await history().page(shop)).operations).toEqual([
      expect.objectContaining({ kind: 'refund', direction: 'out', amount: 1_000 }),
      expect.objectContaining({
        kind: 'merchant',
        direction: 'in',
        counterparty: { type: 'wallet', msisdn: msisdnOf(alice) },
        amount: 3_000,
      }),
    ]);
  });

  it('shows a payment the recipient could not hold as refused, once, with the ledger’s reason', async () => {
    const [alice, bob] = [await t.wallet(300_000), await t.wallet(0, 'basic')];
    const id = await p2p(alice, bob, 250_000, 500);
    const [first] = (await history().page(alice)).operations;
    expect(first).toMatchObject({
      reference: id,
      kind: 'sent',
      amount: 250_000,
      fee: 500,
      status: 'refused',
      reason: 'RECIPIENT_LIMIT_BALANCE',
    });
    expect((await history().page(alice)).operations.filter((o) => o.reference === id)).toHaveLength(1);
    expect((await history().page(bob)).operations).toEqual([]);
  });

  it('shows money sent to a number without a wallet as waiting for its claim', async () => {
    const alice = await t.wallet(10_000);
    const id = await transfer({
      kind: 'p2p',
      debit: alice,
      credits: [{ account: accountIds.suspense, amount: 2_000 }],
      mode: 'single',
      memo: 'claim:237699112233',
    });
    expect((await history().page(alice)).operations[0]).toMatchObject({
      reference: id,
      kind: 'claim',
      counterparty: { type: 'claim', msisdn: '237699112233' },
      amount: 2_000,
      status: 'completed',
    });
  });

  it('pages through every operation newest first, each once, with holds and resolutions in between', async () => {
    const [alice, bob] = [await t.wallet(1_000_000), await t.wallet()];
    const expected: string[] = [];
    for (let i = 1; i <= 12; i += 1) {
      if (i % 3 === 0) {
        const id = await withdrawal(alice, 1_000 + i, 50);
        expected.push(id);
        // Resolved later, so its resolution lands among newer entries and must not show it twice.
        if (i % 2 === 0) await t.ledger.post(id);
      } else {
        expected.push(await p2p(alice, bob, 100 + i, i % 2 === 0 ? 10 : 0));
      }
    }
    for (const id of expected.filter((_, i) => (i + 1) % 3 === 0 && (i + 1) % 2 !== 0)) await t.ledger.void(id);
    const funding = (await history().page(alice, { limit: 50 })).operations.at(-1)!;
    expected.unshift(funding.reference);

    const pages = await allPages(alice, 5);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 3]);
    expect(pages.flat().map((o) => o.reference)).toEqual([...expected].reverse());
  });

  it('neither repeats nor skips an operation when new ones arrive between pages', async () => {
    const [alice, bob] = [await t.wallet(1_000_000), await t.wallet()];
    const older: string[] = [];
    for (let i = 0; i < 9; i += 1) older.push(await p2p(alice, bob, 100 + i));
    const before = (await allPages(alice, 4)).flat().map((o) => o.reference);
    expect(before.slice(0, 9)).toEqual([...older].reverse());

    let arrivals = 0;
    const pages = await allPages(alice, 4, async () => {
      // Several new transfers per page turn, more than a batch of entries, push the shown entries further down.
      for (let i = 0; i < 15; i += 1) await p2p(alice, bob, 1 + (arrivals += 1));
    });
    expect(pages.flat().map((o) => o.reference)).toEqual(before);
  });

  /** The history as read through a source that notes every transfer it is asked for. */
  function countingHistory(clock?: () => Date): { history: OperationHistory; reads: string[] } {
    const reads: string[] = [];
    const counting: HistorySource = {
      history: (account, options) => t.ledger.history(account, options),
      getTransfer: (id) => {
        reads.push(id);
        return t.ledger.getTransfer(id);
      },
    };
    return { history: new OperationHistory(counting, { clock }), reads };
  }

  // The entries now carry what a line needs, so resolved holds no longer read their transfers at all; the one
  // single transfer young enough to be still in flight (the funding) is still read, once.
  it('reads only the transfers its entries do not describe, each once, even when several of its entries are on it', async () => {
    const wallet = await t.wallet(100_000);
    for (let i = 0; i < 4; i += 1) await t.ledger.void(await withdrawal(wallet, 1_000, 50));
    const { history: counted, reads } = countingHistory();
    const page = await counted.page(wallet, { limit: 5 });
    expect(page.operations).toHaveLength(5);
    expect(page.operations.slice(0, 4).every((o) => o.kind === 'withdrawal' && o.status === 'failed')).toBe(true);
    expect(reads).toEqual([page.operations[4]!.reference]);
  });

  it('tells every operation from the entries alone once its single transfers are older than any in flight', async () => {
    const [alice, bob, capped] = [await t.wallet(1_000_000), await t.wallet(), await t.wallet(0, 'basic')];
    await p2p(alice, bob, 10_000, 50);
    await p2p(bob, alice, 2_000);
    await p2p(alice, capped, 250_000, 500); // refused: more than a basic wallet may hold
    await transfer({
      kind: 'p2p',
      debit: alice,
      credits: [{ account: accountIds.suspense, amount: 2_000 }],
      mode: 'single',
      memo: 'claim:237699112233',
    });
    await t.ledger.post(await withdrawal(alice, 5_000, 100));
    await t.ledger.void(await withdrawal(alice, 6_000, 100));
    await withdrawal(alice, 7_000, 100); // still held
    const byTransfers = await history().page(alice, { limit: 20 });

    const later = countingHistory(() => new Date(Date.now() + 120_000));
    expect(await later.history.page(alice, { limit: 20 })).toEqual(byTransfers);
    expect(later.reads).toEqual([]);
    expect(byTransfers.operations.map((o) => [o.kind, o.status])).toEqual([
      ['withdrawal', 'pending'],
      ['withdrawal', 'failed'],
      ['withdrawal', 'completed'],
      ['claim', 'completed'],
      ['sent', 'refused'],
      ['received', 'completed'],
      ['sent', 'completed'],
      ['topup', 'completed'],
    ]);
  });

  it('is checked by the ledger check: an entry whose copy of its transfer disagrees is a violation', async () => {
    const [alice, bob] = [await t.wallet(50_000), await t.wallet()];
    const id = await p2p(alice, bob, 4_000, 50);
    const entries = t.db.connection.collection<{ _id: string }>('ledger_entries');
    await entries.updateOne({ _id: `${id}:debit` }, { $set: { 'facts.amount': 400 } });
    expect((await checkLedger(t.store)).violations).toEqual([`entry ${id}:debit: facts differ from its transfer`]);
    await entries.updateOne({ _id: `${id}:debit` }, { $set: { 'facts.amount': 4_000 } });
    expect((await checkLedger(t.store)).violations).toEqual([]);
  });

  it('renders each operation as one short line in French and English, with the fee apart', async () => {
    const [alice, bob] = [await t.wallet(100_000), await t.wallet()];
    const id = await p2p(alice, bob, 10_000, 50);
    const waiting = await transfer({
      kind: 'p2p',
      debit: alice,
      credits: [{ account: await t.wallet(0, 'basic'), amount: 1_000 }],
      mode: 'pending',
      expiresAt: inAnHour(),
    });
    await t.ledger.void(waiting);
    const [returned, sent, topup] = (await history().page(alice)).operations;
    const render = (notice: { key: string; params?: Parameters<typeof fill>[1] }, language: 'en' | 'fr') =>
      fill(historyMessages[language][notice.key as keyof (typeof historyMessages)['en']], notice.params, language);

    const line = render(historyLine(sent!, 'en'), 'en');
    expect(line).toMatch(
      new RegExp(
        `^\\d\\d/\\d\\d Sent ${msisdnOf(bob).replace(/^237(?=\d{9}$)/, '')} -10 000 FCFA fee 50 FCFA Done Ref ${deriveShortReference(id)}$`,
      ),
    );
    expect(render(historyLine(sent!, 'fr'), 'fr')).toContain('Envoi');
    expect(render(historyLine(sent!, 'fr'), 'fr')).toContain('frais 50 FCFA Effectué');
    expect(render(historyLine(topup!, 'fr'), 'fr')).toContain('Recharge MTN MoMo +100 000 FCFA Effectué');
    expect(render(historyLine(returned!, 'en'), 'en')).toContain('Unclaimed');
    expect(render(historyLine(returned!, 'en'), 'en')).toContain('Returned');
    for (const language of ['en', 'fr'] as const) {
      for (const operation of [returned!, sent!, topup!]) {
        const text = render(historyLine(operation, language), language);
        expect(text).not.toMatch(/[{}]/);
        expect(text.length).toBeLessThanOrEqual(80);
        expect(render(historyDetail(operation, language), language)).toContain(operation.shortReference);
      }
    }
  });

  it('shows the short reference a transfer was given, from its entries, on both sides and in full', async () => {
    const [alice, bob] = [await t.wallet(100_000), await t.wallet()];
    const id = `p2p:${randomUUID()}`;
    // A later derivation, as after a collision of the first: only the transfer's record can tell it.
    const given = deriveShortReference(id, 1);
    await transfer({
      id,
      kind: 'p2p',
      debit: alice,
      credits: [{ account: bob, amount: 2_000 }],
      mode: 'single',
      shortReference: given,
    });
    const [sent] = (await history().page(alice)).operations;
    const [received] = (await history().page(bob)).operations;
    expect([sent?.reference, sent?.shortReference, received?.shortReference]).toEqual([id, given, given]);
    for (const language of ['en', 'fr'] as const) {
      const line = fill(
        historyMessages[language][historyLine(sent!, language).key],
        historyLine(sent!, language).params,
        language,
      );
      expect(line).toMatch(new RegExp(` ${given}$`));
      const detail = historyDetail(received!, language);
      expect(fill(historyMessages[language][detail.key], detail.params, language)).toMatch(new RegExp(`: ${given}$`));
    }
  });

  it('refuses a cursor it did not make', async () => {
    const wallet = await t.wallet(100);
    await expect(history().page(wallet, { cursor: 'not-a-cursor' })).rejects.toThrow('invalid history cursor');
    const forged = Buffer.from(JSON.stringify([null, 5, 'nowhere:debit'])).toString('base64url');
    await expect(history().page(wallet, { cursor: forged })).rejects.toThrow('invalid history cursor');
  });
});
