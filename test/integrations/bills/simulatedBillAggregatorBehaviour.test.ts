/** The bill aggregator's behaviour suite on the in-process simulator (a fresh one for each test). */
import { SimulatedBillAggregator } from '../../../integrations/bills/simulatedBillAggregator';
import { describeBillAggregatorBehaviour, PENDING_MS, QUOTE_TTL_MS } from './billAggregatorBehaviour';

describeBillAggregatorBehaviour('the in-process simulator', () => {
  let now = new Date('2026-11-29T10:00:00Z');
  const aggregator = new SimulatedBillAggregator({ clock: () => now, quoteTtlMs: QUOTE_TTL_MS, pendingMs: PENDING_MS });
  return Promise.resolve({
    aggregator,
    services: {
      eneoPostpaid: 'eneo-postpaid',
      eneoPrepaid: 'eneo-prepaid',
      camwater: 'camwater',
      canalplus: 'canalplus',
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    settle: (trid: string, outcome: 'SUCCESS' | 'ERRORED') => Promise.resolve(aggregator.settle(trid, outcome)),
  });
});
