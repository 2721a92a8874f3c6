/**
 * The USSD channel's own words: the paging option and what a number that cannot have a wallet is told. Kept here,
 * not in flows/messages, because no flow says them: only this channel pages screens and reads the gateway's caller.
 */
import { defineMessages } from '../../../flows/messages/catalog';
import type { Language } from '../../../domain/users';

export const ussdMessages = defineMessages({
  en: {
    'ussd.more': 'More',
    'ussd.notCameroonMobile': 'This service is for Cameroonian mobile numbers only.',
  },
  fr: {
    'ussd.more': 'Suite',
    'ussd.notCameroonMobile': 'Ce service est réservé aux numéros mobiles du Cameroun.',
  },
});

export type UssdMessageKey = keyof (typeof ussdMessages)['en'];

/** A USSD channel text in a language. */
export function ussdText(language: Language, key: UssdMessageKey): string {
  return ussdMessages[language][key];
}
