/**
 * Texts only the WhatsApp Cloud API channel says, in the person's language: what it answers a message it cannot
 * read (a photo, a voice note, a location…), and the label of the button that opens a list of options.
 */
import { defineMessages } from './catalog';

export const whatsappCloudMessages = defineMessages({
  en: {
    'whatsappCloud.unsupported':
      'Sorry, we can only read text messages and the buttons we send. Please type your answer.',
    'whatsappCloud.listButton': 'Choose',
  },
  fr: {
    'whatsappCloud.unsupported':
      'Désolé, nous ne lisons que les messages texte et les boutons que nous envoyons. Tapez votre réponse, s’il vous plaît.',
    'whatsappCloud.listButton': 'Choisir',
  },
});
