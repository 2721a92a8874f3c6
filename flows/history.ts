/**
 * History: the person's recent operations, five numbered lines a page, newest first; `9` shows older ones, a line's
 * number shows that operation in full (full date and reference), `0` goes back a page or leaves. Started with the
 * argument `reference` (`what happened to my payment <ref>`), it looks that operation up among the recent ones and
 * shows it directly: by its short reference (the nine characters of its receipt, notices and history line, typed with
 * or without separators, in any case) or by its transfer id. Read only: nothing here moves money, so nothing needs an idempotency key; the PIN is asked
 * first, once per session (as on the operators' own menus), since the history tells who a person pays.
 *
 * Lines are built in the flow's language (`input.language`): a reply's parameters are text, counts, amounts or
 * dates, never message keys, so the words for a kind, a status or a rail have to be chosen when the reply is made.
 */
import { assign, emit, enqueueActions, fromPromise } from 'xstate';
import type { OperationsPage } from '../domain/history';
import { accountIds, type AccountId } from '../domain/ledger/accounts';
import type { Operation } from '../domain/operations';
import { deriveShortReference, parseShortReference } from '../domain/shortReference';
import {
  end,
  inputText,
  menu,
  replyEvent,
  text,
  type FlowEvent,
  type FlowInput,
  type FlowOutput,
  type MenuOption,
  type Reply,
} from './conversation';
import type { MessageKey } from './messages';
import { historyDetail, historyLine } from './messages/history';
import { notProvided } from './notProvided';
import { storedRefusal } from './refusals';
import { askStep, finalStates, flowSetup, menuStep, sessionPinGate, sessionPinSteps } from './steps';

/** Bumped when a saved history conversation could no longer be resumed by this machine. */
export const historyVersion = 3;

/** What the `historyPage` actor is asked: OperationHistory.page(account, { limit, cursor }). */
export interface HistoryPageRequest {
  account: AccountId;
  limit: number;
  /** The `next` of the previous page; absent for the newest page. */
  cursor?: string;
}

/** Five short lines fit one USSD screen and a couple of SMS; it must stay below 9, the "older" choice. */
const LINES_PER_PAGE = 5;
/** What a person types for the next (older) page. */
const OLDER = '9';
/**
 * Looking up a reference reads the newest operations in pages of this size (the domain's maximum), up to this many
 * pages: a person asking about a payment asks about a recent one, and the read stays bounded.
 */
const SEARCH_PAGE_SIZE = 50;
const SEARCH_PAGES = 2;
/**
 * Fewer characters than a short reference (9) could match several operations. 8 still finds a transfer by the end of
 * its id, as history lines showed before short references.
 */
const MIN_REFERENCE_LENGTH = 8;
/** Anything longer is not a reference; the cap keeps what is echoed back short. */
const MAX_REFERENCE_LENGTH = 64;

/** An operation as kept in the context: the snapshot is saved as JSON, so its moment is kept as ISO text. */
type SavedOperation = Omit<Operation, 'at' | 'shortReference'> & { at: string; shortReference?: string };

interface HistoryContext {
  input: FlowInput;
  /** The cursor of the page shown (null: the newest page). */
  cursor: string | null;
  /** The cursors of the pages before it, newest page first, so `0` can go back one page. */
  earlier: (string | null)[];
  /** The cursor of the next (older) page; null when this page is the last. */
  next: string | null;
  /** The operations of the page shown. */
  operations: SavedOperation[];
  /** Whether a page was read (a detail opened by reference has no list to go back to yet). */
  listed: boolean;
  /** The operation shown in full. */
  detail: SavedOperation | null;
  /** The reference asked for at start, letters and digits only, in capitals; '' when none. */
  reference: string;
  /** Where the reference search reads next, and how many pages it has read. */
  searchCursor: string | null;
  searchedPages: number;
  /** Left with `0` from the first page: the main menu is shown again, not quietly waiting. */
  leaving: boolean;
}

function saved(operation: Operation): SavedOperation {
  return { ...operation, at: new Date(operation.at).toISOString() };
}

/**
 * A saved operation as the screens use it. One saved before operations carried their short reference gets the one
 * every display computes for a transfer without a reserved one (its first derivation), so a conversation saved then
 * resumes without a restart.
 */
function revived(operation: SavedOperation): Operation {
  return {
    ...operation,
    shortReference: operation.shortReference ?? deriveShortReference(operation.reference),
    at: new Date(operation.at),
  };
}

