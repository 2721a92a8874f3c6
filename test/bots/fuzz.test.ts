/**
 * Fuzz: random inputs (unicode, emoji, very long, empty, injection-looking) at every step of the conversations,
 * through the real runtime and services on the real database. The runtime never throws, always answers, never
 * moves money, and the session stays usable: `00` brings the menu back afterwards.
 */
import fc from 'fast-check';
import { accountIds } from '../../domain/ledger/accounts';
import type { Msisdn } from '../../domain/phone';
import { expectConsistent } from '../support/ledger';
import { useProduct, type Person } from '../support/chat';

const product = useProduct();

/** How to reach each step from the main menu (or from nothing, for onboarding). */
const STEPS: Record<string, string[]> = {
  mainMenu: [],
  sendRecipient: ['3'],
  sendAmount: ['3', '677200002'],
  sendConfirm: ['3', '677200002', '1000'],
  sendPin: ['3', '677200002', '1000', '1'],
  requestMenu: ['4'],
  requestPayer: ['4', '1'],
  requestReason: ['4', '1', '677200002', '2500'],
  requestsToPay: ['8'],
  // The balance and the history ask the PIN once per session (random input may lock it: it must still answer).
  balancePin: ['1'],
  historyPin: ['7'],
  history: ['7', '2468'],
  settings: ['9'],
  settingsOldPin: ['9', '2'],
  settingsLanguage: ['9', '1'],
  topUp: ['2'],
  payBill: ['5'],
  withdraw: ['6'],
};

const nasty = fc.constantFrom(
  '',
  ' ',
  '0',
  '00',
  '000',
  '1',
  '9',
  '99',
  '-1',
  '1e9',
  '5k',
  '5 000 000 000 000',
  '💸💸💸',
  '👨‍👩‍👧‍👦',
  '<script>alert(1)</script>',
  '{"$gt": ""}',
  "'; DROP TABLE people; --",
  '$where',
  '\u0000\u0001',
  '\u202e1234',
  'a'.repeat(5000),
  'annuler',
  'HELP',
  'send 5000 to 677200002',
  'envoyer -5 au 000',
);
const anyText = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.integer({ min: -1_000_000, max: 10_000_000_000 }).map(String),
);

describe('random inputs at every step', () => {
  let payer: Person;
  beforeAll(async () => {
    await product.signedUp('237677200002', 'Recipient');
    payer = await product.signedUp('237677200001', 'Fuzzer');
    await product.services.ledger.transfer({
      id: 'fuzz-funding',
      kind: 'topup',
      debit: accountIds.clearing('mtn_momo'),
      credits: [{ account: accountIds.wallet(payer.msisdn), amount: 100_000 }],
      mode: 'single',
    });
  });

  it('always answer, never crash, never move money, and leave the session usable', async () => {
    let newcomer = 0;
    let randomInputs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(STEPS), 'onboarding'),
        fc.array(anyText, { minLength: 3, maxLength: 6 }),
        async (step, inputs) => {
          let person = payer;
          if (step === 'onboarding') {
            newcomer += 1;
            person = product.person(`2376991${String(newcomer).padStart(5, '0')}`);
            await person.says('hi');
          } else {
            await person.says('00');
            for (const typed of STEPS[step] ?? []) await person.says(typed);
          }
          for (const typed of inputs) {
            randomInputs += 1;
            const result = await person.turn(typed);
            expect(result.replies.length).toBeGreaterThan(0);
          }
          // Whatever happened, the person can always get back to a known screen.
          const back = await person.turn('00');
          expect(back.replies.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 250, seed: 20261129 },
    );
    expect(randomInputs).toBeGreaterThanOrEqual(1000);
    // No random input can get past a PIN: the wallet is untouched.
    expect((await product.services.ledger.balance(accountIds.wallet('237677200001' as Msisdn))).available).toBe(
      100_000,
    );
    await expectConsistent(product.services.ledger.store);
  }, 300_000); // over a thousand turns on the real database: about a minute alone, more on a busy machine
});
