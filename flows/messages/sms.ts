/**
 * Texts only the SMS channel says, before any conversation exists (so in both languages at once where the
 * person's language is not known yet).
 */
import { defineMessages } from './catalog';

export const smsMessages = defineMessages({
  en: {
    'sms.onlyCameroon': 'Sorry, this service is only for Cameroonian mobile numbers.',
  },
  fr: {
    'sms.onlyCameroon': 'Désolé, ce service est réservé aux numéros mobiles du Cameroun.',
  },
});
