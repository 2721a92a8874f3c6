/**
 * Choosing a language (signing up, settings): 1 French, 2 English, the same numbers everywhere; the language is
 * kept in the flow's context and told to the runtime, which answers in it from then on.
 */
import { assign, emit } from 'xstate';
import type { Language } from '../../domain/users';
import type { FlowEmitted, FlowEvent } from '../conversation';
import { option } from './transitions';

/** The actions of a language choice, for a flow whose context keeps `language`: spread them into `.extend`. */
export function languageActions<TContext extends { language: Language }>() {
  return {
    chooseFrench: assign<TContext, FlowEvent, undefined, FlowEvent, never>(({ context }) => ({
      ...context,
      language: 'fr',
    })),
    chooseEnglish: assign<TContext, FlowEvent, undefined, FlowEvent, never>(({ context }) => ({
      ...context,
      language: 'en',
    })),
    sayLanguage: emit<TContext, FlowEvent, undefined, FlowEvent, FlowEmitted>(({ context }) => ({
      type: 'language' as const,
      language: context.language,
    })),
  };
}

/** The two choices of a language menu, both going on to `then`. */
export function languageChoices<const TThen extends string>(then: TThen) {
  return [
    option('1', { target: then, actions: 'chooseFrench' as const }),
    option('2', { target: then, actions: 'chooseEnglish' as const }),
  ] as const;
}
