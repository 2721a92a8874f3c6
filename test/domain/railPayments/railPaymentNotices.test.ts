import { RAIL_PAYMENT_NOTICE_KEYS } from '../../../domain/railPayments/railPaymentNotices';
import { fill } from '../../../flows/messages/catalog';
import { moneyMessages } from '../../../flows/messages/money';

/** The longest a notice gets: large amounts and a reference made of a UUID. */
const LONGEST = {
  amount: { francs: 1_999_999 },
  fee: { francs: 10_000 },
  total: { francs: 2_009_999 },
  balance: { francs: 10_000_000 },
  reference: 'withdraw:123e4567-e89b-12d3-a456-426614174000',
};

describe('the money notices', () => {
  it('has every notice the payments module sends, in both languages', () => {
    for (const key of RAIL_PAYMENT_NOTICE_KEYS) {
      expect(moneyMessages.en).toHaveProperty([key]);
      expect(moneyMessages.fr).toHaveProperty([key]);
    }
  });

  it.each(['en', 'fr'] as const)('fills every placeholder and fits one SMS (160 characters) in %s', (language) => {
    for (const [key, template] of Object.entries(moneyMessages[language])) {
      const text = fill(template, LONGEST, language);
      expect({ key, placeholders: text.match(/\{\w+\}/g) }).toEqual({ key, placeholders: null });
      expect({ key, length: text.length <= 160 }).toEqual({ key, length: true });
    }
  });
});
