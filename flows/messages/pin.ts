/**
 * PIN texts beyond the prompts every money step shares (common.ts): the PIN asked before showing the balance or
 * the history, the block after repeated lockouts, and the SMS the owner gets at each lockout.
 */
import { defineMessages } from './catalog';

export const pinMessages = defineMessages({
  en: {
    'pin.askToView': 'Enter your PIN to see your balance and history.',
    'pin.blocked':
      'Your PIN is blocked after repeated wrong tries. Contact our support with your ID card to unlock it. Nothing was done.',
    'pin.lockedNotice':
      'Security: 3 wrong PINs were typed on your wallet. Your PIN is locked until {until}. If it was not you, never share your PIN and contact our support.',
    'pin.blockedNotice':
      'Security: your PIN is blocked after repeated wrong tries. Contact our support with your ID card to unlock it.',
    'pin.resetNotice':
      'Security: our support has just unlocked your PIN at your request. If you did not ask for it, contact our support at once.',
  },
  fr: {
    'pin.askToView': 'Entrez votre code PIN pour voir votre solde et votre historique.',
    'pin.blocked':
      'Votre code PIN est bloqué après plusieurs essais incorrects. Contactez notre service client avec votre pièce d’identité pour le débloquer. Rien n’a été fait.',
    'pin.lockedNotice':
      'Sécurité : 3 codes PIN incorrects ont été saisis sur votre portefeuille. Votre PIN est bloqué jusqu’au {until}. Si ce n’était pas vous, ne partagez jamais votre PIN et contactez notre service client.',
    'pin.blockedNotice':
      'Sécurité : votre code PIN est bloqué après plusieurs essais incorrects. Contactez notre service client avec votre pièce d’identité pour le débloquer.',
    'pin.resetNotice':
      'Sécurité : notre service client vient de débloquer votre code PIN à votre demande. Si vous ne l’avez pas demandé, contactez-nous immédiatement.',
  },
});
