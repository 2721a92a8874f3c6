/**
 * Refusals and input corrections: what happened, and what to type or do instead.
 */
import { defineMessages } from './catalog';

export const refusalMessages = defineMessages({
  en: {
    'refusal.insufficientFunds':
      'Your balance is not enough for this amount and its fee. Top up first (menu 2) or choose a smaller amount.',
    'refusal.limitPerTransaction':
      'This is above your limit per payment. See your limits in Settings, or choose a smaller amount.',
    'refusal.limitDaily': 'This would go over your daily limit. Try a smaller amount or try again tomorrow.',
    'refusal.limitMonthly': 'This would go over your monthly limit. Try a smaller amount or wait for next month.',
    'refusal.limitBalance': 'Your wallet would hold more than its maximum balance. Choose a smaller amount.',
    'refusal.recipientLimitBalance': 'The recipient’s wallet cannot receive this much now. Choose a smaller amount.',
    'refusal.sameAccount': 'You cannot send money to yourself. Enter another number.',
    'refusal.accountFrozen': 'This wallet is temporarily blocked. Please contact support.',
    'refusal.accountClosed': 'This wallet is closed.',
    'refusal.invalidAmount': 'This amount is not valid. Enter a whole number of francs, for example 5000.',
    'refusal.other': 'This operation could not be done. No money was moved. Please try again later.',
    'refusal.paying': 'This request is being paid by mobile money or card right now. Try again in a few minutes.',
    'input.amount': 'Please enter an amount in francs, for example 5000 or 5 000.',
    'input.amountWhole': 'Please enter a whole number of francs (no cents), for example 5000.',
    'input.amountTooLarge': 'This amount is too large. Please enter a smaller amount.',
    'input.phone': 'Please enter a phone number, for example 677123456.',
    'input.phoneNotCameroonMobile':
      'Please enter a Cameroonian mobile number (9 digits starting with 6), for example 677123456.',
  },
  fr: {
    'refusal.insufficientFunds':
      'Votre solde ne suffit pas pour ce montant et ses frais. Rechargez d’abord (menu 2) ou choisissez un montant plus petit.',
    'refusal.limitPerTransaction':
      'Ce montant dépasse votre plafond par opération. Voyez vos plafonds dans Paramètres ou choisissez un montant plus petit.',
    'refusal.limitDaily':
      'Cela dépasserait votre plafond journalier. Essayez un montant plus petit ou réessayez demain.',
    'refusal.limitMonthly':
      'Cela dépasserait votre plafond mensuel. Essayez un montant plus petit ou attendez le mois prochain.',
    'refusal.limitBalance': 'Votre portefeuille dépasserait son solde maximum. Choisissez un montant plus petit.',
    'refusal.recipientLimitBalance':
      'Le portefeuille du destinataire ne peut pas recevoir autant pour le moment. Choisissez un montant plus petit.',
    'refusal.sameAccount': 'Vous ne pouvez pas vous envoyer de l’argent. Entrez un autre numéro.',
    'refusal.accountFrozen': 'Ce portefeuille est bloqué temporairement. Contactez le service client.',
    'refusal.accountClosed': 'Ce portefeuille est fermé.',
    'refusal.invalidAmount': 'Ce montant n’est pas valide. Entrez un nombre entier de francs, par exemple 5000.',
    'refusal.other': 'Cette opération n’a pas pu être faite. Aucun argent n’a bougé. Réessayez plus tard.',
    'refusal.paying':
      'Cette demande est en train d’être payée par mobile money ou carte. Réessayez dans quelques minutes.',
    'input.amount': 'Entrez un montant en francs, par exemple 5000 ou 5 000.',
    'input.amountWhole': 'Entrez un nombre entier de francs (sans centimes), par exemple 5000.',
    'input.amountTooLarge': 'Ce montant est trop élevé. Entrez un montant plus petit.',
    'input.phone': 'Entrez un numéro de téléphone, par exemple 677123456.',
    'input.phoneNotCameroonMobile':
      'Entrez un numéro mobile camerounais (9 chiffres commençant par 6), par exemple 677123456.',
  },
});
