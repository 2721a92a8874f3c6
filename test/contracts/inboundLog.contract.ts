/**
 * What every InboundLog must do, whatever keeps it: run by one test file per implementation.
 */
import type { InboundLog } from '../../bots/runtime/ports';
import type { Msisdn } from '../../domain/phone';
import { text } from '../../flows/conversation';

const msisdn = '237677000001' as Msisdn;
let message = 0;
const nextKey = () => `sms:SM-contract-${Date.now()}-${(message += 1)}`;

export function inboundLogContract(makeLog: () => InboundLog): void {
  describe('an inbound log', () => {
    it('takes a message once, even when ten deliveries arrive together, and keeps its answer', async () => {
      const log = makeLog();
      const key = nextKey();
      const firsts = await Promise.all(Array.from({ length: 10 }, () => log.record(key, msisdn, new Date())));
      expect(firsts.filter(Boolean)).toHaveLength(1);
      expect(await log.answer(key)).toBeNull();
      const answer = { language: 'en' as const, replies: [text('common.menuHint')] };
      await log.saveAnswer(key, answer);
      await log.saveAnswer(key, answer);
      expect(await log.answer(key)).toEqual(answer);
    });

    it('keeps each message apart: another key is new, and has no answer', async () => {
      const log = makeLog();
      const [first, second] = [nextKey(), nextKey()];
      expect(await log.record(first, msisdn, new Date())).toBe(true);
      await log.saveAnswer(first, { language: 'fr', replies: [{ kind: 'text', key: 'common.busy' }] });
      expect(await log.record(second, msisdn, new Date())).toBe(true);
      expect(await log.record(first, msisdn, new Date())).toBe(false);
      expect(await log.answer(second)).toBeNull();
      expect(await log.answer(first)).toEqual({ language: 'fr', replies: [{ kind: 'text', key: 'common.busy' }] });
    });
  });
}
