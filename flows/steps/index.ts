/**
 * Step builders: each kind of step a conversation has, written once, so that a flow reads as the list of its
 * steps and `0`, unknown input and `help` behave the same at every step of a kind. (`00`, `cancel` and `help`
 * themselves are the runtime's: help answers the current step's `meta.help`, which every builder requires.)
 *
 * How to write a flow with the steps:
 *
 * 1. Start from `flowSetup<MyContext>()({ ...services })`: it brings the conversation's types, the PIN check and
 *    the shared guards (`picked` with the option id as params, `isAnAmount`, `isAPhoneNumber`, the PIN's) and
 *    actions (`say` with a reply as params, `sayInvalidChoice`, `sayBadAmount`, `sayBadPhone`, the PIN's).
 * 2. `.extend({ guards, actions })` with the flow's own, named as questions (`choseARail`) and verbs
 *    (`showRails`, `keepAmount`). Steps take guards and actions by name only, so `createMachine` checks each one.
 * 3. Write `createMachine({ id, context, initial, states: { … } })` as the list of steps:
 *    - `amountStep({ ask, help, amount: { target, actions }, back })`: ask an amount;
 *    - `phoneStep({ ask, help, number: { target, actions }, back })`: ask a mobile number;
 *    - `askStep({ ask, help, accept: { guard, … }, otherwise, correct, back })`: any other typed answer;
 *    - `menuStep({ show, help, choices: [option('1', { … }), { guard: 'pickedX', … }], back })`: a menu;
 *      (`showOnEntry: false` when the transition into it shows the menu, `invalid` for an answer of its own);
 *    - `confirmStep({ show, help, yes: { target, actions }, back })`: 1 yes, 2 no (cancels by default);
 *    - `pinStep({ accepted: '#flow.x', locked: '#flow.done', failed: '#flow.failed', back })`: the PIN
 *      (`ask` names the action asking it in the flow's own words);
 *    - `choosePinStep({ ask, help: { choose, again }, chosen: '#flow.x', failed, back })`: a new PIN typed twice
 *      (the setup adds `choosePinActor`, `chosenPinMatchesActor` and `.extend({ guards: choosePinGuards })`);
 *    - `sessionPinGate(then)` and `...sessionPinSteps({ id, then, locked, failed, back })`: the PIN once per
 *      session before something only shown (the balance, the history);
 *    - `menuStep({ …, choices: languageChoices(then) })` with `...languageActions<Context>()`: 1 French, 2 English;
 *    - `unsureStep({ question, tryAgain, stop, stopped, help, retry })`: after a money call failed unanswered;
 *    - `...finalStates()`: `done`, `cancelled`, `failed`; `output: quietOutput` after a receipt.
 *    Busy steps (invoked services) and steps that pass through at once (`always`) stay written in the flow.
 * 4. `back` is required at every waiting step: say where `0` goes (`'cancelled'` at the first step). Nothing
 *    answers `0` with silence.
 * 5. Bump the flow's exported version constant when its state names or nesting change (saved conversations of
 *    the old shape then restart politely).
 */
export { amountStep } from './amount';
export { askStep } from './ask';
export { choosePinActor, choosePinGuards, choosePinStep, chosenPinMatchesActor } from './choosePin';
export { confirmStep } from './confirm';
export { finalStates, quietOutput } from './final';
export { flowSetup, say, type FlowContext } from './flowSetup';
export { languageActions, languageChoices } from './language';
export { menuStep } from './menu';
export { phoneStep } from './phone';
export { checkPinActor, pinLocked, pinRefusal, pinStep } from './pin';
export { sessionPinGate, sessionPinSteps } from './sessionPin';
export {
  option,
  type Back,
  type Guarded,
  type HelpKey,
  type Named,
  type NamedActions,
  type Transition,
  type Unguarded,
} from './transitions';
export { unsureStep } from './unsure';
