import { randomUUID } from 'node:crypto';
import { fromPromise } from 'xstate';
import { OperationHistory, type OperationsPage } from '../../domain/history';
import { accountIds } from '../../domain/ledger/accounts';
import { francs } from '../../domain/money';
import type { Operation } from '../../domain/operations';
import type { Msisdn } from '../../domain/phone';
import type { Reply } from '../../flows/conversation';
import { historyMachine, type HistoryPageRequest } from '../../flows/history';
import { deriveShortReference } from '../../domain/shortReference';
import { historyMessages } from '../../flows/messages/history';
import { refusalMessages } from '../../flows/messages/refusals';
import type { PinCheck } from '../../domain/people';
import { alice, driveFlow, flowInput, keys, stepMeta } from '../support/flowHarness';
import { expectConsistent } from '../support/ledger';
import { useMemoryLedger } from '../support/memoryLedger';
import { strictReplyRenderer } from '../support/renderReply';

const wallet = accountIds.wallet(alice.msisdn);
const PIN = '2468';

/** The flow's input in a session where the PIN was typed already (the history is then shown at once). */
function unlockedInput(overrides: Parameters<typeof flowInput>[0] = {}) {
  return flowInput({ pinUnlocked: true, ...overrides });
}

/** A hand-written PIN check: PIN is right; every PIN typed recorded. */
function fakePinCheck(typed: string[]) {
  return fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(async ({ input }) => {
    typed.push(input.pin);
    return input.pin === PIN ? { ok: true } : { ok: false, reason: 'WRONG_PIN', triesLeft: 2 };
  });
}

/** A hand-written OperationHistory: canned operations, newest first, paged by an offset it alone understands. */
function fakeHistory(operations: Operation[], options: { failOnCall?: number; emptyPageAt?: number } = {}) {
  const calls: HistoryPageRequest[] = [];
  const page = fromPromise<OperationsPage, HistoryPageRequest>(async ({ input }) => {
    calls.push(input);
    if (options.failOnCall === calls.length) throw new Error('store unavailable');
    if (input.account !== wallet) throw new Error(`unexpected account ${input.account}`);
    const from = input.cursor === undefined ? 0 : (JSON.parse(input.cursor) as { offset: number }).offset;
    if (from === options.emptyPageAt) return { operations: [], next: null };
    const shown = operations.slice(from, from + input.limit);
    const end = from + shown.length;
    const more = end < operations.length || options.emptyPageAt === end;
    return { operations: shown, next: more ? JSON.stringify({ offset: end }) : null };
  });
  const pins: string[] = [];
  return {
    calls,
    pins,
    machine: historyMachine.provide({ actors: { historyPage: page, checkPin: fakePinCheck(pins) } }),
  };
}

let sequence = 0;
function operation(overrides: Partial<Operation> = {}): Operation {
  sequence += 1;
  const id = `p2p:0000000${sequence}-aaaa-4bbb-8ccc-${String(sequence).padStart(12, '0')}`;
  return {
    reference: id,
    // A later derivation than the first, as after a collision: the screens must show the one the operation carries.
    shortReference: deriveShortReference(id, 1),
    at: new Date(Date.UTC(2025, 2, 12, 9, 30) - sequence * 3_600_000),
    kind: 'sent',
    direction: 'out',
    counterparty: { type: 'wallet', msisdn: '237677123456' },
    amount: francs(5000),
    fee: francs(50),
    status: 'completed',
    reason: null,
    ...overrides,
  };
}

const many = (n: number) => Array.from({ length: n }, () => operation());

/** The rendered text of a reply and its options, to catch a key or a placeholder without text. */
const rendered = strictReplyRenderer(historyMessages, refusalMessages);

function options(reply: Reply | undefined) {
  if (reply?.kind !== 'menu') throw new Error(`expected a menu, got ${JSON.stringify(reply)}`);
  return reply.options;
}