/** Letters and digits in capitals: references are quoted with or without their separators, in any case. */
function referenceText(reference: string): string {
  return reference
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .slice(0, MAX_REFERENCE_LENGTH);
}

/**
 * Whether `operation` is the one a person quoted: its short reference, its full transfer id, or the end of that id
 * as history lines printed it before short references. The operation carries the short reference its transfer was
 * given (reserved in the short reference store when it was created), so the match is exact and needs no read of
 * the store: the store's lookup (ShortReferences.resolve) is for support, who start from a reference, not a wallet.
 * Here the wallet's own operations are searched anyway, which is also what keeps a person from seeing another's.
 */
function isReferenced(operation: Operation, wanted: string): boolean {
  if (parseShortReference(wanted) === operation.shortReference) return true;
  return wanted.length >= MIN_REFERENCE_LENGTH && referenceText(operation.reference).endsWith(wanted);
}

/** The index on the page of the line a person picked, or null when the input picks no line. */
function pickedLine(operations: readonly SavedOperation[], event: FlowEvent): number | null {
  const typed = inputText(event);
  if (!/^[0-9]{1,2}$/.test(typed)) return null;
  const index = Number(typed) - 1;
  return index >= 0 && index < operations.length ? index : null;
}

/** The page as a menu: one numbered line per operation, then `9` for older ones when there are. */
function pageScreen(context: HistoryContext, key?: MessageKey): Reply {
  const options: MenuOption[] = context.operations.map((operation, index) => {
    const line = historyLine(revived(operation), context.input.language);
    const id = String(index + 1);
    return line.params ? { id, key: line.key, params: line.params } : { id, key: line.key };
  });
  if (context.next !== null) options.push({ id: OLDER, key: 'history.more' });
  const page = context.earlier.length + 1;
  if (key) return menu(key, options);
  return page === 1 ? menu('history.title', options) : menu('history.titlePage', options, { page });
}

/** One operation in full, with `0` to go back to the list (a button on channels that have them). */
function detailScreen(context: HistoryContext): Reply {
  if (!context.detail) throw new Error('no operation to show');
  const detail = historyDetail(revived(context.detail), context.input.language);
  return menu(detail.key, [{ id: '0', key: 'history.backToList' }], detail.params);
}

