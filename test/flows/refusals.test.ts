import { refusal, storedRefusal } from '../../flows/refusals';

describe('refusal texts', () => {
  it('gives a reason a person can act on its own words, and an internal one the general text', () => {
    expect(refusal('RECIPIENT_LIMIT_BALANCE')).toEqual({ kind: 'text', key: 'refusal.recipientLimitBalance' });
    expect(refusal('REFUND_OUT_OF_ORDER')).toEqual({ kind: 'text', key: 'refusal.other' });
  });

  it('reads a stored reason as the same reason, and one it does not know (or none) as the general text', () => {
    expect(storedRefusal('LIMIT_DAILY')).toEqual({ kind: 'text', key: 'refusal.limitDaily' });
    expect(storedRefusal('A_REASON_FROM_ANOTHER_VERSION')).toEqual({ kind: 'text', key: 'refusal.other' });
    expect(storedRefusal('toString')).toEqual({ kind: 'text', key: 'refusal.other' });
    expect(storedRefusal(null)).toEqual({ kind: 'text', key: 'refusal.other' });
  });
});