describe('the History flow', () => {
  it('asks the PIN first in a session not unlocked, then says the session is unlocked and shows the page', async () => {
    const { calls, pins, machine } = fakeHistory(many(3));
    const flow = await driveFlow(machine, flowInput());
    expect(flow.opening).toEqual([{ kind: 'text', key: 'pin.askToView' }]);
    expect(stepMeta(machine, flow)).toEqual({ help: 'common.pinHelp', secret: true });
    expect(calls).toEqual([]);
    expect(await flow.say('1357')).toEqual([{ kind: 'text', key: 'common.wrongPin', params: { triesLeft: 2 } }]);
    expect(flow.unlocked).toBe(false);
    expect(calls).toEqual([]);
    expect(keys(await flow.say(PIN))).toEqual(['history.title']);
    expect(flow.unlocked).toBe(true);
    expect(pins).toEqual(['1357', PIN]);
    expect(flow.persistedJson).not.toContain(PIN);
  });

  it('leaves without reading anything on BACK at the PIN', async () => {
    const { calls, machine } = fakeHistory(many(3));
    const flow = await driveFlow(machine, flowInput());
    expect(await flow.back()).toEqual([]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({});
    expect(calls).toEqual([]);
  });

  it('shows the five newest operations as numbered lines, with 9 for older ones', async () => {
    const ops = many(7);
    const { calls, machine } = fakeHistory(ops);
    const flow = await driveFlow(machine, unlockedInput());

    expect(calls).toEqual([{ account: wallet, limit: 5 }]);
    expect(flow.state).toBe('list');
    expect(keys(flow.opening)).toEqual(['history.title']);
    const lines = options(flow.opening[0]);
    expect(lines.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5', '9']);
    expect(lines[5]).toEqual({ id: '9', key: 'history.more' });
    expect(lines[0]).toEqual({
      id: '1',
      key: 'history.lineWithFee',
      params: {
        date: '12/03',
        kind: 'Sent',
        counterparty: '677123456',
        sign: '-',
        amount: { francs: 5000 },
        fee: { francs: 50 },
        status: 'Done',
        reference: ops[0]!.shortReference,
      },
    });
    expect(rendered(flow.opening[0]!).split('\n')[1]).toBe(
      `1 12/03 Sent 677123456 -5 000 FCFA fee 50 FCFA Done Ref ${lines[0]!.params!.reference as string}`,
    );
  });

  it('writes a line without a fee when none was paid, and in the person’s language', async () => {
    const { machine } = fakeHistory([
      operation({ kind: 'received', direction: 'in', fee: francs(0), amount: francs(2500) }),
      operation({ kind: 'topup', direction: 'in', counterparty: { type: 'rail', rail: 'mtn_momo' }, fee: francs(0) }),
    ]);
    const flow = await driveFlow(machine, unlockedInput({ language: 'fr' }));

    const [received, topUp] = options(flow.opening[0]);
    expect(received).toMatchObject({
      key: 'history.line',
      params: { kind: 'Reçu', sign: '+', amount: { francs: 2500 }, status: 'Effectué' },
    });
    expect(received!.params).not.toHaveProperty('fee');
    expect(topUp).toMatchObject({ params: { kind: 'Recharge', counterparty: 'MTN MoMo' } });
    // Only two operations: no "older" choice.
    expect(options(flow.opening[0]).map((o) => o.id)).toEqual(['1', '2']);
    expect(rendered(flow.opening[0]!, 'fr')).toMatch(/^Vos opérations :\n1 \d\d\/03 Reçu 677123456 \+2 500 FCFA/);
  });

  it('shows the next page with 9, passing the cursor it kept, and says when there is nothing older', async () => {
    const ops = many(12);
    const { calls, machine } = fakeHistory(ops);
    const flow = await driveFlow(machine, unlockedInput());

    const second = await flow.say('9');
    expect(calls[1]).toEqual({ account: wallet, limit: 5, cursor: JSON.stringify({ offset: 5 }) });
    expect(keys(second)).toEqual(['history.titlePage']);
    expect(second[0]!.params).toEqual({ page: 2 });
    expect(options(second[0]).map((o) => o.params?.reference ?? o.key)).toEqual([
      ...ops.slice(5, 10).map((o) => o.shortReference),
      'history.more',
    ]);

    const third = await flow.say('9');
    expect(calls[2]!.cursor).toBe(JSON.stringify({ offset: 10 }));
    expect(options(third[0]).map((o) => o.id)).toEqual(['1', '2']);

    const nothingOlder = await flow.say('9');
    expect(keys(nothingOlder)).toEqual(['history.end']);
    expect(options(nothingOlder[0]).map((o) => o.id)).toEqual(['1', '2']);
    expect(flow.state).toBe('list');
    expect(calls).toHaveLength(3);
  });

  it('shows operations saved without a short reference (a session saved before them) under their first derivation', async () => {
    // What a session saved before short references holds in its context: operations without the field.
    const legacy = many(2).map(({ shortReference: _dropped, ...rest }) => rest) as unknown as Operation[];
    const { machine } = fakeHistory(legacy);
    const flow = await driveFlow(machine, unlockedInput());
    expect(options(flow.opening[0]).map((o) => o.params?.reference)).toEqual(
      legacy.map((o) => deriveShortReference(o.reference)),
    );
    expect((await flow.say('2'))[0]!.params!.reference).toBe(deriveShortReference(legacy[1]!.reference));
  });

  it('keeps the page cursor in the saved snapshot as plain text', async () => {
    const { machine } = fakeHistory(many(7));
    const flow = await driveFlow(machine, unlockedInput());
    await flow.say('9');

    const saved = JSON.parse(flow.persistedJson) as { context: { cursor: unknown; earlier: unknown } };
    expect(saved.context.cursor).toBe(JSON.stringify({ offset: 5 }));
    expect(saved.context.earlier).toEqual([null]);
  });

  it('shows a line’s operation in full when its number is picked, and goes back to the list with 0', async () => {
    const ops = many(7);
    const { calls, machine } = fakeHistory(ops);
    const flow = await driveFlow(machine, unlockedInput());

    const detail = await flow.say('2');
    expect(flow.state).toBe('detail');
    expect(detail).toEqual([
      {
        kind: 'menu',
        key: 'history.detail',
        params: {
          kind: 'Sent',
          counterparty: '677123456',
          amount: { francs: 5000 },
          fee: { francs: 50 },
          status: 'Done',
          date: { date: ops[1]!.at.toISOString() },
          reference: ops[1]!.shortReference,
        },
        options: [{ id: '0', key: 'history.backToList' }],
      },
    ]);
    expect(rendered(detail[0]!)).toContain(`Ref: ${ops[1]!.shortReference}`);

    const back = await flow.back();
    expect(flow.state).toBe('list');
    expect(keys(back)).toEqual(['history.title']);
    expect(options(back[0])).toEqual(options(flow.opening[0]));
    // The list came from the context, not from a second read.
    expect(calls).toHaveLength(1);
  });

  it('shows another line’s detail when its number is typed on a detail, and a hint for anything else', async () => {
    const ops = many(3);
    const { machine } = fakeHistory(ops);
    const flow = await driveFlow(machine, unlockedInput());
    await flow.say('1');

    const other = await flow.say('3');
    expect(other[0]!.params!.reference).toBe(ops[2]!.shortReference);

    const hint = await flow.say('hello');
    expect(hint).toEqual([{ kind: 'text', key: 'history.detailHint' }]);
    expect(flow.state).toBe('detail');
  });

  it('says why a refused operation was refused', async () => {
    const { machine } = fakeHistory([operation({ status: 'refused', reason: 'RECIPIENT_LIMIT_BALANCE' })]);
    const flow = await driveFlow(machine, unlockedInput());

    expect(options(flow.opening[0])[0]!.params!.status).toBe('Refused');
    const detail = await flow.say('1');
    expect(keys(detail)).toEqual(['history.detail', 'refusal.recipientLimitBalance']);
  });

  it('goes back one page with 0, then leaves to the main menu from the first page', async () => {
    const { calls, machine } = fakeHistory(many(12));
    const flow = await driveFlow(machine, unlockedInput());
    await flow.say('9');
    await flow.say('9');

    const second = await flow.back();
    expect(calls[3]!.cursor).toBe(JSON.stringify({ offset: 5 }));
    expect(second[0]!.params).toEqual({ page: 2 });

    const first = await flow.back();
    expect(calls[4]).toEqual({ account: wallet, limit: 5 });
    expect(keys(first)).toEqual(['history.title']);

    const leaving = await flow.back();
    expect(leaving).toEqual([]);
    expect(flow.status).toBe('done');
    // Not quiet: the main menu shows itself again, as the screen 0 leads back to.
    expect(flow.output).toEqual({});
  });

  it('asks for a line number when the input picks nothing, and stays on the list', async () => {
    const { calls, machine } = fakeHistory(many(3));
    const flow = await driveFlow(machine, unlockedInput());

    for (const typed of ['abc', '4', '0 1', '-1', '9']) {
      const replies = await flow.say(typed);
      expect(flow.state).toBe('list');
      expect(replies).toHaveLength(1);
      expect(options(replies[0]).map((o) => o.id)).toEqual(['1', '2', '3']);
      expect(replies[0]!.key).toBe(typed === '9' ? 'history.end' : 'history.pickALine');
    }
    expect(calls).toHaveLength(1);
  });

  it('says an empty history is empty and how to top up, then returns quietly to the menu', async () => {
    const { machine } = fakeHistory([]);
    const flow = await driveFlow(machine, unlockedInput());

    expect(flow.opening).toEqual([{ kind: 'end', key: 'history.emptyTopUp' }]);
    expect(rendered(flow.opening[0]!)).toContain('Top up (2)');
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
  });

  it('keeps the page shown when an older page turns out empty', async () => {
    const { machine } = fakeHistory(many(5), { emptyPageAt: 5 });
    const flow = await driveFlow(machine, unlockedInput());
    expect(options(flow.opening[0]).map((o) => o.id)).toEqual(['1', '2', '3', '4', '5', '9']);

    const older = await flow.say('9');
    expect(keys(older)).toEqual(['history.end']);
    expect(options(older[0]).map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(flow.state).toBe('list');

    // Back on the first page: 0 leaves.
    await flow.back();
    expect(flow.status).toBe('done');
  });

  it('apologises and ends when the history cannot be read', async () => {
    const { machine } = fakeHistory(many(3), { failOnCall: 1 });
    const flow = await driveFlow(machine, unlockedInput());

    expect(flow.opening).toEqual([{ kind: 'end', key: 'history.unavailable' }]);
    expect(flow.status).toBe('done');
    expect(flow.output).toEqual({ quiet: true });
  });

  it('apologises when an older page cannot be read', async () => {
    const { machine } = fakeHistory(many(7), { failOnCall: 2 });
    const flow = await driveFlow(machine, unlockedInput());

    expect(keys(await flow.say('9'))).toEqual(['history.unavailable']);
    expect(flow.status).toBe('done');
  });

  describe('started with a reference', () => {
    it('shows the operation with that full reference directly, and the list on 0', async () => {
      const ops = many(8);
      const { calls, machine } = fakeHistory(ops);
      const flow = await driveFlow(machine, unlockedInput({ args: { reference: ops[6]!.reference } }));

      expect(calls).toEqual([{ account: wallet, limit: 50 }]);
      expect(flow.state).toBe('detail');
      expect(keys(flow.opening)).toEqual(['history.detail']);
      expect(flow.opening[0]!.params!.reference).toBe(ops[6]!.shortReference);

      const list = await flow.back();
      expect(calls[1]).toEqual({ account: wallet, limit: 5 });
      expect(keys(list)).toEqual(['history.title']);
      expect(flow.state).toBe('list');
    });

    it('finds an operation by the short reference of its line, in any case, with or without separators', async () => {
      const ops = many(4);
      const short = ops[3]!.shortReference;
      const { machine } = fakeHistory(ops);
      for (const typed of [short, short.toLowerCase(), `${short.slice(0, 3)}-${short.slice(3, 6)}-${short.slice(6)}`]) {
        const flow = await driveFlow(machine, unlockedInput({ args: { reference: typed } }));
        expect(flow.state).toBe('detail');
        expect(flow.opening[0]!.params!.reference).toBe(short);
      }
    });

    it('still finds an operation by the end of its transfer id, as lines showed before short references', async () => {
      const ops = many(4);
      const tail = ops[3]!.reference.replace(/-/g, '').slice(-8);
      const typed = `${tail.slice(0, 4).toLowerCase()} ${tail.slice(4)}`;
      const { machine } = fakeHistory(ops);
      const flow = await driveFlow(machine, unlockedInput({ args: { reference: typed } }));

      expect(flow.opening[0]!.params!.reference).toBe(ops[3]!.shortReference);
    });

    it('looks through the two newest pages of fifty, then says it was not found and shows the list', async () => {
      const ops = many(130);
      const { calls, machine } = fakeHistory(ops);
      const wanted = ops[120]!.reference;
      const flow = await driveFlow(machine, unlockedInput({ args: { reference: wanted } }));

      expect(calls).toEqual([
        { account: wallet, limit: 50 },
        { account: wallet, limit: 50, cursor: JSON.stringify({ offset: 50 }) },
        { account: wallet, limit: 5 },
      ]);
      expect(keys(flow.opening)).toEqual(['history.notFound', 'history.title']);
      expect(flow.opening[0]!.params).toEqual({ reference: wanted.replace(/[-:]/g, '').toUpperCase() });
      expect(flow.state).toBe('list');
    });

    it('finds one on the second page of the search', async () => {
      const ops = many(80);
      const { calls, machine } = fakeHistory(ops);
      const flow = await driveFlow(machine, unlockedInput({ args: { reference: ops[70]!.reference } }));

      expect(calls).toHaveLength(2);
      expect(flow.opening[0]!.params!.reference).toBe(ops[70]!.shortReference);
    });

    it('does not search for a reference too short to name one operation', async () => {
      const ops = many(3);
      const { calls, machine } = fakeHistory(ops);
      const flow = await driveFlow(machine, unlockedInput({ args: { reference: ops[0]!.reference.slice(-4) } }));

      expect(calls).toEqual([{ account: wallet, limit: 5 }]);
      expect(keys(flow.opening)).toEqual(['history.notFound', 'history.title']);
    });

    it('says the history is empty when there is nothing to find', async () => {
      const { machine } = fakeHistory([]);
      const flow = await driveFlow(machine, unlockedInput({ args: { reference: 'ABCDEF123456' } }));

      expect(keys(flow.opening)).toEqual(['history.notFound', 'history.emptyTopUp']);
      expect(flow.status).toBe('done');
    });

    it('apologises when the search cannot read the history', async () => {
      const { machine } = fakeHistory(many(3), { failOnCall: 1 });
      const flow = await driveFlow(machine, unlockedInput({ args: { reference: 'ABCDEF123456' } }));

      expect(keys(flow.opening)).toEqual(['history.unavailable']);
    });
  });

  it('has a help text on every step that waits for the person, in both languages', () => {
    for (const step of ['list', 'detail'] as const) {
      const help = (historyMachine.states[step]?.meta as { help?: string } | undefined)?.help;
      expect(help).toBeDefined();
      expect(historyMessages.en).toHaveProperty([help!]);
      expect(historyMessages.fr).toHaveProperty([help!]);
    }
  });

  it('keeps its own screens within one SMS', () => {
    for (const language of ['en', 'fr'] as const) {
      for (const key of ['history.emptyTopUp', 'history.pickALine', 'history.detailHint', 'history.unavailable']) {
        expect(historyMessages[language][key as keyof (typeof historyMessages)['en']].length).toBeLessThanOrEqual(160);
      }
    }
  });
});

// The real OperationHistory over a real ledger; the ledger's store is its in-memory twin, since what is under test
// here is the flow (the operation history on the database is tested in test/domain/history.test.ts).
describe('the History flow on the real operation history', () => {
  const t = useMemoryLedger();
  afterEach(() => expectConsistent(t.store));

  it('pages, shows a detail and finds a short reference with the ledger’s own cursors and operations', async () => {
    const [payer, payee] = [await t.wallet(100_000), await t.wallet()];
    const sent: string[] = [];
    for (let i = 1; i <= 6; i += 1) {
      const id = `p2p:${randomUUID()}`;
      const result = await t.ledger.transfer({
        id,
        kind: 'p2p',
        debit: payer,
        credits: [
          { account: payee, amount: i * 1000 },
          { account: accountIds.fees, amount: 10 },
        ],
        mode: 'single',
      });
      expect(result).toMatchObject({ ok: true });
      sent.push(id);
    }
    const history = new OperationHistory(t.ledger);
    const machine = historyMachine.provide({
      actors: {
        checkPin: fakePinCheck([]),
        historyPage: fromPromise<OperationsPage, HistoryPageRequest>(({ input }) =>
          history.page(input.account, { limit: input.limit, cursor: input.cursor }),
        ),
      },
    });
    const input = unlockedInput({ msisdn: payer.slice('wallet:'.length) as Msisdn });

    const flow = await driveFlow(machine, input);
    const newest = options(flow.opening[0]);
    expect(newest.map((o) => o.params?.reference ?? o.id)).toEqual([
      ...sent
        .slice(1)
        .reverse()
        .map((id) => deriveShortReference(id)),
      '9',
    ]);
    expect(newest[0]!.params).toMatchObject({ kind: 'Sent', amount: { francs: 6000 }, fee: { francs: 10 } });

    const older = await flow.say('9');
    expect(options(older[0]).map((o) => o.params?.reference)).toEqual([
      deriveShortReference(sent[0]!),
      expect.any(String), // the funding top-up
    ]);
    const detail = await flow.say('1');
    expect(detail[0]!.params).toMatchObject({
      reference: deriveShortReference(sent[0]!),
      amount: { francs: 1000 },
      status: 'Done',
    });
    expect(keys(await flow.back())).toEqual(['history.titlePage']);
    expect(keys(await flow.back())).toEqual(['history.title']);

    const direct = await driveFlow(machine, { ...input, args: { reference: deriveShortReference(sent[2]!) } });
    expect(direct.opening[0]!.params).toMatchObject({
      reference: deriveShortReference(sent[2]!),
      amount: { francs: 3000 },
    });
  });
});
