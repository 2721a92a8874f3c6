/**
 * Texts only the WhatsApp channel says: before any conversation exists (so in both languages at once, the
 * person's language being unknown), and the one-time advice to delete PIN messages, in the person's language.
 */
import { defineMessages } from './catalog';

export const whatsappMessages = defineMessages({
  en: {
    'whatsapp.onlyCameroon': 'Sorry, this service is only for Cameroonian mobile numbers.',
    'whatsapp.numberHidden':
      'Sorry, WhatsApp did not share your phone number with us, so we cannot open your wallet here. Please use SMS or USSD.',
    'whatsapp.deletePinOnPhone':
      'For your safety, we delete the messages holding your PIN on our side of this chat. WhatsApp does not let us delete them from your phone: please delete them yourself (press and hold the message, then Delete). We will not remind you again.',
  },
  fr: {
    'whatsapp.onlyCameroon': 'Désolé, ce service est réservé aux numéros mobiles du Cameroun.',
    'whatsapp.numberHidden':
      'Désolé, WhatsApp ne nous a pas transmis votre numéro, nous ne pouvons donc pas ouvrir votre portefeuille ici. Utilisez les SMS ou l’USSD.',
    'whatsapp.deletePinOnPhone':
      'Pour votre sécurité, nous supprimons de notre côté de cette discussion les messages contenant votre PIN. WhatsApp ne nous permet pas de les supprimer de votre téléphone : supprimez-les vous-même (appui long sur le message, puis Supprimer). Nous ne vous le rappellerons pas.',
  },
});
