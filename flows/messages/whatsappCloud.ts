/**
 * Texts only the WhatsApp Cloud API channel says, in the person's language: what it answers a message it cannot
 * read (a photo, a voice note, a location…), the label of the button that opens a list of options, and the one-time
 * advice to delete a message holding a PIN (the Cloud API cannot delete what a person sent).
 */
import { defineMessages } from './catalog';

export const whatsappCloudMessages = defineMessages({
  en: {
    'whatsappCloud.unsupported':
      'Sorry, we can only read text messages and the buttons we send. Please type your answer.',
    'whatsappCloud.listButton': 'Choose',
    'whatsappCloud.pinFlowButton': 'Enter my PIN',
    'whatsappCloud.pinFlowFormat': 'Your PIN is 4 or 5 digits.',
    'whatsappCloud.pinFlowExpired': 'This form has expired. Please go back to the chat.',
    'whatsappCloud.deletePinOnPhone':
      'For your safety, please delete the message holding your PIN: WhatsApp does not let us remove it from this chat (press and hold the message, then Delete). We will not remind you again.',
  },
  fr: {
    'whatsappCloud.unsupported':
      'Désolé, nous ne lisons que les messages texte et les boutons que nous envoyons. Tapez votre réponse, s’il vous plaît.',
    'whatsappCloud.listButton': 'Choisir',
    'whatsappCloud.pinFlowButton': 'Saisir mon PIN',
    'whatsappCloud.pinFlowFormat': 'Votre PIN compte 4 ou 5 chiffres.',
    'whatsappCloud.pinFlowExpired': 'Ce formulaire a expiré. Revenez à la discussion, s’il vous plaît.',
    'whatsappCloud.deletePinOnPhone':
      'Pour votre sécurité, supprimez le message contenant votre PIN : WhatsApp ne nous permet pas de le retirer de cette discussion (appui long sur le message, puis Supprimer). Nous ne vous le rappellerons pas.',
  },
});
