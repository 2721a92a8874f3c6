/**
 * The words that work at every step, whatever the flow (as in mobile-money USSD menus): cancel, back, main menu
 * and help, in French and English.
 */

export type GlobalCommand = 'cancel' | 'back' | 'mainMenu' | 'help';

const WORDS: Record<string, GlobalCommand> = {
  cancel: 'cancel',
  annuler: 'cancel',
  '0': 'back',
  back: 'back',
  retour: 'back',
  '00': 'mainMenu',
  menu: 'mainMenu',
  help: 'help',
  aide: 'help',
  '?': 'help',
};

/** The global command a text is, if any: whole words only, any case, accents and surrounding spaces ignored. */
export function globalCommand(text: string): GlobalCommand | null {
  const word = text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
  return WORDS[word] ?? null;
}
