import {
  allowedAmounts,
  BILLERS,
  findBiller,
  isValidCustomerNumber,
  normalizeCustomerNumber,
  payableAccount,
} from '../../domain/billers';
import { BILLER_IDS } from '../../integrations/ledgerSetup';
import { billMessages } from '../../flows/messages/bills';
import { fill } from '../../flows/messages/catalog';
import { francsParam } from '../../domain/notifications';

const biller = (id: string) => {
  const found = findBiller(id);
  if (!found) throw new Error(`no biller ${id}`);
  return found;
};

describe('billers', () => {
  it('offers ENEO postpaid and prepaid, CAMWATER and Canal+, each paying into an existing payable account', () => {
    expect(BILLERS.map((b) => b.id)).toEqual(['eneo-postpaid', 'eneo-prepaid', 'camwater', 'canalplus']);
    for (const b of BILLERS) {
      expect(BILLER_IDS).toContain(b.ledgerBillerId);
      expect(payableAccount(b)).toBe(`system:payable:${b.ledgerBillerId}`);
    }
    expect(findBiller('nope')).toBeNull();
  });

  it('has every name and number label in both languages', () => {
    for (const b of BILLERS) {
      for (const key of [b.nameKey, b.numberLabelKey]) {
        expect((billMessages.en as Record<string, string>)[key]).toEqual(expect.any(String));
        expect((billMessages.fr as Record<string, string>)[key]).toEqual(expect.any(String));
      }
    }
  });

  it('checks customer numbers against each mask after removing what people type between digits', () => {
    expect(normalizeCustomerNumber(' 123 456-789 ')).toBe('123456789');
    expect(isValidCustomerNumber(biller('eneo-postpaid'), '123456789')).toBe(true);
    expect(isValidCustomerNumber(biller('eneo-postpaid'), '12345678')).toBe(false);
    expect(isValidCustomerNumber(biller('eneo-prepaid'), '12345678901')).toBe(true);
    expect(isValidCustomerNumber(biller('eneo-prepaid'), '123456789')).toBe(false);
    expect(isValidCustomerNumber(biller('camwater'), '12a456')).toBe(false);
    expect(isValidCustomerNumber(biller('canalplus'), '12345678')).toBe(true);
  });

  it('anchors a mask written without ^ and $, so extra characters never pass', () => {
    const loose = { ...biller('camwater'), validationMask: '[0-9]{6}' };
    expect(isValidCustomerNumber(loose, '123456')).toBe(true);
    expect(isValidCustomerNumber(loose, '1234567')).toBe(false);
  });

  it('allows exactly the bill when FIXED, up to it when PARTIAL, and within bounds when CUSTOM', () => {
    expect(allowedAmounts({ type: 'FIXED' }, 12_500)).toEqual({ min: 12_500, max: 12_500 });
    expect(allowedAmounts({ type: 'PARTIAL', min: 100 }, 12_500)).toEqual({ min: 100, max: 12_500 });
    expect(allowedAmounts({ type: 'PARTIAL', min: 100 }, 50)).toEqual({ min: 50, max: 50 });
    expect(allowedAmounts({ type: 'CUSTOM', min: 500, max: 250_000 }, null)).toEqual({ min: 500, max: 250_000 });
    expect(allowedAmounts({ type: 'FIXED' }, null)).toBeNull();
  });

  it('keeps every notice within one SMS with long values', () => {
    const params = {
      biller: 'CAMWATER',
      amount: francsParam(250_000),
      number: '12345678901234',
      receipt: 'R123456789',
      reference: 'PTN123456789012',
      token: '1234 5678 9012 3456 7890',
    };
    for (const language of ['en', 'fr'] as const) {
      for (const key of ['bills.paid', 'bills.paidToken', 'bills.failed', 'bills.pending'] as const) {
        expect(fill(billMessages[language][key], params, language).length).toBeLessThanOrEqual(160);
      }
    }
  });
});
