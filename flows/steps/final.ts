/**
 * The three ways a task ends, the same in every flow: `done` (the last reply was already said), `cancelled`
 * (the person said no or went back from the first step) and `failed` (a technical problem before anything moved).
 */
import { end, type FlowOutput } from '../conversation';
import { say } from './flowSetup';

export function finalStates() {
  return {
    failed: { type: 'final' as const, entry: say(end('common.technicalProblem')) },
    cancelled: { type: 'final' as const, entry: say(end('common.cancelled')) },
    done: { type: 'final' as const },
  };
}

/** The output of a flow whose last reply is a receipt or a refusal: the main menu is one `00` away. */
export function quietOutput(): FlowOutput {
  return { quiet: true };
}
