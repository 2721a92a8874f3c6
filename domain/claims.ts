/**
 * Claims: money sent to a number that has no account yet. The money is held in the ledger (a pending transfer
 * from the sender to a basic wallet opened for that number) until the person signs up and claims it, or the hold
 * expires and the money goes back to the sender.
 *
 * The ledger decides every outcome: posting a hold after its expiry is refused there (EXPIRED), and a hold is
 * resolved once whoever resolves it (this module, or the ledger's recovery worker, which voids expired holds
 * without a rail). A claim record only says that a hold is waiting for someone and who to tell; its `state` is a
 * cache of the ledger's outcome, written after the outcome was announced, so a stale value only makes the worker
 * look at the claim again. Notices are sent from what the ledger says, never from who resolved the hold.
 */
import { startPeriodicWorker } from './periodicWorker';
import { isFinal } from './ledger/transfers';
import type { Ledger } from './ledger/ledger';
import type { Transfer } from './ledger/transfers';
import { francsParam } from './notifications';
import type { Notifier } from './notifier';
import { formatMsisdnForDisplay, type Msisdn } from './phone';
import { shortReferenceOf } from './shortReference';
import type { UserDirectory } from './userDirectory';
import type { Claim, ClaimState, ClaimStore } from './claimStore';

export interface ClaimsOptions {
  ledger: Ledger;
  store: ClaimStore;
  users: UserDirectory;
  notifier: Notifier;
  clock?: () => Date;
  /** How long money waits for its recipient before it goes back to the sender. */
  claimDays?: number;
  /**
   * A claim whose hold was never recorded (the send crashed between the two inserts and was never retried) is
   * closed this long after its expiry: by then no send can still record it (the ledger refuses a hold whose expiry
   * has passed), so nothing is waiting.
   */
  abandonAfterMs?: number;
}

/** One claimed hold, as claimAll reports it to the person who just signed up. */
export interface ClaimedMoney {
  reference: string;
  amount: number;
  sender: Msisdn;
}

export interface ClaimSweepReport {
  examined: number;
  claimed: number;
  returned: number;
  failed: number;
  errors: number;
}

/** Waiting money: recorded with `open`, claimed with `claimAll`, returned by the expiry worker. */
export class Claims {
  readonly claimDays: number;
  private readonly ledger: Ledger;
  private readonly store: ClaimStore;
  private readonly users: UserDirectory;
  private readonly notifier: Notifier;
  private readonly clock: () => Date;
  private readonly abandonAfterMs: number;

  constructor(options: ClaimsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.users = options.users;
    this.notifier = options.notifier;
    this.clock = options.clock ?? (() => new Date());
    this.claimDays = options.claimDays ?? 7;
    this.abandonAfterMs = options.abandonAfterMs ?? 3_600_000;
  }

  /**
   * Records that the transfer `transferId` will hold money for `recipient`, or returns the claim already recorded
   * under that id. Called before the hold, so that concurrent retries of one send all use the first call's expiry
   * (the expiry is part of the ledger request: another one would be a CONFLICT). Null if the id is taken by a
   * different send.
   */
  async open(claim: { transferId: string; sender: Msisdn; recipient: Msisdn; amount: number; fee: number }) {
    const now = this.clock();
    const fresh: Claim = {
      _id: claim.transferId,
      sender: claim.sender,
      recipient: claim.recipient,
      amount: claim.amount,
      fee: claim.fee,
      expiresAt: new Date(now.getTime() + this.claimDays * 86_400_000),
      createdAt: now,
      state: 'waiting',
      settledAt: null,
    };
    if ((await this.store.insert(fresh)) === 'inserted') return fresh;
    const existing = await this.store.get(claim.transferId);
    if (!existing) throw new Error(`claim ${claim.transferId} reported as duplicate but not found`);
    const same =
      existing.sender === claim.sender &&
      existing.recipient === claim.recipient &&
      existing.amount === claim.amount &&
      existing.fee === claim.fee;
    return same ? existing : null;
  }

