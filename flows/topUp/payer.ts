/**
 * The number that pays a mobile-money top-up, as the top-up conversation shows it: the rail's brand, the number in
 * its readable form, the name the rail holds for it (when the rail said one), and whether its prefix looks like
 * another operator's.
 */
import type { Rail } from '../../domain/ledger/accounts';
import { formatMsisdnForDisplay, parseCameroonMobile, type MobileOperator, type Msisdn } from '../../domain/phone';

/** What TopUps' account holder check takes. */
export interface PayerCheckInput {
  rail: Rail;
  msisdn: Msisdn;
}

/**
 * Mobile-money rails by brand name (the same in French and English), the short name shown beside the name the rail
 * holds for a number, and the operator whose numbers they debit.
 */
const MOBILE_RAILS: Readonly<
  Record<'mtn_momo' | 'orange_money', { name: string; short: string; operator: MobileOperator }>
> = {
  mtn_momo: { name: 'MTN MoMo', short: 'MoMo', operator: 'MTN' },
  orange_money: { name: 'Orange Money', short: 'OM', operator: 'ORANGE' },
};

/** The brand of a mobile-money rail; '' for a card. */
export function railName(rail: Rail | null): string {
  return rail === 'mtn_momo' || rail === 'orange_money' ? MOBILE_RAILS[rail].name : '';
}

/** A number as people read it (`+237 6 77 12 34 56`). */
export function display(msisdn: Msisdn | null): string {
  return msisdn ? formatMsisdnForDisplay(msisdn) : '';
}

/**
 * The paying number as the confirmation and the started message show it: with the name its rail holds, when known.
 * One parameter in both languages: the brand and the name read the same in French and English.
 */
export function payerShown(payer: Msisdn | null, rail: Rail | null, holderName: string | null): string {
  const number = display(payer);
  const mobile = rail === 'mtn_momo' || rail === 'orange_money' ? MOBILE_RAILS[rail] : null;
  return holderName && mobile ? `${number} (${mobile.short}: ${holderName})` : number;
}

/** Whether a number's prefix belongs to another operator than the rail's (ported numbers make this a hint only). */
export function onAnotherOperator(payer: Msisdn | null, rail: Rail | null): boolean {
  if (!payer || (rail !== 'mtn_momo' && rail !== 'orange_money')) return false;
  const parsed = parseCameroonMobile(payer);
  return parsed.ok && parsed.operator !== MOBILE_RAILS[rail].operator;
}
