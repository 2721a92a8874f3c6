/**
 * Port to the rails' status calls as the ledger's recovery asks them: by rail and transfer id, answered in four
 * words, so recovery can finish a hold whose callback never came.
 */
import type { Rail } from './accounts';

/** What a rail says about a payment we asked it to make or collect, looked up by our transfer id. */
export type RailOutcome = 'succeeded' | 'failed' | 'pending' | 'unknown';

/** Port to the rails' status calls (MTN MoMo, Orange Money, cards). `failed` includes "never heard of it". */
export interface RailStatusPort {
  status(rail: Rail, transferId: string): Promise<RailOutcome>;
}
