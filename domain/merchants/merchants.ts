/**
 * Merchant accounts: one per owner number, opened by a registered person (from chat, or by `npm run
 * merchant:create`). The insert of the merchant into a unique index on `owner` decides a race between two opens: the
 * loser answers with the winner. The merchant's ledger account is opened after the insert and again whenever an
 * open finds the merchant already there (opening an account is idempotent), so a crash between the two heals on
 * the next open.
 */
import { accountIds } from '../ledger/accounts';
import type { Balance } from '../ledger/ledger';
import type { Ledger } from '../ledger/ledger';
import type { Msisdn } from '../phone';
import type { UserDirectory } from '../userDirectory';
import {
  MERCHANT_CATEGORIES,
  type Merchant,
  type MerchantCategory,
  type MerchantKycLevel,
  type MerchantStatus,
} from './merchant';
import type { MerchantStore } from './merchantStore';
import { newMerchantId } from './randomIds';

/** Why a merchant could not be opened. */
export type OpenMerchantRefusal = 'INVALID_NAME' | 'INVALID_CATEGORY' | 'OWNER_NOT_REGISTERED';

/** What `open` answers: the owner's merchant (`created` when this call made it), or why there is none. */
export type OpenMerchantResult =
  { ok: true; merchant: Merchant; created: boolean } | { ok: false; reason: OpenMerchantRefusal };

export const MIN_MERCHANT_NAME = 2;
export const MAX_MERCHANT_NAME = 60;

/** What Merchants needs. */
export interface MerchantsOptions {
  store: MerchantStore;
  ledger: Ledger;
  users: UserDirectory;
  clock?: () => Date;
}

/** A business name as typed, tidied (spaces collapsed), or null when it is too short or too long. */
export function cleanMerchantName(text: string): string | null {
  const name = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return name.length >= MIN_MERCHANT_NAME && name.length <= MAX_MERCHANT_NAME ? name : null;
}

/** The merchant service: opening, finding, the status a compliance officer sets, and the balance. */
export class Merchants {
  private readonly store: MerchantStore;
  private readonly ledger: Ledger;
  private readonly users: UserDirectory;
  private readonly clock: () => Date;

  constructor(options: MerchantsOptions) {
    this.store = options.store;
    this.ledger = options.ledger;
    this.users = options.users;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Opens the owner's merchant, or answers with the one they already have (`created: false`, whatever name was
   * given this time). It starts `pending` at KYC level `unverified`.
   */
  async open(input: { owner: Msisdn; name: string; category: MerchantCategory }): Promise<OpenMerchantResult> {
    const name = cleanMerchantName(input.name);
    if (name === null) return { ok: false, reason: 'INVALID_NAME' };
    if (!(MERCHANT_CATEGORIES as readonly string[]).includes(input.category)) {
      return { ok: false, reason: 'INVALID_CATEGORY' };
    }
    const existing = await this.store.byOwner(input.owner);
    if (existing) return { ok: true, merchant: await this.withAccount(existing), created: false };
    if (!(await this.users.find(input.owner))) return { ok: false, reason: 'OWNER_NOT_REGISTERED' };

    const id = newMerchantId();
    const fresh: Merchant = {
      _id: id,
      name,
      category: input.category,
      owner: input.owner,
      status: 'pending',
      kycLevel: 'unverified',
      account: accountIds.merchant(id),
      createdAt: this.clock(),
    };
    if ((await this.store.insertMerchant(fresh)) === 'inserted') {
      return { ok: true, merchant: await this.withAccount(fresh), created: true };
    }
    // Another open of this owner won the unique index: answer with its merchant. (A random 80-bit id taken twice
    // would also land here; then the owner has none yet and the error says so.)
    const winner = await this.store.byOwner(input.owner);
    if (!winner) throw new Error(`merchant of ${id} reported as duplicate but no merchant for its owner`);
    return { ok: true, merchant: await this.withAccount(winner), created: false };
  }

  /**
   * For `npm run merchant:create`: the owner's merchant, opened with `name` in category `other` unless they have
   * one. The owner must already be signed up (the tool signs them up first).
   */
  async openForDevelopment(input: {
    name: string;
    owner: Msisdn;
    category?: MerchantCategory;
  }): Promise<OpenMerchantResult> {
    return this.open({ owner: input.owner, name: input.name, category: input.category ?? 'other' });
  }

  /** A merchant by id, or null. */
  get(id: string): Promise<Merchant | null> {
    return this.store.getMerchant(id);
  }

  /** The merchant this number owns, or null. */
  ofOwner(owner: Msisdn): Promise<Merchant | null> {
    return this.store.byOwner(owner);
  }

  /** Sets the status (and the KYC level, when given): what compliance decides. Answers the merchant as it is now. */
  async setStatus(id: string, status: MerchantStatus, kycLevel?: MerchantKycLevel): Promise<Merchant | null> {
    await this.store.setStatus(id, status, kycLevel);
    return this.store.getMerchant(id);
  }

  /** The balance of the merchant's ledger account (what it collected, less what it refunded or paid out). */
  async balance(id: string): Promise<Balance> {
    const merchant = await this.store.getMerchant(id);
    if (!merchant) throw new Error(`unknown merchant ${id}`);
    await this.withAccount(merchant);
    return this.ledger.balance(merchant.account);
  }

  /** Opens the merchant's ledger account if it is not open yet (idempotent), and answers the merchant. */
  private async withAccount(merchant: Merchant): Promise<Merchant> {
    await this.ledger.openAccount(merchant.account, 'merchant', { ownerId: merchant._id });
    return merchant;
  }
}
