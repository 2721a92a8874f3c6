/**
 * What the ledger relies on from its store, written once and run against every implementation: the MongoDB store
 * on FerretDB and the in-memory twin. Races are decided by inserts into unique keys (`_id`, an entry's
 * `chainKey`): of many concurrent inserts of one key, exactly one is told `inserted`, and the first stands.
 */
import { randomUUID } from 'node:crypto';
import { accountIds, type Account, type AccountId } from '../../domain/ledger/accounts';
import { chainKey, PAGE_SIZE, type Entry, type RejectionEntry } from '../../domain/ledger/entries';
import type { LedgerStore } from '../../domain/ledger/ledgerStore';
import { effectIds, type Resolution, type Transfer, type TransferMode } from '../../domain/ledger/transfers';
import { byId, collect, type MakeSubject } from './subject';

const T0 = new Date('2026-03-01T10:00:00.000Z');

function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

function anAccount(overrides: Partial<Account> = {}): Account {
  const owner = `2376${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return {
    _id: accountIds.wallet(owner),
    type: 'wallet',
    ownerId: owner,
    status: 'active',
    debitsMustNotExceedCredits: true,
    kycTier: 'basic',
    lanes: 1,
    createdAt: T0,
    ...overrides,
  };
}

/** A transfer as the ledger records it; also used by the MongoDB store's own tests. */
export function aTransfer(mode: TransferMode, overrides: Partial<Transfer> = {}): Transfer {
  const createdAt = overrides.createdAt ?? T0;
  return {
    _id: `t-${randomUUID()}`,
    requestHash: randomUUID(),
    kind: 'p2p',
    debit: 'wallet:237670000001' as AccountId,
    credits: [
      { account: 'wallet:237670000002' as AccountId, amount: 1_000 },
      { account: accountIds.fees, amount: 50 },
    ],
    total: 1_050,
    mode,
    expiresAt: mode === 'pending' ? at(3_600_000) : null,
    rail: null,
    onExpiry: 'release',
    refundOf: null,
    memo: null,
    state: 'received',
    reason: null,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

function anEntry(chain: string, seq: number, overrides: Partial<Entry> = {}): Entry {
  const transferId = overrides.transferId ?? `t-${randomUUID()}`;
  return {
    _id: effectIds.debit(transferId),
    chainKey: chainKey(chain, seq),
    chain,
    account: chain as AccountId,
    lane: 0,
    seq,
    page: Math.floor(seq / PAGE_SIZE),
    transferId,
    side: 'debit',
    phase: 'posted',
    amount: 100,
    counters: { debitsPending: 0, debitsPosted: 100 * seq, creditsPending: 0, creditsPosted: 10_000 },
    spending: { day: '2026-03-01', dayOut: 100, month: '2026-03', monthOut: 100 },
    at: T0,
    ...overrides,
  };
}

function aRejection(effectId: string, transferId: string): RejectionEntry {
  return {
    _id: effectId,
    chainKey: effectId,
    account: 'wallet:237670000001' as AccountId,
    transferId,
    side: 'debit',
    amount: 1_050,
    rejected: 'INSUFFICIENT_FUNDS',
    at: T0,
  };
}

/** An effect of a single transfer, decided: a posted entry under the effect's id. */
function effect(effectId: string, transferId: string, seq: number): Entry {
  return anEntry(`wallet:${randomUUID()}`, seq, { _id: effectId, transferId });
}

export function describeLedgerStoreContract(name: string, makeSubject: MakeSubject<LedgerStore>): void {
  describe(`LedgerStore contract: ${name}`, () => {
    let store: LedgerStore;
    let anotherProcess: () => LedgerStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    describe('accounts', () => {
      it('reads back an account as inserted, and null for one never inserted', async () => {
        const account = anAccount();
        expect(await store.insertAccount(account)).toBe('inserted');
        expect(await store.getAccount(account._id)).toEqual(account);
        expect(await store.getAccount(accountIds.wallet('nobody'))).toBeNull();
      });

      it('keeps nulls of a system account', async () => {
        const account = anAccount({ _id: accountIds.fees, type: 'fees', ownerId: null, kycTier: null, lanes: 8 });
        await store.insertAccount(account);
        expect(await store.getAccount(account._id)).toEqual(account);
      });

      it('reports a second insert of one id as a duplicate, and the first stands', async () => {
        const account = anAccount();
        await store.insertAccount(account);
        expect(await store.insertAccount({ ...account, lanes: 4, status: 'frozen' })).toBe('duplicate');
        expect(await store.getAccount(account._id)).toEqual(account);
      });

      it('updates the status and the tier, leaving the rest', async () => {
        const account = anAccount();
        await store.insertAccount(account);
        await store.updateAccount(account._id, { status: 'frozen' });
        await store.updateAccount(account._id, { kycTier: 'full' });
        expect(await store.getAccount(account._id)).toEqual({ ...account, status: 'frozen', kycTier: 'full' });
      });

      it('updates nothing for an account never inserted', async () => {
        const id = accountIds.wallet('nobody');
        await store.updateAccount(id, { status: 'closed' });
        expect(await store.getAccount(id)).toBeNull();
      });

      it('is not changed by a caller changing what it inserted or read', async () => {
        const account = anAccount();
        await store.insertAccount(account);
        account.status = 'closed';
        const read = (await store.getAccount(account._id))!;
        read.lanes = 99;
        read.createdAt.setTime(0);
        expect(await store.getAccount(account._id)).toEqual({ ...account, status: 'active' });
      });
    });

    describe('transfers', () => {
      it('reads back a recorded single transfer as received, updated when created', async () => {
        const transfer = aTransfer('single', { memo: 'rent', createdAt: at(5) });
        expect(await store.insertTransfer(transfer)).toBe('inserted');
        expect(await store.getTransfer(transfer._id)).toEqual(transfer);
        expect(await store.getTransfer('t-never')).toBeNull();
      });

      it('reports a second insert of one transfer id as a duplicate, and the first record stands', async () => {
        const transfer = aTransfer('single');
        await store.insertTransfer(transfer);
        expect(await store.insertTransfer({ ...transfer, total: 1, requestHash: 'other' })).toBe('duplicate');
        expect(await store.getTransfer(transfer._id)).toEqual(transfer);
      });

      it('reads a single transfer’s state from its entries', async () => {
        const transfer = aTransfer('single');
        const id = transfer._id;
        await store.insertTransfer(transfer);
        await store.insertEntry(effect(effectIds.debit(id), id, 1));
        expect((await store.getTransfer(id))?.state).toBe('received');
        await store.insertEntry(effect(effectIds.credit(id, 0), id, 1));
        expect((await store.getTransfer(id))?.state).toBe('received');
        await store.insertEntry(effect(effectIds.credit(id, 1), id, 1));
        expect(await store.getTransfer(id)).toEqual({ ...transfer, state: 'posted', reason: null });
      });

      it('says a single transfer whose debit was refused is rejected, with the refusal', async () => {
        const transfer = aTransfer('single');
        await store.insertTransfer(transfer);
        await store.insertEntry(aRejection(effectIds.debit(transfer._id), transfer._id));
        expect(await store.getTransfer(transfer._id)).toEqual({
          ...transfer,
          state: 'rejected',
          reason: 'INSUFFICIENT_FUNDS',
        });
      });

      it('says a single transfer whose credit was refused is rejected once the debit was given back', async () => {
        const transfer = aTransfer('single');
        const id = transfer._id;
        await store.insertTransfer(transfer);
        await store.insertEntry(effect(effectIds.debit(id), id, 1));
        await store.insertEntry({ ...aRejection(effectIds.credit(id, 0), id), rejected: 'LIMIT_BALANCE' });
        expect((await store.getTransfer(id))?.state).toBe('received');
        await store.insertEntry(effect(effectIds.giveBack(id), id, 2));
        expect(await store.getTransfer(id)).toMatchObject({ state: 'rejected', reason: 'RECIPIENT_LIMIT_BALANCE' });
      });

      it('keeps a pending transfer’s state, reason and time until a final state settles it for good', async () => {
        const transfer = aTransfer('pending');
        await store.insertTransfer(transfer);
        expect(await store.getTransfer(transfer._id)).toEqual(transfer);
        await store.setTransferState(transfer._id, 'held', null, at(10));
        expect(await store.getTransfer(transfer._id)).toEqual({ ...transfer, state: 'held', updatedAt: at(10) });
        await store.setTransferState(transfer._id, 'posted', null, at(20));
        const settled = { ...transfer, state: 'posted', updatedAt: at(20) };
        expect(await store.getTransfer(transfer._id)).toEqual(settled);
        await store.setTransferState(transfer._id, 'voided', 'late', at(30));
        await store.setTransferState(transfer._id, 'needs_review', 'late', at(40));
        expect(await store.getTransfer(transfer._id)).toEqual(settled);
      });

      it('leaves a settled pending transfer settled when its record is inserted again (a retry)', async () => {
        const transfer = aTransfer('pending');
        await store.insertTransfer(transfer);
        await store.setTransferState(transfer._id, 'expired', null, at(20));
        expect(await anotherProcess().insertTransfer(transfer)).toBe('duplicate');
        expect(await store.getTransfer(transfer._id)).toEqual({ ...transfer, state: 'expired', updatedAt: at(20) });
      });

      it('says what a hold does at its expiry: review with a rail or when asked, release otherwise', async () => {
        const released = aTransfer('pending');
        const asked = aTransfer('pending', { onExpiry: 'review' });
        const withRail = aTransfer('pending', { rail: 'mtn_momo', onExpiry: 'review' });
        for (const transfer of [released, asked, withRail]) await store.insertTransfer(transfer);
        expect((await store.getTransfer(released._id))?.onExpiry).toBe('release');
        expect((await store.getTransfer(asked._id))?.onExpiry).toBe('review');
        expect(await store.getTransfer(withRail._id)).toEqual(withRail);
      });

      it('finds open pending transfers by state, as many as asked, and never a settled one', async () => {
        const held = [aTransfer('pending'), aTransfer('pending'), aTransfer('pending')];
        const review = aTransfer('pending');
        const settled = aTransfer('pending');
        for (const transfer of [...held, review, settled]) await store.insertTransfer(transfer);
        for (const transfer of [...held, settled]) await store.setTransferState(transfer._id, 'held', null, at(1));
        await store.setTransferState(review._id, 'needs_review', 'unknown at the rail', at(2));
        await store.setTransferState(settled._id, 'voided', null, at(3));

        const found = await store.findTransfersByState(['held'], 10);
        expect(byId(found)).toEqual(byId(held.map((t) => ({ ...t, state: 'held', updatedAt: at(1) }))));
        expect(await store.findTransfersByState(['held'], 2)).toHaveLength(2);
        const both = await store.findTransfersByState(['held', 'needs_review'], 10);
        expect(both.map((t) => t._id).sort()).toEqual([...held, review].map((t) => t._id).sort());
        expect(both.find((t) => t._id === review._id)).toMatchObject({ reason: 'unknown at the rail' });
        expect(await store.findTransfersByState(['received'], 10)).toEqual([]);
      });

      it('finds a single transfer marked open until its entries say it is over', async () => {
        const transfer = aTransfer('single');
        const id = transfer._id;
        await store.insertTransfer(transfer);
        await store.setTransferState(id, 'received', null, at(1));
        expect((await store.findTransfersByState(['received'], 10)).map((t) => t._id)).toEqual([id]);
        await store.insertEntry(aRejection(effectIds.debit(id), id));
        expect(await store.findTransfersByState(['received'], 10)).toEqual([]);
        expect(await store.getTransfer(id)).toMatchObject({ state: 'rejected' });
      });

      it('finds single transfers created in a range in (createdAt, _id) order, page after page', async () => {
        const made: Transfer[] = [];
        for (const [ms, id] of [
          [30, 'c'],
          [10, 'b'],
          [10, 'a'],
          [20, 'z'],
          [10, 'c'],
          [40, 'a'],
        ] as const) {
          made.push(aTransfer('single', { _id: `${id}-${ms}`, createdAt: at(ms) }));
        }
        const before = aTransfer('single', { _id: 'a-early', createdAt: at(0) });
        const pending = aTransfer('pending', { _id: 'p-15', createdAt: at(15) });
        for (const transfer of [...made, before, pending]) await store.insertTransfer(transfer);

        const ids = async (from: number, limit: number, after?: string) =>
          (await store.findSingleTransfersCreated(at(from), at(40), limit, after)).map((t) => t._id);
        expect(await ids(10, 10)).toEqual(['a-10', 'b-10', 'c-10', 'z-20', 'c-30']);
        expect(await ids(10, 2)).toEqual(['a-10', 'b-10']);
        expect(await ids(10, 2, 'b-10')).toEqual(['c-10', 'z-20']);
        expect(await ids(20, 10, 'z-20')).toEqual(['c-30']);
      });

      it('gives the same states whether it finds a few single transfers or many', async () => {
        const transfers = Array.from({ length: 12 }, (_, n) => aTransfer('single', { createdAt: at(n) }));
        for (const transfer of transfers) await store.insertTransfer(transfer);
        // Every third one posted, every third one refused, the rest in flight.
        for (const [n, transfer] of transfers.entries()) {
          const id = transfer._id;
          if (n % 3 === 0) {
            for (const effectId of [effectIds.debit(id), effectIds.credit(id, 0), effectIds.credit(id, 1)]) {
              await store.insertEntry(effect(effectId, id, 1));
            }
          } else if (n % 3 === 1) await store.insertEntry(aRejection(effectIds.debit(id), id));
        }
        const expected = transfers.map((t, n) => (n % 3 === 0 ? 'posted' : n % 3 === 1 ? 'rejected' : 'received'));
        const many = await store.findSingleTransfersCreated(at(0), at(100), 100);
        expect(many.map((t) => t.state)).toEqual(expected);
        const few = await store.findSingleTransfersCreated(at(0), at(3), 100);
        expect(few.map((t) => t.state)).toEqual(expected.slice(0, 3));
        const scanned = new Map((await collect(store.allTransfers())).map((t) => [t._id, t.state]));
        expect(transfers.map((t) => scanned.get(t._id))).toEqual(expected);
      });

      it('keeps recovery’s checkpoint, the epoch until one is set', async () => {
        expect(await store.getSinglesSettledBefore()).toEqual(new Date(0));
        await store.setSinglesSettledBefore(at(1_000));
        await store.setSinglesSettledBefore(at(500));
        expect(await store.getSinglesSettledBefore()).toEqual(at(500));
      });
    });

    describe('entries', () => {
      it('reads back an entry and a rejection as inserted; spending is null when the entry has none', async () => {
        const entry = anEntry(`wallet:${randomUUID()}`, 1, { status: 'frozen' });
        const bare = anEntry(`wallet:${randomUUID()}`, 1, { spending: null });
        const rejection = aRejection(`r-${randomUUID()}`, 't-1');
        for (const e of [entry, bare, rejection]) expect(await store.insertEntry(e)).toBe('inserted');
        expect(await store.getEntry(entry._id)).toEqual(entry);
        expect(await store.getEntry(bare._id)).toEqual(bare);
        expect(await store.getEntry(rejection._id)).toEqual(rejection);
        expect(await store.getEntry('never')).toBeNull();
      });

      it('refuses a second entry with the same id or the same chain slot, and the first stands', async () => {
        const chain = `wallet:${randomUUID()}`;
        const entry = anEntry(chain, 1);
        await store.insertEntry(entry);
        expect(await store.insertEntry({ ...entry, chainKey: chainKey(chain, 2), seq: 2 })).toBe('duplicate');
        const rival = anEntry(chain, 1, { amount: 5 });
        expect(await store.insertEntry(rival)).toBe('duplicate');
        expect(await store.getEntry(entry._id)).toEqual(entry);
        expect(await store.getEntry(rival._id)).toBeNull();
      });

      it('lets exactly one of many concurrent inserts take a chain slot, across processes', async () => {
        const chain = `wallet:${randomUUID()}`;
        const rivals = Array.from({ length: 20 }, () => anEntry(chain, 7));
        const stores = [store, anotherProcess()];
        const results = await Promise.all(rivals.map((e, n) => stores[n % 2]!.insertEntry(e)));
        expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
        const winner = rivals[results.indexOf('inserted')]!;
        expect(await store.getChainPage(chain, 0)).toEqual([winner]);
      });

      it('lets exactly one of many concurrent inserts of one effect id win, across processes', async () => {
        const id = `t-${randomUUID()}:debit`;
        const rivals = Array.from({ length: 20 }, (_, n) =>
          anEntry(`wallet:${randomUUID()}`, 1, { _id: id, amount: n }),
        );
        const stores = [store, anotherProcess()];
        const results = await Promise.all(rivals.map((e, n) => stores[n % 2]!.insertEntry(e)));
        expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
        expect(await store.getEntry(id)).toEqual(rivals[results.indexOf('inserted')]);
      });

      it('reads a page of one chain: its entries on that page, and no other chain’s', async () => {
        const chain = `wallet:${randomUUID()}`;
        const other = `${chain}~1`;
        const first = [1, 2, PAGE_SIZE - 1].map((seq) => anEntry(chain, seq));
        const second = [PAGE_SIZE, PAGE_SIZE + 1].map((seq) => anEntry(chain, seq));
        for (const e of [...second, ...first, anEntry(other, 1)]) await store.insertEntry(e);
        await store.insertEntry(aRejection(`r-${randomUUID()}`, 't-1'));
        expect(byId(await store.getChainPage(chain, 0))).toEqual(byId(first));
        expect(byId(await store.getChainPage(chain, 1))).toEqual(byId(second));
        expect(await store.getChainPage(chain, 2)).toEqual([]);
      });

      it('reads one account’s decided entries over a period, on all its lanes, in (at, _id) order', async () => {
        const account = `system:clearing:${randomUUID()}` as AccountId;
        const lane = (n: number) => (n === 0 ? account : `${account}~${n}`);
        const inPeriod = [
          anEntry(lane(3), 1, { account, lane: 3, at: at(2_000), transferId: 't-b' }),
          anEntry(lane(0), 1, { account, at: at(1_000), transferId: 't-c' }),
          anEntry(lane(5), 1, { account, lane: 5, at: at(2_000), transferId: 't-a' }),
        ];
        const before = anEntry(lane(0), 2, { account, at: at(999) });
        const atTheEnd = anEntry(lane(1), 1, { account, lane: 1, at: at(3_000) });
        const otherAccount = anEntry(`system:clearing:${randomUUID()}`, 1, { at: at(1_500) });
        const rejection = { ...aRejection(`r-${randomUUID()}`, 't-r'), account, at: at(1_500) };
        for (const e of [...inPeriod, before, atTheEnd, otherAccount]) await store.insertEntry(e);
        await store.insertEntry(rejection);

        const found = await collect(store.accountEntries(account, at(1_000), at(3_000)));
        const expected = [inPeriod[1]!, ...[inPeriod[0]!, inPeriod[2]!].sort((a, b) => (a._id < b._id ? -1 : 1))];
        expect(found).toEqual(expected);
        expect(await collect(store.accountEntries(account, at(3_001), at(9_000)))).toEqual([]);
      });

      it('reads the entry that took one slot of a chain, and null while the slot is free', async () => {
        const chain = `wallet:${randomUUID()}`;
        const entries = [1, 2, PAGE_SIZE].map((seq) => anEntry(chain, seq));
        for (const e of [...entries, anEntry(`${chain}~1`, 3)]) await store.insertEntry(e);
        expect(await store.getChainSlot(chain, 1)).toEqual(entries[0]);
        expect(await store.getChainSlot(chain, PAGE_SIZE)).toEqual(entries[2]);
        expect(await anotherProcess().getChainSlot(chain, 2)).toEqual(entries[1]);
        expect(await store.getChainSlot(chain, 3)).toBeNull();
        expect(await store.getChainSlot(`${chain}~1`, 1)).toBeNull();
      });

      it('reads back the facts an entry copies of its transfer and the outcome it records', async () => {
        const chain = `wallet:${randomUUID()}`;
        const opening = anEntry(chain, 1, {
          facts: {
            kind: 'p2p',
            mode: 'pending',
            direction: 'out',
            other: 'wallet:237670000002' as AccountId,
            amount: 1_000,
            fee: 50,
            leg: null,
            memo: 'loyer',
          },
        });
        const closing = anEntry(chain, 2, {
          transferId: opening.transferId,
          _id: effectIds.resolveDebit(opening.transferId),
          outcome: { state: 'rejected', reason: 'LIMIT_BALANCE' },
        });
        for (const e of [opening, closing]) await store.insertEntry(e);
        expect(await store.getEntry(opening._id)).toEqual(opening);
        expect(await store.getChainSlot(chain, 2)).toEqual(closing);
      });

      it('keeps a chain’s page hint, 0 until one is set', async () => {
        const chain = `wallet:${randomUUID()}`;
        expect(await store.getChainHint(chain)).toBe(0);
        await store.setChainHint(chain, 3);
        await store.setChainHint(chain, 2);
        expect(await store.getChainHint(chain)).toBe(2);
        expect(await store.getChainHint(`${chain}~1`)).toBe(0);
      });
    });

    describe('resolutions', () => {
      it('reads back a resolution, with or without who confirmed it', async () => {
        const plain: Resolution = { _id: `t-${randomUUID()}`, outcome: 'voided', at: at(1) };
        const confirmed: Resolution = { _id: `t-${randomUUID()}`, outcome: 'posted', at: at(2), confirmedBy: 'rail' };
        for (const r of [plain, confirmed]) expect(await store.insertResolution(r)).toBe('inserted');
        expect(await store.getResolution(plain._id)).toEqual(plain);
        expect(await store.getResolution(confirmed._id)).toEqual(confirmed);
        expect(await store.getResolution('never')).toBeNull();
      });

      it('lets the first of many concurrent resolutions of one transfer stand, across processes', async () => {
        const id = `t-${randomUUID()}`;
        const outcomes = ['posted', 'voided', 'expired'] as const;
        const rivals = Array.from({ length: 12 }, (_, n): Resolution => ({
          _id: id,
          outcome: outcomes[n % 3]!,
          at: at(n),
        }));
        const stores = [store, anotherProcess()];
        const results = await Promise.all(rivals.map((r, n) => stores[n % 2]!.insertResolution(r)));
        expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
        expect(await store.getResolution(id)).toEqual(rivals[results.indexOf('inserted')]);
      });
    });

    it('lets exactly one of many concurrent records of one transfer id win, across processes', async () => {
      const id = `t-${randomUUID()}`;
      const rivals = Array.from({ length: 20 }, (_, n) =>
        aTransfer(n % 2 ? 'pending' : 'single', { _id: id, total: n }),
      );
      const stores = [store, anotherProcess()];
      const results = await Promise.all(rivals.map((t, n) => stores[n % 2]!.insertTransfer(t)));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.getTransfer(id)).toMatchObject({ total: rivals[results.indexOf('inserted')]!.total });
    });

    it('scans everything stored, for ledger:check', async () => {
      const account = anAccount();
      const single = aTransfer('single');
      const pending = aTransfer('pending');
      const entry = anEntry(`wallet:${randomUUID()}`, 1);
      const rejection = aRejection(effectIds.debit(single._id), single._id);
      const resolution: Resolution = { _id: pending._id, outcome: 'posted', at: at(1) };
      await store.insertAccount(account);
      await store.insertTransfer(single);
      await store.insertTransfer(pending);
      await store.setTransferState(pending._id, 'posted', null, at(1));
      await store.insertEntry(entry);
      await store.insertEntry(rejection);
      await store.insertResolution(resolution);

      expect(await collect(store.allAccounts())).toEqual([account]);
      expect(byId(await collect(store.allTransfers()))).toEqual(
        byId([
          { ...single, state: 'rejected', reason: 'INSUFFICIENT_FUNDS' },
          { ...pending, state: 'posted', updatedAt: at(1) },
        ]),
      );
      expect(byId(await collect(store.allEntries()))).toEqual(byId([entry, rejection]));
      expect(await collect(store.allResolutions())).toEqual([resolution]);
    });
  });
}
