/**
 * Settings texts.
 */
import { defineMessages } from './catalog';

export const settingsMessages = defineMessages({
  en: {
    'settings.title': 'Settings:',
    'settings.language': 'Language',
    'settings.changePin': 'Change my PIN',
    'settings.limits': 'My limits and fees',
    'settings.delete': 'Delete my account',
    'settings.help':
      'Reply 1 to change the language, 2 to change your PIN, 3 to see your limits and fees, 4 to close your account.',
    'settings.chooseLanguage': 'Choose your language:',
    'settings.languageChanged': 'Done: we will write to you in English.',
    'settings.askOldPin': 'Enter your current PIN.',
    'settings.askNewPin': 'Enter your new PIN (4 or 5 digits).',
    'settings.pinChanged': 'Your PIN has been changed. Never share it.',
    'settings.samePin': 'That is your current PIN. Choose a different one.',
    'settings.limitsAre':
      'Your limits: {perTransaction} per payment, {perDay} per day, {perMonth} per month, balance up to {maxBalance}. Fees: sending up to 5 000 FCFA is free; the fee is always shown before you confirm.',
    'settings.deleteConfirm':
      'Delete your account? Your wallet must be empty. Your history is kept as the law requires.',
    'settings.deleteYes': 'Yes, delete it',
    'settings.help.delete': 'Reply 1 to delete your account (your wallet must be empty), or 2 to keep it.',
    'settings.deleteNo': 'No, keep it',
    'settings.deleted': 'Your account is deleted. Thank you for using our service. Write to us to open a new one.',
    'settings.walletNotEmpty':
      'Your wallet still holds money or has an operation in progress. Withdraw or send it first, then try again.',
  },
  fr: {
    'settings.title': 'Paramètres :',
    'settings.language': 'Langue',
    'settings.changePin': 'Changer mon PIN',
    'settings.limits': 'Mes plafonds et frais',
    'settings.delete': 'Supprimer mon compte',
    'settings.help':
      'Répondez 1 pour la langue, 2 pour changer votre PIN, 3 pour voir vos plafonds et frais, 4 pour fermer votre compte.',
    'settings.chooseLanguage': 'Choisissez votre langue :',
    'settings.languageChanged': 'C’est fait : nous vous écrirons en français.',
    'settings.askOldPin': 'Entrez votre PIN actuel.',
    'settings.askNewPin': 'Entrez votre nouveau PIN (4 ou 5 chiffres).',
    'settings.pinChanged': 'Votre PIN a été changé. Ne le communiquez jamais.',
    'settings.samePin': 'C’est votre PIN actuel. Choisissez-en un autre.',
    'settings.limitsAre':
      'Vos plafonds : {perTransaction} par paiement, {perDay} par jour, {perMonth} par mois, solde jusqu’à {maxBalance}. Frais : envoyer jusqu’à 5 000 FCFA est gratuit ; les frais sont toujours affichés avant de confirmer.',
    'settings.deleteConfirm':
      'Supprimer votre compte ? Votre portefeuille doit être vide. Votre historique est conservé comme la loi l’exige.',
    'settings.deleteYes': 'Oui, supprimer',
    'settings.help.delete':
      'Répondez 1 pour supprimer votre compte (votre portefeuille doit être vide), ou 2 pour le garder.',
    'settings.deleteNo': 'Non, le garder',
    'settings.deleted':
      'Votre compte est supprimé. Merci d’avoir utilisé notre service. Écrivez-nous pour en ouvrir un nouveau.',
    'settings.walletNotEmpty':
      'Votre portefeuille contient encore de l’argent ou une opération en cours. Retirez-le ou envoyez-le d’abord, puis réessayez.',
  },
});
