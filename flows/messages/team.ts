/**
 * Merchant team texts: the notice telling a person they are invited to a merchant's team, and the invitation
 * they answer in chat (`team.*`). Help texts have no placeholders: the runtime shows them without parameters.
 */
import { defineMessages } from './catalog';

export const teamMessages = defineMessages({
  en: {
    'team.invited': "{merchant} invites you to join its team. Write 'invitations' to see the role and answer.",
    'team.inviteAdmin': '{merchant} invites you as an admin. Reply 1 to accept, 2 to decline.',
    'team.inviteOperations': '{merchant} invites you to run its operations. Reply 1 to accept, 2 to decline.',
    'team.inviteCashier':
      '{merchant} invites you as cashier (cash point {cashPoint}). Reply 1 to accept, 2 to decline.',
    'team.inviteViewer': '{merchant} invites you to see its payments and reports. Reply 1 to accept, 2 to decline.',
    'team.inviteDeveloper': '{merchant} invites you as its developer. Reply 1 to accept, 2 to decline.',
    'team.accept': 'Accept',
    'team.decline': 'Decline',
    'team.accepted': 'You are now in the team of {merchant}.',
    'team.declined': 'You declined the invitation of {merchant}.',
    'team.noInvitation': 'You have no invitation to a merchant team. Send 00 for the menu.',
    'team.needAccount': 'To join a merchant team you first need an account. Send 00 for the menu to sign up.',
    'team.help': 'Reply 1 to join this merchant team, 2 to decline. 0 goes back.',
  },
  fr: {
    'team.invited': '{merchant} vous invite dans son équipe. Écrivez « invitations » pour voir le rôle et répondre.',
    'team.inviteAdmin': '{merchant} vous invite comme administrateur. Répondez 1 pour accepter, 2 pour refuser.',
    'team.inviteOperations': '{merchant} vous invite à gérer ses opérations. Répondez 1 pour accepter, 2 pour refuser.',
    'team.inviteCashier':
      '{merchant} vous invite comme caissier (point de caisse {cashPoint}). Répondez 1 pour accepter, 2 pour refuser.',
    'team.inviteViewer':
      '{merchant} vous invite à consulter ses paiements et rapports. Répondez 1 pour accepter, 2 pour refuser.',
    'team.inviteDeveloper': '{merchant} vous invite comme développeur. Répondez 1 pour accepter, 2 pour refuser.',
    'team.accept': 'Accepter',
    'team.decline': 'Refuser',
    'team.accepted': "Vous faites maintenant partie de l'équipe de {merchant}.",
    'team.declined': "Vous avez refusé l'invitation de {merchant}.",
    'team.noInvitation': "Vous n'avez aucune invitation dans une équipe marchande. Envoyez 00 pour le menu.",
    'team.needAccount':
      "Pour rejoindre une équipe marchande, il vous faut d'abord un compte. Envoyez 00 pour le menu et inscrivez-vous.",
    'team.help': "Répondez 1 pour rejoindre l'équipe de ce marchand, 2 pour refuser. 0 pour revenir.",
  },
});
