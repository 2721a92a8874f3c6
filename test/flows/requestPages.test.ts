import { emit, type AnyStateMachine } from 'xstate';
import { francsParam } from '../../domain/notifications';
import { end, menu, replyEvent, text, type Reply } from '../../flows/conversation';
import {
  hasNextPage,
  pageMenu,
  pickedOnPage,
  requestListPieces,
  requestListStep,
  type PagedContext,
} from '../../flows/requestPages';
import { finalStates, flowSetup, say } from '../../flows/steps';
import { driveFlow, flowInput, keys, stepMeta } from '../support/flowHarness';

interface ListContext extends PagedContext<string> {
  items: string[];
}

const list = requestListPieces((context: ListContext) => context.items);

function lines(context: ListContext): Reply {
  return pageMenu('requestPayment.list', context.items, context.page, (payer) => ({
    key: 'requestPayment.itemNoReason',
    params: { payer, amount: francsParam(1000), reason: '' },
  }));
}

/** A machine made of one list of twelve items (three pages): a line picked ends with it, `0` first goes to a step before. */
const machine = flowSetup<ListContext>()()
  .extend({
    guards: list.guards,
    actions: {
      ...list.actions,
      showList: emit(({ context }) => replyEvent(lines(context))),
      sayPicked: emit(({ context }) =>
        replyEvent(end('requestPayment.requestCancelled', { payer: context.chosen ?? '', amount: francsParam(1000) })),
      ),
    },
  })
  .createMachine({
    id: 'listOnly',
    context: ({ input }) => ({
      input,
      items: Array.from({ length: 12 }, (_, i) => `item ${i + 1}`),
      page: 0,
      chosen: null,
    }),
    initial: 'listing',
    states: {
      before: { entry: say(text('requestPayment.askPayer')), on: { INPUT: 'listing' } },
      listing: requestListStep({
        show: 'showList',
        help: 'requestPayment.help.list',
        picked: { target: 'picked' },
        back: 'before',
      }),
      picked: { entry: 'sayPicked', always: 'done' },
      ...finalStates(),
    },
  });

function shown(reply: Reply | undefined) {
  return reply?.kind === 'menu' ? { params: reply.params, ids: reply.options.map((o) => o.id) } : null;
}

describe('the paged list of requests', () => {
  it('shows five lines and "more" (9) while another page follows, with the page number', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(shown(flow.opening[0])).toEqual({ params: { page: 1, pages: 3 }, ids: ['1', '2', '3', '4', '5', '9'] });
    expect(shown((await flow.say('9'))[0])).toEqual({
      params: { page: 2, pages: 3 },
      ids: ['1', '2', '3', '4', '5', '9'],
    });
    expect(shown((await flow.say('9'))[0])).toEqual({ params: { page: 3, pages: 3 }, ids: ['1', '2'] });
  });

  it('picks the line typed on the page shown and keeps it', async () => {
    const flow = await driveFlow(machine, flowInput());
    await flow.say('9');
    expect(await flow.say('2')).toEqual([
      { kind: 'end', key: 'requestPayment.requestCancelled', params: { payer: 'item 7', amount: { francs: 1000 } } },
    ]);
    expect(flow.status).toBe('done');
  });

  it('answers a line not on the page, and 9 on the last page, with "reply with one of the numbers shown"', async () => {
    const flow = await driveFlow(machine, flowInput());
    await flow.say('9');
    await flow.say('9');
    for (const typed of ['3', '9', '6', 'item 1']) {
      expect(keys(await flow.say(typed))).toEqual(['common.invalidChoice', 'requestPayment.list']);
      expect(flow.state).toBe('listing');
    }
  });

  it('turns back a page on 0, and from the first page goes where `back` says', async () => {
    const flow = await driveFlow(machine, flowInput());
    await flow.say('9');
    await flow.say('9');
    expect(shown((await flow.back())[0])?.params).toEqual({ page: 2, pages: 3 });
    expect(shown((await flow.back())[0])?.params).toEqual({ page: 1, pages: 3 });
    expect(keys(await flow.back())).toEqual(['requestPayment.askPayer']);
    expect(flow.state).toBe('before');
  });

  it('names its help text', async () => {
    const flow = await driveFlow(machine, flowInput());
    expect(stepMeta(machine as AnyStateMachine, flow)).toEqual({ help: 'requestPayment.help.list' });
  });

  it('counts one page for an empty list, and picks nothing outside 1 to 5', () => {
    expect(hasNextPage([], 0)).toBe(false);
    expect(pageMenu('requestPayment.list', [], 0, () => ({ key: 'requestPayment.item' }))).toEqual(
      menu('requestPayment.list', [], { page: 1, pages: 1 }),
    );
    expect(pickedOnPage(['a', 'b'], 0, '0')).toBeUndefined();
    expect(pickedOnPage(['a', 'b'], 0, '2')).toBe('b');
    expect(pickedOnPage(['a', 'b'], 0, '3')).toBeUndefined();
  });
});
