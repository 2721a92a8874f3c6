import { emit } from 'xstate';
import type { Language } from '../../../domain/users';
import { menu, replyEvent, text, type FlowInput } from '../../../flows/conversation';
import { finalStates, flowSetup, languageActions, languageChoices, menuStep, say } from '../../../flows/steps';
import { driveFlow, flowInput, keys } from '../../support/flowHarness';

interface LanguageContext {
  input: FlowInput;
  language: Language;
}

/** A machine made of one language menu, then a step that tells the runtime the language chosen. */
const machine = flowSetup<LanguageContext>()()
  .extend({
    actions: {
      ...languageActions<LanguageContext>(),
      showLanguages: emit(replyEvent(menu('settings.chooseLanguage', ['onboarding.french', 'onboarding.english']))),
    },
  })
  .createMachine({
    id: 'languageOnly',
    context: ({ input }) => ({ input, language: input.language }),
    initial: 'choosing',
    states: {
      choosing: menuStep({
        show: 'showLanguages',
        help: 'onboarding.help.language',
        choices: languageChoices('chosen'),
        back: 'cancelled',
      }),
      chosen: { entry: ['sayLanguage', say(text('onboarding.askName'))], on: { BACK: 'choosing' } },
      ...finalStates(),
    },
  });

describe('a language choice', () => {
  it('keeps English for 2 and tells the runtime', async () => {
    const flow = await driveFlow(machine, flowInput({ language: 'fr' }));
    expect(keys(await flow.say('2'))).toEqual(['onboarding.askName']);
    expect(flow.language).toBe('en');
  });

  it('keeps French for 1, after another choice', async () => {
    const flow = await driveFlow(machine, flowInput({ language: 'en' }));
    await flow.say('2');
    await flow.back();
    await flow.say('1');
    expect(flow.language).toBe('fr');
  });

  it('answers anything else as any menu does', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(keys(await flow.say('3'))).toEqual(['common.invalidChoice', 'settings.chooseLanguage']);
    expect(flow.language).toBeNull();
  });
});
