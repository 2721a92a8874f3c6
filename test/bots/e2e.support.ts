/**
 * What the end-to-end conversation files (`e2e.<flow>.test.ts`) share: money put in a wallet as a confirmed
 * top-up, a person signed up in French through the onboarding conversation, and notices read as they would be
 * shown to their recipient (rendered in a language), besides `useProduct` from test/support/chat.
 */
import { randomUUID } from 'node:crypto';
import { accountIds } from '../../domain/ledger/accounts';
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import { translate } from '../../flows/messages';
import { formatParam } from '../../flows/messages/catalog';
import type { Person, useProduct } from '../support/chat';

export type Product = ReturnType<typeof useProduct>;

/** Puts money in a wallet as MTN MoMo would (a confirmed top-up), outside any conversation. */
export async function fund(product: Product, msisdn: Msisdn, amount: number): Promise<void> {
  const result = await product.services.ledger.transfer({
    id: `fund-${randomUUID()}`,
    kind: 'topup',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: accountIds.wallet(msisdn), amount }],
    mode: 'single',
  });
  if (!result.ok) throw new Error(`funding failed: ${result.reason}`);
}

/** The wallet's balance (available, held, incoming). */
export function balanceOf(product: Product, msisdn: Msisdn) {
  return product.services.ledger.balance(accountIds.wallet(msisdn));
}

/**
 * Signs a person up through the conversation in French (language choice 1) with PIN 2468, checking each screen
 * on the way; returns the person and the two replies of the last turn (welcome, main menu).
 */
export async function signedUpInFrench(product: Product, msisdn: string, name: string): Promise<Person> {
  const person = product.person(msisdn);
  expect((await person.says('bonjour'))[0]).toContain('Bienvenue ! Welcome!');
  expect(await person.says('1')).toEqual(['Quel est votre nom ? (comme sur votre carte d’identité)']);
  expect((await person.says(name))[0]).toContain('Choisissez un code PIN');
  expect(await person.says('2468')).toEqual(['Entrez à nouveau le même PIN pour le confirmer.']);
  expect((await person.says('2468'))[0]).toContain('Acceptez-vous les conditions');
  const done = await person.says('1');
  expect(done[0]).toBe(
    `Bienvenue ${name} ! Votre portefeuille est ouvert. Ne communiquez jamais votre PIN, même à nous.`,
  );
  expect(done[1]).toContain(`Bonjour ${name}. Que voulez-vous faire ?`);
  return person;
}

/** The notices queued for a number, oldest first, rendered in `language` as the channel would send them. */
export async function noticesFor(product: Product, msisdn: Msisdn, language: Language): Promise<string[]> {
  const messages = await product.services.outbox.for(msisdn);
  return messages.map((m) => translate(language, m.notice.key, m.notice.params));
}

/** A moment as the catalogs print it (`dd/mm/yyyy hh:mm`, Douala time) in a language. */
/** The reference a receipt ends with (`Ref …` in English, `Réf …` in French). */
export function referenceIn(reply: string | undefined): string {
  const found = /(?:Ref|Réf) (\S+)$/.exec(reply ?? '');
  if (!found?.[1]) throw new Error(`no reference in: ${reply}`);
  return found[1];
}

export function shownDate(at: Date, language: Language): string {
  return formatParam({ date: at.toISOString() }, language);
}

/** A clock that stays at one moment unless a test moves it: dates in texts are then known exactly. */
export function frozenClock(start = new Date()) {
  let now = new Date(Math.floor(start.getTime() / 60_000) * 60_000);
  return {
    clock: () => now,
    get now() {
      return now;
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}
