/**
 * The simulated bank's test accounts: the outcome of a transfer follows the 11-digit account part of the RIB, as
 * sandbox numbers do for MTN. An account part `999999999NN` (any bank and branch, with its right key) ends as below;
 * every other valid RIB is paid.
 *
 * | account part  | outcome                                       |
 * | ------------- | --------------------------------------------- |
 * | `99999999901` | FAILED, INVALID_ACCOUNT                       |
 * | `99999999902` | FAILED, ACCOUNT_CLOSED                        |
 * | `99999999903` | FAILED, NAME_MISMATCH                         |
 * | `99999999904` | FAILED, BANK_UNAVAILABLE                      |
 * | `99999999905` | stays PROCESSING (never settles)              |
 */
import type { BankFailure } from '../../../domain/merchants/payouts/bankTransfers';
import { ribKey } from '../../../domain/merchants/payouts/rib';

export type SimulatedBankOutcome = { kind: 'completes' } | { kind: 'fails'; reason: BankFailure } | { kind: 'stuck' };

const SCRIPTED: Record<string, SimulatedBankOutcome> = {
  '99999999901': { kind: 'fails', reason: 'INVALID_ACCOUNT' },
  '99999999902': { kind: 'fails', reason: 'ACCOUNT_CLOSED' },
  '99999999903': { kind: 'fails', reason: 'NAME_MISMATCH' },
  '99999999904': { kind: 'fails', reason: 'BANK_UNAVAILABLE' },
  '99999999905': { kind: 'stuck' },
};

/** What the simulated bank does with a transfer to this 23-digit RIB. */
export function simulatedBankOutcome(rib: string): SimulatedBankOutcome {
  return SCRIPTED[rib.slice(10, 21)] ?? { kind: 'completes' };
}

/** A valid RIB (its key computed) for tests and the docs: bank 10005, branch 00001 unless given. */
export function testRib(accountPart: string, bankCode = '10005', branchCode = '00001'): string {
  return `${bankCode}${branchCode}${accountPart}${ribKey(bankCode, branchCode, accountPart)}`;
}
