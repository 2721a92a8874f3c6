/** The approvals section's texts in French and English. */
import { sayFrom } from '../../pages/links/pageShell';

const en = {
  intro:
    'Money out above the threshold waits here for a second person of the team: the one who asked cannot approve it.',
  pendingTitle: 'Waiting for approval',
  empty: 'Nothing waits for approval.',
  'col.date': 'Asked on',
  'col.what': 'What',
  'col.amount': 'Amount',
  'col.maker': 'Asked by',
  'col.decide': 'Decision',
  'kind.payout': 'Payout to',
  'kind.salary_batch': 'Salary batch {reference} ({lines} lines, fees included)',
  'kind.unknown': 'Item no longer found',
  yours: 'Asked by you: another person of the team decides.',
  approve: 'Approve',
  reject: 'Reject',
  confirmApprove: 'Approve this? The money will be sent.',
  confirmReject: 'Reject this? Nothing will be sent.',
  'done.approved': 'Approved: the money is on its way.',
  'done.rejected': 'Rejected: nothing was sent.',
  'done.threshold': 'Approval threshold saved.',
  refusedTitle: 'Not done',
  'refused.OWN_ACTION':
    'You asked for this yourself: another person of your team must approve or reject it. Nothing was changed.',
  'refused.NOT_ALLOWED': 'Your role does not allow you to decide this. Nothing was changed.',
  'refused.APPROVAL_NOT_FOUND': 'There is no such approval for this business.',
  'refused.ALREADY_DECIDED': 'Someone decided this already: it was {outcome}.',
  'outcome.approved': 'approved',
  'outcome.rejected': 'rejected',
  thresholdTitle: 'Approval threshold',
  thresholdNow: 'Payouts and salary batches above {threshold} need a second person’s approval.',
  thresholdNone: 'No threshold: payouts and salary batches go without a second person.',
  thresholdOwnerOnly: 'Only the owner can change it.',
  'field.threshold': 'Threshold in francs CFA (empty: no approvals)',
  'error.INVALID_THRESHOLD': 'The threshold is a whole number of francs, or empty.',
  'error.NOT_ALLOWED': 'Only the owner can change the threshold.',
};

const fr: { readonly [K in keyof typeof en]: string } = {
  intro:
    'Les sorties d’argent au-delà du seuil attendent ici une deuxième personne de l’équipe : celle qui les a demandées ne peut pas les approuver.',
  pendingTitle: 'En attente de validation',
  empty: 'Rien n’attend de validation.',
  'col.date': 'Demandé le',
  'col.what': 'Quoi',
  'col.amount': 'Montant',
  'col.maker': 'Demandé par',
  'col.decide': 'Décision',
  'kind.payout': 'Virement vers',
  'kind.salary_batch': 'Lot de salaires {reference} ({lines} lignes, frais compris)',
  'kind.unknown': 'Élément introuvable',
  yours: 'Demandé par vous : une autre personne de l’équipe décide.',
  approve: 'Approuver',
  reject: 'Refuser',
  confirmApprove: 'Approuver ? L’argent sera envoyé.',
  confirmReject: 'Refuser ? Rien ne sera envoyé.',
  'done.approved': 'Approuvé : l’argent est en route.',
  'done.rejected': 'Refusé : rien n’a été envoyé.',
  'done.threshold': 'Seuil de validation enregistré.',
  refusedTitle: 'Non effectué',
  'refused.OWN_ACTION':
    'Vous avez fait cette demande vous-même : une autre personne de votre équipe doit l’approuver ou la refuser. Rien n’a changé.',
  'refused.NOT_ALLOWED': 'Votre rôle ne vous permet pas d’en décider. Rien n’a changé.',
  'refused.APPROVAL_NOT_FOUND': 'Il n’y a pas de telle validation pour cette entreprise.',
  'refused.ALREADY_DECIDED': 'Quelqu’un en a déjà décidé : c’est {outcome}.',
  'outcome.approved': 'approuvé',
  'outcome.rejected': 'refusé',
  thresholdTitle: 'Seuil de validation',
  thresholdNow:
    'Les virements et lots de salaires au-delà de {threshold} demandent la validation d’une deuxième personne.',
  thresholdNone: 'Aucun seuil : virements et lots de salaires partent sans deuxième personne.',
  thresholdOwnerOnly: 'Seul le propriétaire peut le changer.',
  'field.threshold': 'Seuil en francs CFA (vide : aucune validation)',
  'error.INVALID_THRESHOLD': 'Le seuil est un nombre entier de francs, ou vide.',
  'error.NOT_ALLOWED': 'Seul le propriétaire peut changer le seuil.',
};

export const approvalsText = { en, fr };

export const sayApprovals = sayFrom(approvalsText);
