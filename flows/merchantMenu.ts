/**
 * "My business" (main menu): a person without a merchant account, and in no merchant's team, is offered to open
 * one; its owner gets the merchant's actions (request a payment, an order's status, refund a payment), each its own
 * flow. The title says when the merchant is not yet verified (low limits) or suspended. A team member gets the
 * business they act for, their role, and the actions it allows (merchantRole.ts); opening a business stays with
 * people who act for none.
 */
import { assign, emit } from 'xstate';
import { menu, replyEvent, type FlowInput, type FlowName, type FlowOutput } from './conversation';
import { businessMenu } from './merchantRole';
import { merchantOfActor, type MerchantSummary } from './merchantServices';
import { finalStates, flowSetup, menuStep, option } from './steps';

/** Bumped when a saved merchant-menu conversation could no longer be resumed by this machine. */
export const merchantMenuVersion = 2;

interface MerchantMenuContext {
  input: FlowInput;
  merchant: MerchantSummary | null;
  /** The flow chosen, handed over when this one ends. */
  next: FlowName | null;
}

/** The "My business" conversation (see the file comment); `merchantOf` is bound at wiring. */
export const merchantMenuMachine = flowSetup<MerchantMenuContext>()({ merchantOf: merchantOfActor })
  .extend({
    actions: {
      showOpenOffer: emit(replyEvent(menu('merchantMenu.noAccount', ['merchantMenu.open']))),
      // Shown only once the merchant is known (the `owner` state).
      showOwnerMenu: emit(({ context }) => replyEvent(businessMenu(context.merchant!))),
      goTo: assign((_, flow: FlowName) => ({ next: flow })),
    },
  })
  .createMachine({
    id: 'merchantMenu',
    context: ({ input }) => ({ input, merchant: null, next: null }),
    initial: 'loading',
    states: {
      loading: {
        tags: ['busy'],
        invoke: {
          src: 'merchantOf',
          input: ({ context }) => ({ msisdn: context.input.msisdn }),
          onDone: [
            { guard: ({ event }) => event.output === null, target: 'noAccount' },
            { target: 'owner', actions: assign({ merchant: ({ event }) => event.output }) },
          ],
          onError: { target: 'failed' },
        },
      },
      noAccount: menuStep({
        show: 'showOpenOffer',
        help: 'merchantMenu.help.open',
        choices: [option('1', { target: 'done', actions: { type: 'goTo', params: 'merchantAccount' } })],
        // Back to the main menu, which shows itself.
        back: 'done',
      }),
      // A choice the member's role hides, typed anyway, goes on to its flow, which says the role does not allow it.
      owner: menuStep({
        show: 'showOwnerMenu',
        help: 'merchantMenu.help',
        choices: [
          option('1', { target: 'done', actions: { type: 'goTo', params: 'merchantRequest' } }),
          option('2', { target: 'done', actions: { type: 'goTo', params: 'merchantOrder' } }),
          option('3', { target: 'done', actions: { type: 'goTo', params: 'merchantRefund' } }),
        ],
        back: 'done',
      }),
      ...finalStates(),
    },
    // On to the flow chosen; or back to the main menu, shown again (after a failure, its message said enough).
    output: ({ context }): FlowOutput => (context.next ? { next: context.next } : { next: 'mainMenu' }),
  });
