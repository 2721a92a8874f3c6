/**
 * Texts of a merchant's payment link page (`/l/<code>`, bots/pages/links/): a web page, kept out of the joined
 * catalogs like payPage.ts. The page escapes every text it fills.
 */
import { defineMessages } from './catalog';

export const linkPageMessages = defineMessages({
  en: {
    title: 'Pay {merchant}',
    fixedAmount: '{merchant} asks for {amount}.',
    chooseAmount: '{merchant} lets you choose the amount.',
    bounds: 'Between {min} and {max}.',
    atLeast: 'At least {min}.',
    atMost: 'At most {max}.',
    reasonLabel: 'What it is for, in the merchant’s own words:',
    amountLabel: 'Amount (FCFA)',
    numberLabel: 'Your mobile number',
    numberHint: 'You choose how to pay (MTN MoMo, Orange Money or card) on the next page.',
    continue: 'Continue',
    pinWarning: 'We never ask for your PIN: only your operator’s prompt on your phone does.',
    expired: 'This payment link has expired.',
    deactivated: 'The merchant has turned this payment link off.',
    full: 'This payment link has already been paid.',
    unavailable: 'This merchant cannot collect payments now.',
    notFoundTitle: 'Link not found',
    notFound: 'This payment link does not exist. Check the address.',
    BUSY: 'This link is being paid by someone else. Try again in a few minutes.',
    INVALID_NUMBER: 'This is not a Cameroonian mobile number.',
    INVALID_AMOUNT: 'Type an amount in whole francs.',
    AMOUNT_TOO_LOW: 'The amount is below the minimum.',
    AMOUNT_TOO_HIGH: 'The amount is above the maximum.',
    REFUSED: 'The payment could not be prepared. Try again later.',
    language: 'Français',
  },
  fr: {
    title: 'Payer {merchant}',
    fixedAmount: '{merchant} vous demande {amount}.',
    chooseAmount: '{merchant} vous laisse choisir le montant.',
    bounds: 'Entre {min} et {max}.',
    atLeast: 'Au moins {min}.',
    atMost: 'Au plus {max}.',
    reasonLabel: 'Motif, dans les mots du marchand :',
    amountLabel: 'Montant (FCFA)',
    numberLabel: 'Votre numéro de mobile',
    numberHint: 'Vous choisissez comment payer (MTN MoMo, Orange Money ou carte) à la page suivante.',
    continue: 'Continuer',
    pinWarning: 'Nous ne demandons jamais votre PIN : seule la demande de votre opérateur sur votre téléphone le fait.',
    expired: 'Ce lien de paiement a expiré.',
    deactivated: 'Le marchand a désactivé ce lien de paiement.',
    full: 'Ce lien de paiement a déjà été payé.',
    unavailable: 'Ce marchand ne peut pas encaisser pour le moment.',
    notFoundTitle: 'Lien introuvable',
    notFound: "Ce lien de paiement n'existe pas. Vérifiez l'adresse.",
    BUSY: "Ce lien est en cours de paiement par quelqu'un d'autre. Réessayez dans quelques minutes.",
    INVALID_NUMBER: "Ce n'est pas un numéro mobile camerounais.",
    INVALID_AMOUNT: 'Saisissez un montant en francs entiers.',
    AMOUNT_TOO_LOW: 'Le montant est sous le minimum.',
    AMOUNT_TOO_HIGH: 'Le montant dépasse le maximum.',
    REFUSED: "Le paiement n'a pas pu être préparé. Réessayez plus tard.",
    language: 'English',
  },
});

export type LinkPageKey = keyof (typeof linkPageMessages)['en'];
