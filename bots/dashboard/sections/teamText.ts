/** The team section's texts, in English and French. */
import { sayFrom } from '../../pages/links/pageShell';

const en = {
  number: 'Number',
  role: 'Role',
  cashPoint: 'Cash point',
  refundLimit: 'Refund limit',
  status: 'Status',
  actions: 'Actions',
  'status.owner': 'owner',
  'status.invited': 'invited',
  'status.active': 'active',
  'status.declined': 'declined',
  'status.removed': 'removed',
  inviteTitle: 'Invite someone',
  inviteIntro:
    'They are told in their chat and accept or decline there. A cashier collects at one cash point and refunds up to their limit.',
  invite: 'Invite',
  change: 'Change',
  remove: 'Remove',
  confirmRemove: 'Remove {number} from the team?',
  cashierOnly: 'for a cashier only',
  noCashPoint: 'No active cash point: create one before inviting a cashier.',
  'done.invited': 'Invitation sent in their chat.',
  'done.alreadyInvited': 'This number was already invited; the invitation stands.',
  'done.changed': 'Role changed.',
  'done.removed': 'Removed from the team.',
  badNumber: 'This is not a Cameroonian mobile number.',
  badForm: 'Check the form: a role must be chosen, and the refund limit is a whole number of francs.',
  'refusal.MERCHANT_NOT_FOUND': 'This business no longer exists.',
  'refusal.NOT_ALLOWED': 'Your role does not allow managing the team.',
  'refusal.ROLE_TOO_HIGH': 'You may not grant or change a role that may do more than yours.',
  'refusal.INVALID_CASH_POINT': 'A cashier needs an active cash point of this business; other roles take none.',
  'refusal.INVALID_REFUND_LIMIT': 'The refund limit must be a whole number of francs, 0 or more.',
  'refusal.IS_OWNER': 'The owner cannot be invited, changed or removed.',
  'refusal.ALREADY_MEMBER': 'This number is already in the team.',
  'refusal.NOT_A_MEMBER': 'This number is not in the team.',
  'refusal.LAST_ADMIN': 'You are the last admin: another admin must be active before you leave.',
};

const fr: Record<keyof typeof en, string> = {
  number: 'Numéro',
  role: 'Rôle',
  cashPoint: 'Point de caisse',
  refundLimit: 'Plafond de remboursement',
  status: 'Statut',
  actions: 'Actions',
  'status.owner': 'propriétaire',
  'status.invited': 'invité',
  'status.active': 'actif',
  'status.declined': 'a refusé',
  'status.removed': 'retiré',
  inviteTitle: 'Inviter quelqu’un',
  inviteIntro:
    'La personne est prévenue dans son chat et accepte ou refuse là. Un caissier encaisse à un point de caisse et rembourse jusqu’à son plafond.',
  invite: 'Inviter',
  change: 'Modifier',
  remove: 'Retirer',
  confirmRemove: 'Retirer le {number} de l’équipe ?',
  cashierOnly: 'pour un caissier seulement',
  noCashPoint: 'Aucun point de caisse actif : créez-en un avant d’inviter un caissier.',
  'done.invited': 'Invitation envoyée dans son chat.',
  'done.alreadyInvited': 'Ce numéro était déjà invité ; l’invitation tient toujours.',
  'done.changed': 'Rôle modifié.',
  'done.removed': 'Retiré de l’équipe.',
  badNumber: 'Ce n’est pas un numéro mobile camerounais.',
  badForm:
    'Vérifiez le formulaire : il faut choisir un rôle, et le plafond de remboursement est un nombre entier de francs.',
  'refusal.MERCHANT_NOT_FOUND': 'Cette entreprise n’existe plus.',
  'refusal.NOT_ALLOWED': 'Votre rôle ne permet pas de gérer l’équipe.',
  'refusal.ROLE_TOO_HIGH': 'Vous ne pouvez pas donner ni modifier un rôle qui peut plus que le vôtre.',
  'refusal.INVALID_CASH_POINT':
    'Un caissier a besoin d’un point de caisse actif de cette entreprise ; les autres rôles n’en ont pas.',
  'refusal.INVALID_REFUND_LIMIT': 'Le plafond de remboursement est un nombre entier de francs, 0 ou plus.',
  'refusal.IS_OWNER': 'Le propriétaire ne peut être ni invité, ni modifié, ni retiré.',
  'refusal.ALREADY_MEMBER': 'Ce numéro fait déjà partie de l’équipe.',
  'refusal.NOT_A_MEMBER': 'Ce numéro ne fait pas partie de l’équipe.',
  'refusal.LAST_ADMIN': 'Vous êtes le dernier administrateur : un autre doit être actif avant que vous partiez.',
};

export type TeamTextKey = keyof typeof en;

/** A team text, escaped, its parameters escaped and filled. */
export const sayTeam = sayFrom({ en, fr });
