/**
 * Where the simulated payment rails (and the simulator page) may run: the rule main.ts applies before starting
 * anything (test/bots/app/start/start.test.ts runs the real start).
 */
import { simulatedPaymentRails } from '../../../bots/app/services';
import { simulatedRailsRefusal, simulationAllowed } from '../../../bots/app/simulatedRailsGuard';

const URI = 'mongodb://db.example.cm/pay';
const SIMULATED_PAYMENT_RAILS = simulatedPaymentRails({});

it('names the five simulated rails when no provider is configured', () => {
  expect(SIMULATED_PAYMENT_RAILS).toEqual(['MTN MoMo', 'Orange Money', 'card', 'bill aggregator', 'bank transfers']);
});

it('takes each payment rail off the list once its base URL names a real provider, not a simulator', () => {
  const real = {
    MTN_MOMO_BASE_URL: 'https://proxy.momoapi.mtn.com',
    ORANGE_MONEY_BASE_URL: 'https://api-s1.orange.cm',
    NOTCH_PAY_BASE_URL: 'https://api.notchpay.co',
    BANK_TRANSFER_BASE_URL: 'https://api.bank.example.cm/v1',
  };
  expect(simulatedPaymentRails(real)).toEqual(['bill aggregator']);
  expect(simulatedPaymentRails({ ...real, SMOBILPAY_BASE_URL: 'https://s3pv2cm.smobilpay.com/v2' })).toEqual([]);
  expect(
    simulatedPaymentRails({
      MTN_MOMO_BASE_URL: 'http://127.0.0.1:3000/simulators/mtn-momo',
      ORANGE_MONEY_BASE_URL: 'https://dev.example.cm/simulators/orange-money',
      NOTCH_PAY_BASE_URL: 'http://127.0.0.1:3000/simulators/notch-pay',
      BANK_TRANSFER_BASE_URL: 'http://127.0.0.1:3000/simulators/bank',
    }),
  ).toEqual(['MTN MoMo', 'Orange Money', 'card', 'bill aggregator', 'bank transfers']);
});

it('takes the bill aggregator off the list once SMOBILPAY_BASE_URL names a real one, not a simulator', () => {
  expect(simulatedPaymentRails({ SMOBILPAY_BASE_URL: 'https://s3pv2cm.smobilpay.com/v2' })).toEqual([
    'MTN MoMo',
    'Orange Money',
    'card',
    'bank transfers',
  ]);
  for (const simulator of [
    'http://127.0.0.1:3000/simulators/smobilpay',
    'https://dev.example.cm/simulators/smobilpay',
  ]) {
    expect(simulatedPaymentRails({ SMOBILPAY_BASE_URL: simulator })).toContain('bill aggregator');
  }
});

it('refuses them in production, even with SIMULATED_RAILS=true, naming each', () => {
  for (const SIMULATED_RAILS of [false, true]) {
    const settings = { NODE_ENV: 'production' as const, MONGODB_URI: URI, SIMULATED_RAILS };
    expect(simulatedRailsRefusal(settings, SIMULATED_PAYMENT_RAILS)).toContain(
      'these payment rails are simulated and would confirm any payment: MTN MoMo, Orange Money, card, bill aggregator, bank transfers.',
    );
    expect(simulationAllowed(settings)).toBe(false);
  }
  // Once every rail has its real client, production starts.
  expect(simulatedRailsRefusal({ NODE_ENV: 'production', MONGODB_URI: URI, SIMULATED_RAILS: false }, [])).toBeNull();
});

it('allows them on the local database, and on MONGODB_URI only with SIMULATED_RAILS=true', () => {
  const local = { NODE_ENV: 'development' as const, MONGODB_URI: undefined, SIMULATED_RAILS: false };
  expect(simulatedRailsRefusal(local, SIMULATED_PAYMENT_RAILS)).toBeNull();
  expect(simulationAllowed(local)).toBe(true);
  const shared = { ...local, MONGODB_URI: URI };
  expect(simulatedRailsRefusal(shared, SIMULATED_PAYMENT_RAILS)).toMatch(/set SIMULATED_RAILS=true/);
  expect(simulationAllowed(shared)).toBe(false);
  const declared = { ...shared, SIMULATED_RAILS: true };
  expect(simulatedRailsRefusal(declared, SIMULATED_PAYMENT_RAILS)).toBeNull();
  expect(simulationAllowed(declared)).toBe(true);
});
