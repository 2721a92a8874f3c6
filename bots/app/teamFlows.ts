/** Binds the team conversation (answering an invitation, flows/merchantInvite.ts) to the team service. */
import { fromPromise } from 'xstate';
import type { Team } from '../../domain/merchants/team/team';
import type { Msisdn } from '../../domain/phone';
import {
  merchantInviteMachine,
  merchantInviteVersion,
  type AnswerInvitationInput,
  type InvitationSummary,
} from '../../flows/merchantInvite';
import type { FlowDefinition } from '../runtime/conversations';

/** The invitation flow, bound to the team service. */
export function provideTeamFlows(services: {
  team: Pick<Team, 'invitationsOf' | 'accept' | 'decline'>;
}): Record<'merchantInvite', FlowDefinition> {
  const { team } = services;
  return {
    merchantInvite: {
      version: merchantInviteVersion,
      machine: merchantInviteMachine.provide({
        actors: {
          invitationsOf: fromPromise<InvitationSummary[], { msisdn: Msisdn }>(({ input }) =>
            team.invitationsOf(input.msisdn),
          ),
          answerInvitation: fromPromise(({ input }: { input: AnswerInvitationInput }) =>
            input.accept ? team.accept(input.merchantId, input.msisdn) : team.decline(input.merchantId, input.msisdn),
          ),
        },
      }),
    },
  };
}
