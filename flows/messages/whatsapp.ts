/**
 * Texts only the WhatsApp channel says, before any conversation exists (so in both languages at once, the
 * person's language being unknown).
 */
import { defineMessages } from './catalog';

export const whatsappMessages = defineMessages({
  en: {
    'whatsapp.onlyCameroon': 'Sorry, this service is only for Cameroonian mobile numbers.',
    'whatsapp.numberHidden':
      'Sorry, WhatsApp did not share your phone number with us, so we cannot open your wallet here. Please use SMS or USSD.',
  },
  fr: {
    'whatsapp.onlyCameroon': 'Désolé, ce service est réservé aux numéros mobiles du Cameroun.',
    'whatsapp.numberHidden':
      'Désolé, WhatsApp ne nous a pas transmis votre numéro, nous ne pouvons donc pas ouvrir votre portefeuille ici. Utilisez les SMS ou l’USSD.',
  },
});
