/**
 * All catalogs joined: the one place that knows every message key. A key is `<area>.<name>`. `MessageKey` is the
 * union of every key, so a reply, a menu option, a step's help or a notice naming a text that does not exist does
 * not compile; neither do two areas defining the same key (one would hide the other once joined).
 */
import type { BillerNameKey, NumberLabelKey } from '../../domain/billers';
import type { NoticeKey, Params } from '../../domain/notifications';
import type { Language } from '../../domain/users';
import { billMessages } from './bills';
import { fill, keysOf } from './catalog';
import { commonMessages } from './common';
import { dashboardMessages } from './dashboard';
import { historyMessages } from './history';
import { invoiceMessages } from './invoices';
import { kycMessages } from './kyc';
import { merchantMessages } from './merchant';
import { moneyMessages } from './money';
import { onboardingMessages } from './onboarding';
import { payBillMessages } from './payBill';
import { paymentsMessages } from './payments';
import { pinMessages } from './pin';
import { refusalMessages } from './refusals';
import { requestPaymentMessages } from './requestPayment';
import { sendMoneyMessages } from './sendMoney';
import { settingsMessages } from './settings';
import { teamMessages } from './team';
import { topUpMessages } from './topUp';
import { withdrawMessages } from './withdraw';

/** Every area's catalog, by name (the file it comes from). */
export const areas = {
  bills: billMessages,
  common: commonMessages,
  dashboard: dashboardMessages,
  history: historyMessages,
  invoices: invoiceMessages,
  kyc: kycMessages,
  merchant: merchantMessages,
  money: moneyMessages,
  onboarding: onboardingMessages,
  payBill: payBillMessages,
  payments: paymentsMessages,
  pin: pinMessages,
  refusals: refusalMessages,
  requestPayment: requestPaymentMessages,
  sendMoney: sendMoneyMessages,
  settings: settingsMessages,
  team: teamMessages,
  topUp: topUpMessages,
  withdraw: withdrawMessages,
} as const;

type Areas = typeof areas;

/** Every key of every area: the English catalogs define them, and `defineMessages` makes French match. */
export type MessageKey = { [A in keyof Areas]: keyof Areas[A]['en'] & string }[keyof Areas];

/** Compiles only when `T` is empty; otherwise the error names what `T` holds. */
type AssertNone<T extends never> = T;

type KeysOfArea<A extends keyof Areas> = keyof Areas[A]['en'];

/** Keys some area defines that another area defines too. */
type KeysInTwoAreas = {
  [A in keyof Areas]: KeysOfArea<A> & { [B in Exclude<keyof Areas, A>]: KeysOfArea<B> }[Exclude<keyof Areas, A>];
}[keyof Areas];

/** Fails to compile, naming the key, when two areas define the same key. */
export type NoKeyInTwoAreas = AssertNone<KeysInTwoAreas>;

/** One language's texts, every key present. */
export type Catalog = Readonly<Record<MessageKey, string>>;

function joined(language: Language): Catalog {
  return Object.assign({}, ...Object.values(areas).map((area) => area[language])) as Catalog;
}

export const catalogs: Readonly<Record<Language, Catalog>> = { en: joined('en'), fr: joined('fr') };

/** Every message key, in catalog order. */
export const messageKeys: readonly MessageKey[] = keysOf(catalogs.en);

/** The text of a key in a language, with its parameters filled. */
export function translate(language: Language, key: MessageKey, params?: Params): string {
  const template = catalogs[language][key];
  // Stored replies and notices are read back from the database without a check, so one written by an older
  // version may name a text that is gone: that is a fault to report, not a text to guess.
  if (template === undefined) throw new Error(`no message ${key} in ${language}`);
  return fill(template, params, language);
}

/**
 * The domain names some texts (the notices it sends, its billers' names) without importing the catalogs, since it
 * knows no flow: this type fails to compile when one of those keys is missing from the catalogs.
 */
export type DomainKeysAreMessages = AssertNone<Exclude<NoticeKey | BillerNameKey | NumberLabelKey, MessageKey>>;
