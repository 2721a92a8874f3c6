/**
 * Signing in to the merchant dashboard: a team member (the owner or an active member of some merchant) asks for a
 * one-time code, sent in their chat or by SMS, and types it on the sign-in page. Codes are six digits, live ten
 * minutes, allow five tries and one use, and a number gets at most five an hour; every one of those limits is a
 * slot taken by an insert, so two browsers or two processes racing never get past them. A number that is in no team
 * gets no code, and the page says the same to both, so the page does not tell who is a merchant.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Notifier } from '../../notifier';
import type { Msisdn } from '../../phone';
import type { SignInCode, SignInCodeStore } from './signInCode';

export const SIGN_IN_CODE_DIGITS = 6;
export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;
export const SIGN_IN_CODES_PER_HOUR = 5;
export const SIGN_IN_TRIES_PER_CODE = 5;

export type SignInChannel = 'chat' | 'sms';

export type VerifyRefusal =
  /** No code was sent to this number, or its newest has expired. */
  | 'NO_CODE'
  /** The code typed is not the one sent. */
  | 'WRONG_CODE'
  /** Five tries were made at this code, or it was used already: ask for a new one. */
  | 'CODE_SPENT';

export type RequestCodeResult = { ok: true } | { ok: false; reason: 'TOO_MANY_CODES' };
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyRefusal };

export interface SignInCodesOptions {
  store: SignInCodeStore;
  notifier: Notifier;
  /** Whether the number may sign in: it owns a merchant or is an active member of one. */
  isTeamMember: (msisdn: Msisdn) => Promise<boolean>;
  /** The server's secret the codes are hashed under (the PIN pepper): a stolen table gives no code. */
  pepper: string;
  clock?: () => Date;
  /** Makes a code; tests give their own to know it without reading a message. */
  newCode?: () => string;
}

export class SignInCodes {
  private readonly clock: () => Date;
  private readonly newCode: () => string;

  constructor(private readonly options: SignInCodesOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.newCode = options.newCode ?? (() => String(randomInt(0, 10 ** SIGN_IN_CODE_DIGITS)).padStart(6, '0'));
  }

  /**
   * Sends a new code to a team member's chat (or SMS). A number in no team is answered the same (`ok`, then
   * TOO_MANY_CODES past the hourly limit) and sent nothing.
   */
  async request(msisdn: Msisdn, via: SignInChannel): Promise<RequestCodeResult> {
    const now = this.clock();
    const hour = Math.floor(now.getTime() / 3_600_000);
    const code = this.newCode();
    for (let n = 1; n <= SIGN_IN_CODES_PER_HOUR; n += 1) {
      const id = `${msisdn}:${hour}:${n}`;
      const record: SignInCode = {
        _id: id,
        msisdn,
        codeHash: this.hash(id, code),
        createdAt: now,
        expiresAt: new Date(now.getTime() + SIGN_IN_CODE_TTL_MS),
      };
      if ((await this.options.store.insertCode(record)) === 'duplicate') continue;
      // The slot is taken for any number, so the hourly limit answers alike whether or not it is in a team.
      if (!(await this.options.isTeamMember(msisdn))) return { ok: true };
      await this.options.notifier.notify(
        msisdn,
        { key: 'dashboard.signInCode', params: { code }, ...(via === 'sms' ? { bySms: true } : {}) },
        `dashboard-sign-in:${id}`,
      );
      return { ok: true };
    }
    return { ok: false, reason: 'TOO_MANY_CODES' };
  }

  /** Checks a typed code against the number's newest one and spends it when right: it signs in once. */
  async verify(msisdn: Msisdn, typed: string): Promise<VerifyResult> {
    const now = this.clock();
    const code = await this.options.store.latestCode(msisdn);
    if (!code || code.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'NO_CODE' };
    if (!(await this.takeTry(code._id, now))) return { ok: false, reason: 'CODE_SPENT' };
    const expected = Buffer.from(code.codeHash, 'hex');
    const given = Buffer.from(this.hash(code._id, typed.replace(/\s/g, '')), 'hex');
    if (!timingSafeEqual(expected, given)) return { ok: false, reason: 'WRONG_CODE' };
    const used = await this.options.store.insertMark({ _id: `${code._id}#used`, codeId: code._id, at: now });
    return used === 'inserted' ? { ok: true } : { ok: false, reason: 'CODE_SPENT' };
  }

  /** Takes one of the code's tries; false when all are taken. */
  private async takeTry(codeId: string, at: Date): Promise<boolean> {
    for (let n = 1; n <= SIGN_IN_TRIES_PER_CODE; n += 1) {
      if ((await this.options.store.insertMark({ _id: `${codeId}#try${n}`, codeId, at })) === 'inserted') return true;
    }
    return false;
  }

  private hash(codeId: string, code: string): string {
    return createHmac('sha256', this.options.pepper).update(`dashboard-sign-in\0${codeId}\0${code}`).digest('hex');
  }
}
