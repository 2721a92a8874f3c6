/**
 * Ask a phone number: a Cameroonian mobile number in any common form (`677123456`, `+237 6 77 12 34 56`,
 * `00237…`) takes `number`; anything else is told what to type instead.
 */
import { askStep } from './ask';
import type { Back, HelpKey, NamedActions, Unguarded } from './transitions';

export function phoneStep<
  const TAsk extends NamedActions,
  const TNumber extends Unguarded,
  const TBack extends Back,
>(step: { ask: TAsk; help: HelpKey; number: TNumber; back: TBack }) {
  return askStep<TAsk, { guard: 'isAPhoneNumber' } & TNumber, 'sayBadPhone', TBack>({
    ask: step.ask,
    help: step.help,
    accept: { guard: 'isAPhoneNumber', ...step.number },
    correct: 'sayBadPhone',
    back: step.back,
  });
}
