/**
 * "Unsure, try again": the step after a money-moving call failed without an answer, so the money may or may not
 * have moved. 1 tries again with the same idempotency key (it can only finish that operation); 2 stops and says
 * where to look (the history). Anything else is answered with "reply with one of the numbers shown" and the
 * question again, never taken for a yes or a no. `0` shows the question again: going back to the confirmation
 * would make a new key, so maybe a second payment.
 */
import { end, menu } from '../conversation';
import type { MessageKey } from '../messages';
import { say } from './flowSetup';
import { option, type HelpKey } from './transitions';

export function unsureStep<const TRetry extends string>(step: {
  /** The question's message key and its two options' keys (try again, stop). */
  question: MessageKey;
  tryAgain: MessageKey;
  stop: MessageKey;
  /** The last reply when the person stops, pointing at where they will see how it ended. */
  stopped: MessageKey;
  help: HelpKey;
  /** The state that makes the call again. */
  retry: TRetry;
}) {
  const ask = say(menu(step.question, [step.tryAgain, step.stop]));
  return {
    entry: ask,
    meta: { help: step.help },
    on: {
      INPUT: [
        option('1', { target: step.retry }),
        option('2', { target: 'done' as const, actions: say(end(step.stopped)) }),
        { actions: ['sayInvalidChoice' as const, ask] as const },
      ],
      BACK: { actions: ask },
    },
  };
}
