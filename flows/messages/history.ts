/**
 * Texts of the History screen: one short line per operation (SMS: five lines should fit in a few segments), the
 * words for kinds and statuses, and a detail screen. `historyLine` turns a domain Operation into a line's message
 * key and parameters for one language: the kind, status and counterparty words are parameters themselves, so they
 * are chosen here, from this catalog, in the reader's language.
 */
import { BILLERS } from '../../domain/billers';
import { dateParam, francsParam, type Params } from '../../domain/notifications';
import type { Counterparty, Operation } from '../../domain/operations';
import type { Language } from '../../domain/users';
import { defineMessages } from './catalog';

/** Texts of domain/history.ts and domain/operations.ts, and of the History flow (flows/history.ts). */
export const historyMessages = defineMessages({
  en: {
    'history.title': 'Your operations:',
    'history.empty': 'No operations yet.',
    'history.end': 'That is all your history.',
    'history.more': 'Older operations',
    'history.line': '{date} {kind} {counterparty} {sign}{amount} {status} Ref {reference}',
    'history.lineWithFee': '{date} {kind} {counterparty} {sign}{amount} fee {fee} {status} Ref {reference}',
    'history.detail':
      '{kind}: {counterparty}\nAmount: {amount}\nFee: {fee}\nStatus: {status}\nDate: {date}\nRef: {reference}',
    'history.titlePage': 'Your operations, page {page}:',
    'history.pickALine': 'Reply with the number of an operation to see it in full, or 0 to go back.',
    'history.emptyTopUp': 'No operations yet. To add money, choose Top up (2) in the menu, or type: top up 5000.',
    'history.notFound': 'We found no operation with reference {reference} among your recent ones.',
    'history.unavailable': 'Sorry, your history cannot be shown right now. Please try again in a moment.',
    'history.backToList': 'Back to your operations',
    'history.detailHint': 'Reply 0 to go back to your operations, or 00 for the menu.',
    'history.help.list': 'Reply with the number of an operation to see its details, 9 for older ones, 0 to go back.',
    'history.help.detail':
      'This is one operation in full. Quote its reference if you contact support. Reply 0 to go back to your operations.',
    'history.kind.sent': 'Sent',
    'history.kind.received': 'Received',
    'history.kind.topup': 'Top-up',
    'history.kind.withdrawal': 'Withdrawal',
    'history.kind.bill': 'Bill',
    'history.kind.merchant': 'Payment',
    'history.kind.refund': 'Refund',
    'history.kind.claim': 'Unclaimed',
    'history.status.completed': 'Done',
    'history.status.pending': 'Pending',
    'history.status.failed': 'Failed',
    'history.status.refused': 'Refused',
    'history.status.returned': 'Returned',
    'history.rail.mtn_momo': 'MTN MoMo',
    'history.rail.orange_money': 'Orange Money',
    'history.rail.card': 'Card',
    'history.rail.bank': 'Bank transfer',
    'history.counterparty.merchant': 'Merchant',
    'history.counterparty.claim': 'New user',
    'history.counterparty.service': 'Service',
  },
  fr: {
    'history.title': 'Vos opérations :',
    'history.empty': 'Aucune opération pour le moment.',
    'history.end': 'C’est tout votre historique.',
    'history.more': 'Opérations plus anciennes',
    'history.line': '{date} {kind} {counterparty} {sign}{amount} {status} Réf {reference}',
    'history.lineWithFee': '{date} {kind} {counterparty} {sign}{amount} frais {fee} {status} Réf {reference}',
    'history.detail':
      '{kind} : {counterparty}\nMontant : {amount}\nFrais : {fee}\nStatut : {status}\nDate : {date}\nRéf : {reference}',
    'history.titlePage': 'Vos opérations, page {page} :',
    'history.pickALine': 'Répondez avec le numéro d’une opération pour la voir en entier, ou 0 pour revenir.',
    'history.emptyTopUp':
      'Aucune opération pour le moment. Pour ajouter de l’argent, choisissez Recharger (2) dans le menu, ou écrivez : recharger 5000.',
    'history.notFound': 'Aucune opération avec la référence {reference} parmi vos opérations récentes.',
    'history.unavailable':
      'Désolé, votre historique ne peut pas être affiché pour le moment. Réessayez dans un instant.',
    'history.backToList': 'Retour à vos opérations',
    'history.detailHint': 'Répondez 0 pour revenir à vos opérations, ou 00 pour le menu.',
    'history.help.list':
      'Répondez avec le numéro d’une opération pour voir son détail, 9 pour les plus anciennes, 0 pour revenir.',
    'history.help.detail':
      'Voici une opération en entier. Donnez sa référence si vous contactez le support. Répondez 0 pour revenir à vos opérations.',
    'history.kind.sent': 'Envoi',
    'history.kind.received': 'Reçu',
    'history.kind.topup': 'Recharge',
    'history.kind.withdrawal': 'Retrait',
    'history.kind.bill': 'Facture',
    'history.kind.merchant': 'Paiement',
    'history.kind.refund': 'Remboursement',
    'history.kind.claim': 'Non retiré',
    'history.status.completed': 'Effectué',
    'history.status.pending': 'En cours',
    'history.status.failed': 'Échoué',
    'history.status.refused': 'Refusé',
    'history.status.returned': 'Retourné',
    'history.rail.mtn_momo': 'MTN MoMo',
    'history.rail.orange_money': 'Orange Money',
    'history.rail.card': 'Carte',
    'history.rail.bank': 'Virement bancaire',
    'history.counterparty.merchant': 'Marchand',
    'history.counterparty.claim': 'Nouvel utilisateur',
    'history.counterparty.service': 'Service',
  },
});

