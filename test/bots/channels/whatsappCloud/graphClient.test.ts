/**
 * The Graph API client against the Graph API simulator over real HTTP: what it sends, what it repeats (only what
 * Meta said it did not take) and how Meta's refusals read. Then the renderer's choices at Meta's limits, checked
 * by sending each rendering to the simulator, which refuses anything beyond them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { renderCloud, type CloudMessage } from '../../../../bots/channels/whatsappCloud/cloudRenderer';
import { GraphApiClient } from '../../../../bots/channels/whatsappCloud/graphClient';
import { menu, text } from '../../../../flows/conversation';
import {
  startGraphApiSimulator,
  type GraphApiSimulator,
} from '../../../../integrations/whatsappCloud/graphApiSimulator';
import { ACCESS_TOKEN, APP_SECRET, GRAPH_VERSION, PHONE_NUMBER_ID, shown } from './cloudWorld';

let simulator: GraphApiSimulator;
const TO = '237677320001';
const HELLO: CloudMessage = { type: 'text', text: { body: 'Bonjour' } };

beforeAll(async () => {
  simulator = await startGraphApiSimulator({
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    phoneNumberId: PHONE_NUMBER_ID,
  });
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

function client(options: { accessToken?: string; baseUrl?: string; timeoutMs?: number } = {}) {
  return new GraphApiClient({
    baseUrl: options.baseUrl ?? simulator.url,
    version: GRAPH_VERSION,
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: options.accessToken ?? ACCESS_TOKEN,
    timeoutMs: options.timeoutMs ?? 2000,
    retryDelaysMs: [10, 20, 40],
  });
}

describe('sending', () => {
  it('posts the message to our number with the bearer token and returns its wamid', async () => {
    const result = await client().send(TO, HELLO);
    expect(result).toEqual({ ok: true, messageId: simulator.messages[0]?.id, attempts: 1 });
    expect(simulator.messages[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { body: 'Bonjour' },
    });
  });

  it('sends once after a rate limit: the 429 took nothing, the retry is the only message', async () => {
    simulator.failNext(1, 429);
    const result = await client().send(TO, HELLO);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(simulator.calls).toBe(2);
    expect(simulator.messagesTo(TO)).toHaveLength(1);
  });

  it('tries again after server errors, then gives up with UNAVAILABLE when they last', async () => {
    simulator.failNext(2, 500);
    expect(await client().send(TO, HELLO)).toMatchObject({ ok: true, attempts: 3 });
    expect(simulator.messagesTo(TO)).toHaveLength(1);
    simulator.reset();
    simulator.failNext(4, 500);
    expect(await client().send(TO, HELLO)).toEqual({
      ok: false,
      reason: 'UNAVAILABLE',
      status: 500,
      code: 1,
      attempts: 4,
    });
    expect(simulator.messages).toHaveLength(0);
  });

  it.each([
    [131047, 'OUTSIDE_WINDOW'],
    [131026, 'INVALID_NUMBER'],
    [131056, 'RATE_LIMITED'],
    [130429, 'RATE_LIMITED'],
    [131009, 'REFUSED'],
  ] as const)('reads Graph error %i as %s', async (code, reason) => {
    // Four refusals: a rate limit is tried again until the tries run out, a final refusal only once.
    simulator.failNext(4, { code });
    const result = await client().send(TO, HELLO);
    expect(result).toMatchObject({ ok: false, reason, code, status: 400 });
    expect(simulator.calls).toBe(reason === 'RATE_LIMITED' ? 4 : 1);
  });

  it('reads a refused token as UNAUTHORIZED and does not repeat it', async () => {
    expect(await client({ accessToken: 'EAAwrong' }).send(TO, HELLO)).toEqual({
      ok: false,
      reason: 'UNAUTHORIZED',
      status: 401,
      code: 190,
      attempts: 1,
    });
    expect(simulator.calls).toBe(1);
  });

  it('tries again when the connection is refused: nothing reached Meta', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    await once(closed, 'close');
    expect(await client({ baseUrl: url }).send(TO, HELLO)).toEqual({ ok: false, reason: 'UNAVAILABLE', attempts: 4 });
  });

  it('does not repeat a call that timed out: Meta may have taken it', async () => {
    let calls = 0;
    const slow = createServer(() => {
      calls += 1; // never answers
    });
    slow.listen(0, '127.0.0.1');
    await once(slow, 'listening');
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      expect(await client({ baseUrl: url, timeoutMs: 200 }).send(TO, HELLO)).toEqual({
        ok: false,
        reason: 'UNAVAILABLE',
        attempts: 1,
      });
      expect(calls).toBe(1);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });
});

describe('rendering at Meta’s limits', () => {
  async function sendAll(messages: CloudMessage[]) {
    for (const message of messages) expect(await client().send(TO, message)).toMatchObject({ ok: true });
    return simulator.messagesTo(TO).map(shown);
  }

  const options = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: String(i + 1), key: 'common.help' as const }));

  it('puts a yes/no question on buttons, with the texts before it in its body', async () => {
    const replies = [
      text('onboarding.askName'),
      menu('onboarding.terms', [
        { id: '1', key: 'onboarding.accept' },
        { id: '2', key: 'onboarding.decline' },
      ]),
    ];
    const [only, ...rest] = await sendAll(renderCloud(replies, 'en'));
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ kind: 'button', options: ['I accept', 'I decline'] });
    expect(only?.body).toMatch(/^What is your name\?.*\n\nDo you accept/s);
  });

  it('makes a list of more than 3 options, and numbered text of more than 10', async () => {
    const four = menu('common.help', options(4));
    expect((await sendAll(renderCloud([four], 'en')))[0]).toMatchObject({ kind: 'list' });
    simulator.reset();
    const eleven = menu('common.help', options(11));
    const [shownEleven] = await sendAll(renderCloud([eleven], 'en'));
    expect(shownEleven?.kind).toBe('text');
    expect(shownEleven?.body.split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(11);
  });

  it('puts a title too long for a row into its description', async () => {
    const longTitle = menu('common.help', [
      { id: '1', key: 'common.unsupported' },
      { id: '2', key: 'common.help' },
    ]);
    const [list] = renderCloud([longTitle], 'en');
    const rows =
      list?.type === 'interactive' && list.interactive.type === 'list' ? list.interactive.action.sections[0]?.rows : [];
    expect(rows?.[0]?.title).toHaveLength(24);
    expect(rows?.[0]?.title.endsWith('…')).toBe(true);
    expect(Array.from(rows?.[0]?.description ?? '').length).toBeLessThanOrEqual(72);
    const shownList = await sendAll([list!]);
    expect(shownList[0]?.kind).toBe('list');
  });

  it('sends a text too long for a menu body on its own, then the menu', async () => {
    const long = text('payments.received', {
      amount: { francs: 500 },
      sender: 'Awa '.repeat(300),
      number: '677300001',
      reference: 'R9',
    });
    const yesNo = menu('onboarding.terms', [
      { id: '1', key: 'onboarding.accept' },
      { id: '2', key: 'onboarding.decline' },
    ]);
    const sent = await sendAll(renderCloud([long, yesNo], 'en'));
    expect(sent.map((m) => m.kind)).toEqual(['text', 'button']);
    expect(sent[0]?.body).toMatch(/^You received 500 FCFA from Awa/);
    expect(sent[1]?.body).toMatch(/^Do you accept/);
  });
});
