/**
 * Open a merchant account: the business's name, what it does (a numbered menu), a confirmation saying the low
 * limits it starts with; then the account is opened. No PIN: opening moves no money. Opening is keyed by the
 * owner's number (one merchant per person), so a retry or a second tap finds the account instead of a second one.
 */
import { assign, emit, fromPromise } from 'xstate';
import { MERCHANT_CATEGORIES, MERCHANT_LIMITS, type MerchantCategory } from '../domain/merchants/merchant';
import { francsParam } from '../domain/notifications';
import { end, inputText, menu, replyEvent, text, type FlowInput, type Reply } from './conversation';
import { businessNameOf, isBusinessName, MAX_BUSINESS_NAME, MIN_BUSINESS_NAME } from './merchantInput';
import {
  merchantOfActor,
  type OpenMerchantInput,
  type OpenMerchantRefusal,
  type OpenMerchantResult,
} from './merchantServices';
import { notProvided } from './notProvided';
import { askStep, confirmStep, finalStates, flowSetup, menuStep, quietOutput, say } from './steps';

/** Bumped when a saved account-opening conversation could no longer be resumed by this machine. */
export const merchantAccountVersion = 1;

interface MerchantAccountContext {
  input: FlowInput;
  name: string;
  category: MerchantCategory | null;
}

const nameQuestion = text('merchantAccount.askName', { min: MIN_BUSINESS_NAME, max: MAX_BUSINESS_NAME });

function categoryMenu(name: string): Reply {
  return menu(
    'merchantAccount.askCategory',
    MERCHANT_CATEGORIES.map((c) => `merchantAccount.category.${c}` as const),
    { name },
  );
}

function categoryOf(typed: string): MerchantCategory | null {
  return /^\d$/.test(typed) ? (MERCHANT_CATEGORIES[Number(typed) - 1] ?? null) : null;
}

const limits = MERCHANT_LIMITS.unverified;

const opened = (args: { event: { output: OpenMerchantResult } }) => args.event.output.ok;
const refused = (reason: OpenMerchantRefusal) => (args: { event: { output: OpenMerchantResult } }) =>
  !args.event.output.ok && args.event.output.reason === reason;

function openedReply(result: OpenMerchantResult): Reply {
  if (!result.ok) return end('merchantAccount.notRegistered');
  const key = result.created ? 'merchantAccount.opened' : 'merchantAccount.already';
  return end(key, { name: result.merchant.name });
}

/** The account-opening conversation (see the file comment); services are bound at wiring. */
export const merchantAccountMachine = flowSetup<MerchantAccountContext>()({
  merchantOf: merchantOfActor,
  openMerchant: fromPromise<OpenMerchantResult, OpenMerchantInput>(notProvided('openMerchant')),
})
  .extend({
    guards: {
      isABusinessName: ({ event }) => isBusinessName(inputText(event)),
      choseACategory: ({ event }) => categoryOf(inputText(event)) !== null,
    },
    actions: {
      askName: emit(replyEvent(nameQuestion)),
      sayBadName: emit(replyEvent(text('merchantAccount.badName', { min: MIN_BUSINESS_NAME, max: MAX_BUSINESS_NAME }))),
      keepName: assign({ name: ({ event }) => businessNameOf(inputText(event)) }),
      showCategories: emit(({ context }) => replyEvent(categoryMenu(context.name))),
      keepCategory: assign({ category: ({ event }) => categoryOf(inputText(event)) }),
      showConfirmation: emit(({ context }) =>
        replyEvent(
          menu('merchantAccount.confirm', ['merchantAccount.confirmYes', 'merchantAccount.confirmNo'], {
            name: context.name,
            perPayment: francsParam(limits.perPayment),
            perDay: francsParam(limits.perDay),
          }),
        ),
      ),
    },
  })
  .createMachine({
    id: 'merchantAccount',
    context: ({ input }) => ({ input, name: '', category: null }),
    initial: 'checking',
    states: {
      // A person who has one already is told so, instead of being asked for a name that would change nothing.
      checking: {
        tags: ['busy'],
        invoke: {
          src: 'merchantOf',
          input: ({ context }) => ({ msisdn: context.input.msisdn }),
          onDone: [
            { guard: ({ event }) => event.output === null, target: 'name' },
            {
              target: 'done',
              actions: emit(({ event }) =>
                replyEvent(end('merchantAccount.already', { name: event.output?.name ?? '' })),
              ),
            },
          ],
          onError: { target: 'failed' },
        },
      },
      name: askStep({
        ask: 'askName',
        help: 'merchantAccount.help.name',
        accept: { guard: 'isABusinessName', target: 'category', actions: 'keepName' },
        correct: 'sayBadName',
        back: 'cancelled',
      }),
      category: menuStep({
        show: 'showCategories',
        help: 'merchantAccount.help.category',
        choices: [{ guard: 'choseACategory', target: 'confirming', actions: 'keepCategory' }],
        back: 'name',
      }),
      confirming: confirmStep({
        show: 'showConfirmation',
        help: 'merchantAccount.help.confirm',
        yes: { target: 'opening' },
        back: 'category',
      }),
      opening: {
        tags: ['busy'],
        invoke: {
          src: 'openMerchant',
          input: ({ context }) => ({
            owner: context.input.msisdn,
            name: context.name,
            category: context.category ?? 'other',
          }),
          onDone: [
            { guard: opened, target: 'done', actions: emit(({ event }) => replyEvent(openedReply(event.output))) },
            { guard: refused('INVALID_NAME'), target: 'name', actions: say(text('merchantAccount.invalidName')) },
            {
              guard: refused('INVALID_CATEGORY'),
              target: 'category',
              actions: say(text('merchantAccount.invalidCategory')),
            },
            { target: 'done', actions: say(end('merchantAccount.notRegistered')) },
          ],
          // Opening is keyed by the owner: trying again from the menu finds the account if it was opened.
          onError: { target: 'failed' },
        },
      },
      ...finalStates(),
    },
    output: quietOutput,
  });