type HistoryKey = keyof (typeof historyMessages)['en'];

/** A text of this catalog with its parameters. */
export interface HistoryText {
  key: HistoryKey;
  params: Params;
}

/** `dd/mm` in Douala time: the day is enough on a line; the detail screen has the full date and time. */
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Douala', day: '2-digit', month: '2-digit' });

/**
 * One operation as a short line (`12/03 Sent 677123456 -5 000 FCFA fee 50 FCFA Done Ref K7MX3QPRT`) in `language`.
 * The reference is the operation's short reference, the same the receipt, the notices and the provider show.
 * `counterpartyName` replaces the number or id on the line when the caller knows a name (a contact, a merchant).
 */
export function historyLine(operation: Operation, language: Language, counterpartyName?: string): HistoryText {
  const params = {
    date: DAY.format(operation.at),
    kind: word(language, `history.kind.${operation.kind}`),
    counterparty: counterpartyName ?? counterpartyLabel(operation.counterparty, language),
    sign: operation.direction === 'in' ? '+' : '-',
    amount: francsParam(operation.amount),
    status: statusWord(operation, language),
    reference: operation.shortReference,
  };
  return operation.fee > 0
    ? { key: 'history.lineWithFee', params: { ...params, fee: francsParam(operation.fee) } }
    : { key: 'history.line', params };
}

/**
 * One operation on a screen of its own, with the full date. Its reference is the same short reference as on the
 * line: one name per operation everywhere; support finds the transfer from it (domain/shortReferences.ts).
 */
export function historyDetail(operation: Operation, language: Language, counterpartyName?: string): HistoryText {
  return {
    key: 'history.detail',
    params: {
      kind: word(language, `history.kind.${operation.kind}`),
      counterparty: counterpartyName ?? counterpartyLabel(operation.counterparty, language),
      amount: francsParam(operation.amount),
      fee: francsParam(operation.fee),
      status: statusWord(operation, language),
      date: dateParam(operation.at),
      reference: operation.shortReference,
    },
  };
}

/** Who is on the other side, in words: a number as people write it locally, a rail or a biller by its name. */
export function counterpartyLabel(counterparty: Counterparty, language: Language): string {
  switch (counterparty.type) {
    case 'wallet':
      return localNumber(counterparty.msisdn);
    case 'claim':
      return counterparty.msisdn ? localNumber(counterparty.msisdn) : word(language, 'history.counterparty.claim');
    case 'rail':
      return word(language, `history.rail.${counterparty.rail}`);
    case 'biller':
      return (
        BILLERS.find((b) => b.ledgerBillerId === counterparty.billerId)?.brand ?? counterparty.billerId.toUpperCase()
      );
    case 'merchant':
      return word(language, 'history.counterparty.merchant');
    case 'system':
      return word(language, 'history.counterparty.service');
  }
}

/** A returned claim is not a failure to the sender: the money simply came back. */
function statusWord(operation: Operation, language: Language): string {
  if (operation.kind === 'claim' && operation.status === 'failed') return word(language, 'history.status.returned');
  return word(language, `history.status.${operation.status}`);
}

function word(language: Language, key: HistoryKey): string {
  return historyMessages[language][key];
}

/** `237677123456` → `677123456`: the nine digits people dial; other ids are shown as they are. */
function localNumber(msisdn: string): string {
  return /^237[0-9]{9}$/.test(msisdn) ? msisdn.slice(3) : msisdn;
}
