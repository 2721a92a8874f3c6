/**
 * Onboarding texts. The first screen is in both languages: we do not know the person's yet.
 */
import { defineMessages } from './catalog';

const welcome = 'Bienvenue ! Welcome! Choisissez votre langue / Choose your language:';

export const onboardingMessages = defineMessages({
  en: {
    'onboarding.welcome': welcome,
    'onboarding.french': 'Français',
    'onboarding.english': 'English',
    'onboarding.askName': 'What is your name? (as on your ID card)',
    'onboarding.badName': 'Please type your name with letters only, 2 to 40 characters, for example Marie Ngono.',
    'onboarding.askPin': 'Choose a secret PIN of 4 or 5 digits. You will need it for every payment.',
    'onboarding.pinFormat': 'Your PIN must be 4 or 5 digits, nothing else. Choose your PIN:',
    'onboarding.pinTooSimple': 'This PIN is too easy to guess (like 0000, 1234 or a year). Choose another PIN:',
    'onboarding.askPinAgain': 'Enter the same PIN again to confirm it.',
    'onboarding.pinMismatch': 'The two PINs are different. Let us start the PIN again.',
    'onboarding.terms':
      'Do you accept the terms of use (chatpay.cm/terms) and the processing of your data for payments?',
    'onboarding.accept': 'I accept',
    'onboarding.decline': 'I decline',
    'onboarding.declined':
      'Without accepting the terms we cannot open your wallet. Write to us again whenever you like.',
    'onboarding.done': 'Welcome {name}! Your wallet is open. Never share your PIN, not even with us.',
    'onboarding.alreadySignedUp': 'This number already has a wallet. Send any message to open the menu.',
    'onboarding.help.language': 'Reply 1 for French or 2 for English.',
    'onboarding.help.name': 'Type your first and last name, for example Marie Ngono.',
    'onboarding.help.pin':
      'A PIN is a secret code of 4 or 5 digits that only you know. Avoid 0000, 1234 or your birth year.',
    'onboarding.help.pinAgain': 'Type the same PIN as in the previous message, so we know there was no typing mistake.',
    'onboarding.help.terms': 'Reply 1 to accept the terms and open your wallet, or 2 to stop.',
  },
  fr: {
    'onboarding.welcome': welcome,
    'onboarding.french': 'Français',
    'onboarding.english': 'English',
    'onboarding.askName': 'Quel est votre nom ? (comme sur votre carte d’identité)',
    'onboarding.badName':
      'Écrivez votre nom avec des lettres seulement, de 2 à 40 caractères, par exemple Marie Ngono.',
    'onboarding.askPin': 'Choisissez un code PIN secret de 4 ou 5 chiffres. Il vous sera demandé à chaque paiement.',
    'onboarding.pinFormat': 'Votre PIN doit comporter 4 ou 5 chiffres, rien d’autre. Choisissez votre PIN :',
    'onboarding.pinTooSimple':
      'Ce PIN est trop facile à deviner (comme 0000, 1234 ou une année). Choisissez-en un autre :',
    'onboarding.askPinAgain': 'Entrez à nouveau le même PIN pour le confirmer.',
    'onboarding.pinMismatch': 'Les deux PIN sont différents. Recommençons le choix du PIN.',
    'onboarding.terms':
      'Acceptez-vous les conditions d’utilisation (chatpay.cm/conditions) et le traitement de vos données pour les paiements ?',
    'onboarding.accept': 'J’accepte',
    'onboarding.decline': 'Je refuse',
    'onboarding.declined':
      'Sans accepter les conditions, nous ne pouvons pas ouvrir votre portefeuille. Écrivez-nous quand vous voulez.',
    'onboarding.done':
      'Bienvenue {name} ! Votre portefeuille est ouvert. Ne communiquez jamais votre PIN, même à nous.',
    'onboarding.alreadySignedUp': 'Ce numéro a déjà un portefeuille. Envoyez un message pour ouvrir le menu.',
    'onboarding.help.language': 'Répondez 1 pour le français ou 2 pour l’anglais.',
    'onboarding.help.name': 'Écrivez votre prénom et votre nom, par exemple Marie Ngono.',
    'onboarding.help.pin':
      'Le PIN est un code secret de 4 ou 5 chiffres connu de vous seul. Évitez 0000, 1234 ou votre année de naissance.',
    'onboarding.help.pinAgain': 'Tapez le même PIN que dans le message précédent, pour éviter une erreur de frappe.',
    'onboarding.help.terms': 'Répondez 1 pour accepter les conditions et ouvrir votre portefeuille, ou 2 pour arrêter.',
  },
});