export const historyMachine = flowSetup<HistoryContext>()({
  historyPage: fromPromise<OperationsPage, HistoryPageRequest>(notProvided('historyPage')),
})
  .extend({
    guards: {
      askedForAReference: ({ context }) => context.reference.length >= MIN_REFERENCE_LENGTH,
      askedForAShortReference: ({ context }) => context.reference !== '',
      pickedALine: ({ context, event }) => pickedLine(context.operations, event) !== null,
      askedForOlder: ({ event }) => inputText(event) === OLDER,
      askedForOlderAndHasSome: ({ context, event }) => inputText(event) === OLDER && context.next !== null,
      onALaterPage: ({ context }) => context.earlier.length > 0,
      listRead: ({ context }) => context.listed,
    },
    actions: {
      leave: assign({ leaving: true }),
      showPage: emit(({ context }) => replyEvent(pageScreen(context))),
      sayPickALine: emit(({ context }) => replyEvent(pageScreen(context, 'history.pickALine'))),
      sayNoOlder: emit(({ context }) => replyEvent(pageScreen(context, 'history.end'))),
      showDetail: enqueueActions(({ context, enqueue }) => {
        enqueue.emit(replyEvent(detailScreen(context)));
        // A refused operation also says why, in the words the person would have read at the time.
        if (context.detail?.status === 'refused') enqueue.emit(replyEvent(storedRefusal(context.detail.reason)));
      }),
      sayDetailHint: emit(replyEvent(text('history.detailHint'))),
      sayNotFound: emit(({ context }) => replyEvent(text('history.notFound', { reference: context.reference }))),
      pickLine: assign({
        detail: ({ context, event }) => context.operations[pickedLine(context.operations, event) ?? -1] ?? null,
      }),
      goOlder: assign({
        earlier: ({ context }) => [...context.earlier, context.cursor],
        cursor: ({ context }) => context.next,
      }),
      goNewer: assign({
        cursor: ({ context }) => context.earlier[context.earlier.length - 1] ?? null,
        earlier: ({ context }) => context.earlier.slice(0, -1),
      }),
    },
  })
  .createMachine({
    id: 'history',
    context: ({ input }) => {
      const asked = input.args?.reference;
      return {
        input,
        cursor: null,
        earlier: [],
        next: null,
        operations: [],
        listed: false,
        detail: null,
        reference: asked === undefined ? '' : referenceText(String(asked)),
        searchCursor: null,
        searchedPages: 0,
        leaving: false,
      };
    },
    initial: 'gate',
    states: {
      // The history tells who a person pays: it needs the PIN once per session.
      gate: sessionPinGate('start'),
      ...sessionPinSteps({
        id: 'history',
        then: 'start',
        locked: '#history.done',
        failed: '#history.unavailable',
        back: { target: 'done', actions: 'leave' },
      }),
      start: {
        always: [
          { guard: 'askedForAReference', target: 'searching' },
          { guard: 'askedForAShortReference', target: 'loading', actions: 'sayNotFound' },
          { target: 'loading' },
        ],
      },
      loading: {
        tags: ['busy'],
        invoke: {
          src: 'historyPage',
          input: ({ context }) => ({
            account: accountIds.wallet(context.input.msisdn),
            limit: LINES_PER_PAGE,
            ...(context.cursor === null ? {} : { cursor: context.cursor }),
          }),
          onDone: [
            {
              guard: ({ context, event }) => event.output.operations.length === 0 && context.earlier.length === 0,
              target: 'empty',
            },
            {
              // A cursor may promise more when the older entries only finish operations already shown: the page
              // before is kept (it is still in the context) and the person told that is all.
              guard: ({ event }) => event.output.operations.length === 0,
              target: 'list',
              actions: ['goNewer', assign({ next: null }), 'sayNoOlder'],
            },
            {
              target: 'list',
              actions: [
                assign({
                  operations: ({ event }) => event.output.operations.map(saved),
                  next: ({ event }) => event.output.next,
                  listed: true,
                }),
                'showPage',
              ],
            },
          ],
          onError: { target: 'unavailable' },
        },
      },
      // The page is shown by what leads here, under its title or under "that is all".
      list: menuStep({
        show: 'showPage',
        help: 'history.help.list',
        showOnEntry: false,
        choices: [
          { guard: 'pickedALine', target: 'detail', actions: 'pickLine' },
          { guard: 'askedForOlderAndHasSome', target: 'loading', actions: 'goOlder' },
          { guard: 'askedForOlder', actions: 'sayNoOlder' },
        ],
        invalid: 'sayPickALine',
        back: [
          { guard: 'onALaterPage', target: 'loading', actions: 'goNewer' },
          { target: 'done', actions: 'leave' },
        ],
      }),
      // Another line's number opens that one; `0` goes back to the list (read first when opened by reference).
      detail: askStep({
        ask: 'showDetail',
        help: 'history.help.detail',
        accept: { guard: 'pickedALine', target: 'detail', reenter: true, actions: 'pickLine' },
        correct: 'sayDetailHint',
        back: [{ guard: 'listRead', target: 'list', actions: 'showPage' }, { target: 'loading' }],
      }),
      searching: {
        tags: ['busy'],
        invoke: {
          src: 'historyPage',
          input: ({ context }) => ({
            account: accountIds.wallet(context.input.msisdn),
            limit: SEARCH_PAGE_SIZE,
            ...(context.searchCursor === null ? {} : { cursor: context.searchCursor }),
          }),
          onDone: [
            {
              guard: ({ context, event }) => event.output.operations.some((o) => isReferenced(o, context.reference)),
              target: 'detail',
              actions: assign({
                detail: ({ context, event }) =>
                  saved(event.output.operations.find((o) => isReferenced(o, context.reference))!),
              }),
            },
            {
              guard: ({ context, event }) => event.output.next !== null && context.searchedPages + 1 < SEARCH_PAGES,
              target: 'searching',
              reenter: true,
              actions: assign({
                searchCursor: ({ event }) => event.output.next,
                searchedPages: ({ context }) => context.searchedPages + 1,
              }),
            },
            { target: 'loading', actions: 'sayNotFound' },
          ],
          onError: { target: 'unavailable' },
        },
      },
      empty: { type: 'final', entry: emit(replyEvent(end('history.emptyTopUp'))) },
      unavailable: { type: 'final', entry: emit(replyEvent(end('history.unavailable'))) },
      ...finalStates(),
    },
    // Leaving with 0 shows the menu again; after a last screen the menu waits quietly, one `00` (or a number) away.
    output: ({ context }): FlowOutput => (context.leaving ? {} : { quiet: true }),
  });
