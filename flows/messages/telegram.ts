/**
 * Texts only the Telegram channel says, before a Telegram account is linked to a phone number: the person's
 * language is not known yet, so the channel shows both (French first).
 */
import { defineMessages } from './catalog';

export const telegramMessages = defineMessages({
  en: {
    'telegram.shareNumber':
      'To use your wallet here, tap "Share my number" below. It links this Telegram account to your phone number.',
    'telegram.shareButton': 'Share my number',
    'telegram.notOwnContact': 'Please share your own number with the button below, not the contact of someone else.',
    'telegram.onlyCameroon': 'Sorry, this service is only for Cameroonian mobile numbers.',
    'telegram.linked': 'Thank you, this Telegram account is now linked to {number}.',
  },
  fr: {
    'telegram.shareNumber':
      'Pour utiliser votre portefeuille ici, appuyez sur « Partager mon numéro » ci-dessous. Cela relie ce compte Telegram à votre numéro.',
    'telegram.shareButton': 'Partager mon numéro',
    'telegram.notOwnContact':
      'Merci de partager votre propre numéro avec le bouton ci-dessous, pas le contact de quelqu’un d’autre.',
    'telegram.onlyCameroon': 'Désolé, ce service est réservé aux numéros mobiles du Cameroun.',
    'telegram.linked': 'Merci, ce compte Telegram est maintenant relié au numéro {number}.',
  },
});
