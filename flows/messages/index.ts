/**
 * All catalogs joined: the one place that knows every message key. A key is `<area>.<name>`; two areas never
 * define the same key (a test checks it).
 */
import type { Params } from '../../domain/notifications';
import type { Language } from '../../domain/users';
import { billMessages } from './bills';
import { fill, type Texts } from './catalog';
import { commonMessages } from './common';
import { historyMessages } from './history';
import { moneyMessages } from './money';
import { onboardingMessages } from './onboarding';
import { payBillMessages } from './payBill';
import { paymentsMessages } from './payments';
import { pinMessages } from './pin';
import { refusalMessages } from './refusals';
import { requestPaymentMessages } from './requestPayment';
import { sendMoneyMessages } from './sendMoney';
import { settingsMessages } from './settings';
import { topUpMessages } from './topUp';
import { withdrawMessages } from './withdraw';

/** Every area's catalog, by name (the file it comes from). */
export const areas: Readonly<Record<string, { en: Texts; fr: Texts }>> = {
  bills: billMessages,
  common: commonMessages,
  history: historyMessages,
  money: moneyMessages,
  onboarding: onboardingMessages,
  payBill: payBillMessages,
  payments: paymentsMessages,
  pin: pinMessages,
  refusals: refusalMessages,
  requestPayment: requestPaymentMessages,
  sendMoney: sendMoneyMessages,
  settings: settingsMessages,
  topUp: topUpMessages,
  withdraw: withdrawMessages,
};

export const catalogs: Record<Language, Texts> = {
  en: Object.assign({}, ...Object.values(areas).map((a) => a.en)) as Texts,
  fr: Object.assign({}, ...Object.values(areas).map((a) => a.fr)) as Texts,
};

/** The text of a key in a language, with its parameters filled. An unknown key is a programming error. */
export function translate(language: Language, key: string, params?: Params): string {
  const template = catalogs[language][key];
  if (template === undefined) throw new Error(`no message ${key} in ${language}`);
  return fill(template, params, language);
}
