/**
 * Answering an invitation to a merchant's team: the invitee is shown the merchant, the role (and a cashier's cash
 * point) and accepts (1) or declines (2). Started by typing `invitations` (the notice of the invite says so).
 * Accepting needs an account but no PIN: it moves no money. With several invitations, the oldest is answered first.
 */
import { assign, emit, fromPromise } from 'xstate';
import type { Msisdn } from '../domain/phone';
import { end, menu, replyEvent, type FlowInput, type Reply } from './conversation';
import type { MessageKey } from './messages';
import { notProvided } from './notProvided';
import { confirmStep, finalStates, flowSetup, quietOutput } from './steps';

/** Bumped when a saved invitation conversation could no longer be resumed by this machine. */
export const merchantInviteVersion = 1;

/** An invitation as the chat shows it. */
export interface InvitationSummary {
  merchantId: string;
  merchantName: string;
  role: 'admin' | 'operations' | 'cashier' | 'viewer' | 'developer';
  cashPointName: string | null;
}

/** What answering an invitation gives. */
export type AnswerInvitationResult = { ok: true } | { ok: false; reason: 'NO_INVITATION' | 'NOT_REGISTERED' };

export interface AnswerInvitationInput {
  merchantId: string;
  msisdn: Msisdn;
  accept: boolean;
}

interface MerchantInviteContext {
  input: FlowInput;
  invitation: InvitationSummary | null;
  /** The invitee's answer once given. */
  accept: boolean;
}

const INVITE_KEYS: Readonly<Record<InvitationSummary['role'], MessageKey>> = {
  admin: 'team.inviteAdmin',
  operations: 'team.inviteOperations',
  cashier: 'team.inviteCashier',
  viewer: 'team.inviteViewer',
  developer: 'team.inviteDeveloper',
};

/** The invitation's question, in the role's own words. */
export function invitationMenu(invitation: InvitationSummary): Reply {
  return menu(INVITE_KEYS[invitation.role], ['team.accept', 'team.decline'], {
    merchant: invitation.merchantName,
    cashPoint: invitation.cashPointName ?? '',
  });
}

/** What the invitee is told once their answer was taken (or why it could not be). */
export function answerReply(invitation: InvitationSummary | null, accepted: boolean, result: AnswerInvitationResult) {
  if (result.ok) return end(accepted ? 'team.accepted' : 'team.declined', { merchant: invitation?.merchantName ?? '' });
  return end(result.reason === 'NOT_REGISTERED' ? 'team.needAccount' : 'team.noInvitation');
}

/** The invitation conversation (see the file comment); services are bound at wiring. */
export const merchantInviteMachine = flowSetup<MerchantInviteContext>()({
  invitationsOf: fromPromise<InvitationSummary[], { msisdn: Msisdn }>(notProvided('invitationsOf')),
  answerInvitation: fromPromise<AnswerInvitationResult, AnswerInvitationInput>(notProvided('answerInvitation')),
})
  .extend({
    actions: {
      keepAccept: assign({ accept: true }),
      keepDecline: assign({ accept: false }),
      showInvitation: emit(({ context }) =>
        replyEvent(context.invitation ? invitationMenu(context.invitation) : end('team.noInvitation')),
      ),
    },
  })
  .createMachine({
    id: 'merchantInvite',
    context: ({ input }) => ({ input, invitation: null, accept: false }),
    initial: 'loading',
    states: {
      loading: {
        tags: ['busy'],
        invoke: {
          src: 'invitationsOf',
          input: ({ context }) => ({ msisdn: context.input.msisdn }),
          onDone: [
            {
              guard: ({ event }) => event.output.length === 0,
              target: 'done',
              actions: emit(replyEvent(end('team.noInvitation'))),
            },
            { target: 'answering', actions: assign({ invitation: ({ event }) => event.output[0] ?? null }) },
          ],
          onError: { target: 'failed' },
        },
      },
      answering: confirmStep({
        show: 'showInvitation',
        help: 'team.help',
        yes: { target: 'replying', actions: 'keepAccept' },
        no: { target: 'replying', actions: 'keepDecline' },
        back: 'cancelled',
      }),
      replying: {
        tags: ['busy'],
        invoke: {
          src: 'answerInvitation',
          input: ({ context }) => ({
            merchantId: context.invitation?.merchantId ?? '',
            msisdn: context.input.msisdn,
            accept: context.accept,
          }),
          onDone: {
            target: 'done',
            actions: emit(({ context, event }) =>
              replyEvent(answerReply(context.invitation, context.accept, event.output)),
            ),
          },
          onError: { target: 'failed' },
        },
      },
      ...finalStates(),
    },
    output: quietOutput,
  });