  /**
   * Gives a person who just signed up with `msisdn` every unexpired hold waiting for them: each is posted to their
   * wallet and its sender told once. Holds past their expiry are refused by the ledger, which releases them; their
   * senders are told the money came back. Safe to call again (a retry, or two processes): each hold resolves once.
   */
  async claimAll(msisdn: Msisdn): Promise<{ claimed: ClaimedMoney[]; total: number }> {
    const waiting = await this.store.waitingFor(msisdn);
    const outcomes = await Promise.all(
      waiting.map(async (claim) => {
        const result = await this.ledger.post(claim._id);
        return { claim, state: await this.settle(claim, result.transfer) };
      }),
    );
    const claimed = outcomes
      .filter((o) => o.state === 'claimed')
      .map(({ claim }) => ({ reference: claim._id, amount: claim.amount, sender: claim.sender }));
    return { claimed, total: claimed.reduce((sum, c) => sum + c.amount, 0) };
  }

  /**
   * One pass of the expiry worker: voids expired holds (the ledger records them as expired) and announces every
   * resolved claim, whoever resolved it. Also posts holds whose recipient signed up without claimAll running (a
   * crash between the sign-up and the claim, or a sign-up racing a send).
   */
  async sweepOnce(batch = 500): Promise<ClaimSweepReport> {
    const report: ClaimSweepReport = { examined: 0, claimed: 0, returned: 0, failed: 0, errors: 0 };
    for (const claim of await this.store.waiting(batch)) {
      report.examined += 1;
      try {
        const state = await this.sweepClaim(claim);
        if (state !== 'waiting') report[state] += 1;
      } catch {
        // One claim that cannot be resolved now (store hiccup) must not stop the others; the next pass retries it.
        report.errors += 1;
      }
    }
    return report;
  }

  /** Runs sweepOnce at start and every `intervalMs`; several processes may run it at once. */
  startExpiryWorker(options: { intervalMs: number; onReport?: (r: ClaimSweepReport) => void }) {
    return startPeriodicWorker(() => this.sweepOnce(), options);
  }

  private async sweepClaim(claim: Claim): Promise<ClaimState> {
    const transfer = await this.ledger.getTransfer(claim._id);
    if (transfer && !isFinal(transfer.state)) {
      const expired = this.clock().getTime() > claim.expiresAt.getTime();
      if (expired) return this.settle(claim, (await this.ledger.void(claim._id)).transfer);
      if (await this.users.find(claim.recipient)) {
        return this.settle(claim, (await this.ledger.post(claim._id)).transfer);
      }
      return 'waiting';
    }
    return this.settle(claim, transfer ?? undefined);
  }

  /**
   * Announces a claim's outcome as the ledger records it, then caches it on the claim. The notice's dedupe key
   * names the outcome, so two processes settling the same claim tell the sender once.
   */
  async settle(claim: Claim, known?: Transfer): Promise<ClaimState> {
    const transfer = known && isFinal(known.state) ? known : await this.ledger.getTransfer(claim._id);
    const now = this.clock();
    if (!transfer) {
      const abandoned = now.getTime() > claim.expiresAt.getTime() + this.abandonAfterMs;
      if (abandoned) await this.store.markSettled(claim._id, 'failed', now);
      return abandoned ? 'failed' : 'waiting';
    }
    const recipient = await this.nameOf(claim.recipient);
    if (transfer.state === 'posted') {
      await this.notifier.notify(
        claim.sender,
        {
          key: 'payments.claimed',
          params: { recipient, amount: francsParam(claim.amount), reference: shortReferenceOf(transfer) },
        },
        `claim-claimed:${claim._id}`,
      );
      await this.store.markSettled(claim._id, 'claimed', now);
      return 'claimed';
    }
    if (transfer.state === 'voided' || transfer.state === 'expired') {
      await this.notifier.notify(
        claim.sender,
        {
          key: 'payments.claimReturned',
          params: { recipient, total: francsParam(transfer.total), reference: shortReferenceOf(transfer) },
        },
        `claim-returned:${claim._id}`,
      );
      await this.store.markSettled(claim._id, 'returned', now);
      return 'returned';
    }
    // Refused when it was sent (funds, limits): the sender was told then, and nothing was held.
    if (transfer.state === 'rejected') {
      await this.store.markSettled(claim._id, 'failed', now);
      return 'failed';
    }
    return 'waiting';
  }

  private async nameOf(msisdn: Msisdn): Promise<string> {
    return (await this.users.find(msisdn))?.name ?? formatMsisdnForDisplay(msisdn);
  }
}
