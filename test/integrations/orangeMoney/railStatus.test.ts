/**
 * How Orange's answers read as rail statuses, including answers the simulator never gives (the other spelling of
 * success, a success not yet confirmed, a status nobody documented), and the orderId Orange is sent.
 */
import type { RailDirection, RailStatus } from '../../../domain/paymentRail';
import type { OrangeTransaction } from '../../../integrations/orangeMoney/client';
import { ORDER_ID_MAX, orangeOrderId } from '../../../integrations/orangeMoney/orderId';
import { railStatusOf } from '../../../integrations/orangeMoney/railStatus';

const transaction = (fields: Partial<OrangeTransaction>): OrangeTransaction => ({
  payToken: 'MP1',
  status: 'PENDING',
  ...fields,
});

describe('railStatusOf', () => {
  const cases: [RailDirection, Partial<OrangeTransaction>, RailStatus][] = [
    ['collect', { status: 'INITIATED' }, { outcome: 'pending' }],
    ['collect', { status: 'PENDING', inittxnstatus: '200' }, { outcome: 'pending' }],
    ['collect', { status: 'SUCCESSFULL', confirmtxnstatus: '200' }, { outcome: 'succeeded' }],
    ['collect', { status: 'SUCCESSFUL', confirmtxnstatus: '200' }, { outcome: 'succeeded' }],
    ['collect', { status: 'SUCCESSFULL' }, { outcome: 'pending' }],
    ['collect', { status: 'SUCCESSFULL', confirmtxnstatus: '500' }, { outcome: 'pending' }],
    ['collect', { status: 'FAILED', inittxnstatus: '60019' }, { outcome: 'failed', reason: 'NOT_ENOUGH_FUNDS' }],
    ['collect', { status: 'FAILED', inittxnstatus: '200' }, { outcome: 'failed', reason: 'PAYER_FAILED' }],
    ['collect', { status: 'EXPIRED' }, { outcome: 'failed', reason: 'EXPIRED' }],
    ['collect', { status: 'CANCELLED' }, { outcome: 'failed', reason: 'REJECTED' }],
    ['payout', { status: 'SUCCESSFULL', txnstatus: '200' }, { outcome: 'succeeded' }],
    ['payout', { status: 'SUCCESSFULL' }, { outcome: 'succeeded' }],
    ['payout', { status: 'SUCCESSFULL', txnstatus: '417' }, { outcome: 'pending' }],
    ['payout', { status: 'FAILED', txnstatus: '60019' }, { outcome: 'failed', reason: 'NOT_ENOUGH_FUNDS' }],
  ];
  it.each(cases)('%s %j is %j', (direction, fields, expected) => {
    expect(railStatusOf(direction, transaction(fields))).toEqual(expected);
  });

  it('throws on a status it does not know, so the payment is asked about again rather than settled', () => {
    expect(() => railStatusOf('collect', transaction({ status: 'REVERSED' }))).toThrow(/unknown status REVERSED/);
  });
});

describe('orangeOrderId', () => {
  it('sends a short reference of letters and digits as it is', () => {
    expect(orangeOrderId('K7Q2M9XA')).toBe('K7Q2M9XA');
  });

  it('shortens anything else to letters and digits, the same way every time, different for different values', () => {
    const reference = 'tr_6f1c2a9e-0b4d-4c8e-9f3a-2d7b1e5c8a90';
    const shortened = orangeOrderId(reference);
    expect(shortened).toMatch(/^[A-Za-z0-9]+$/);
    expect(shortened.length).toBeLessThanOrEqual(ORDER_ID_MAX);
    expect(orangeOrderId(reference)).toBe(shortened);
    expect(orangeOrderId(`${reference}1`)).not.toBe(shortened);
    expect(orangeOrderId('AB-12')).not.toBe('AB12');
  });
});
