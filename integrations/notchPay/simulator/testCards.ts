/**
 * The simulator's test cards (shown on its checkout page) and what each does. Card numbers are only ever looked
 * at here, in memory, to choose an outcome: the simulator keeps the brand and the last four digits, nothing else.
 */

/** What typing a card on the checkout page leads to. */
export type CardOutcome = 'approved' | 'declined' | 'insufficient_funds' | 'expired_card';

/** One test card, as the page lists it. */
export interface TestCard {
  number: string;
  outcome: CardOutcome;
  label: string;
}

/** Like the card networks' usual test numbers; any other valid number is declined. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242 4242 4242 4242', outcome: 'approved', label: 'Visa: approved (then 3-D Secure)' },
  { number: '5555 5555 5555 4444', outcome: 'approved', label: 'Mastercard: approved (then 3-D Secure)' },
  { number: '4000 0000 0000 0002', outcome: 'declined', label: 'Visa: declined by the bank' },
  { number: '4000 0000 0000 9995', outcome: 'insufficient_funds', label: 'Visa: insufficient funds' },
  { number: '4000 0000 0000 0069', outcome: 'expired_card', label: 'Visa: expired card' },
];

/** The one-time code that passes the simulated 3-D Secure step; any other code fails it. */
export const THREE_DS_CODE = '123456';

/** What the page checked about a typed card. */
export type CardCheck =
  | { ok: true; outcome: CardOutcome; brand: string; last4: string }
  | { ok: false; problem: 'number' | 'expiry' | 'cvc' };

/** Checks a typed card (Luhn, expiry in the future, CVC) and says what the simulator does with it. */
export function checkCard(input: { number: string; expiry: string; cvc: string }, now: Date): CardCheck {
  const digits = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhn(digits)) return { ok: false, problem: 'number' };
  const expiry = /^(\d{2})\s*\/\s*(\d{2}|\d{4})$/.exec(input.expiry.trim());
  const month = Number(expiry?.[1]);
  const year = expiry ? Number(expiry[2]!.length === 2 ? `20${expiry[2]}` : expiry[2]) : NaN;
  if (!expiry || month < 1 || month > 12) return { ok: false, problem: 'expiry' };
  // A card is valid to the end of its month.
  if (new Date(Date.UTC(year, month, 1)) <= now) return { ok: false, problem: 'expiry' };
  if (!/^\d{3,4}$/.test(input.cvc.trim())) return { ok: false, problem: 'cvc' };
  const known = TEST_CARDS.find((card) => card.number.replace(/\s/g, '') === digits);
  return { ok: true, outcome: known?.outcome ?? 'declined', brand: brandOf(digits), last4: digits.slice(-4) };
}

function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return 'card';
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
