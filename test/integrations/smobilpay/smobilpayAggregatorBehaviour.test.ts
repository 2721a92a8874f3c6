/**
 * The bill aggregator's behaviour suite on the Smobilpay adapter, talking to its simulator over real HTTP and the
 * real database (one server for the file; the suite's tests use numbers and trids of their own).
 */
import { describeBillAggregatorBehaviour, PENDING_MS, QUOTE_TTL_MS } from '../bills/billAggregatorBehaviour';
import { useTestDatabase } from '../../support/database';
import { startSmobilpayServer, type SmobilpayServer } from './smobilpayServer';

const db = useTestDatabase();
let server: SmobilpayServer | undefined;
afterAll(() => server?.close());

describeBillAggregatorBehaviour('the Smobilpay adapter and simulator', async () => {
  server ??= await startSmobilpayServer(db.connection, { quoteTtlMs: QUOTE_TTL_MS, pendingMs: PENDING_MS });
  const running = server;
  return {
    aggregator: running.aggregator(),
    services: { eneoPostpaid: '10039', eneoPrepaid: '10042', camwater: '10051', canalplus: '20070' },
    advance: (ms: number) => running.advance(ms),
    settle: (trid: string, outcome: 'SUCCESS' | 'ERRORED') => running.simulator.settle(trid, outcome),
  };
});
