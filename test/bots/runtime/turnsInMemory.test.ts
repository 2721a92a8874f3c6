/**
 * The runtime's own rules with its stores in memory (no database adds anything here): a repeated delivery is
 * answered as first and runs nothing, a person's turns run one at a time, and a message that cannot get the
 * person's turn is answered "busy". The flows are the real machines; these paths invoke none of their services.
 */
import { randomUUID } from 'node:crypto';
import { Conversations } from '../../../bots/runtime/conversations';
import type { Inbound } from '../../../bots/runtime/inbound';
import type { Msisdn } from '../../../domain/phone';
import type { UserProfile } from '../../../domain/users';
import { MemoryInboundLog } from '../../../integrations/memory/inboundLog';
import { MemorySessionStore } from '../../../integrations/memory/sessionStore';
import { allFlows } from '../../support/allFlows';

const ada: UserProfile = { msisdn: '237677300001' as Msisdn, name: 'Ada Fotso', language: 'en' };

function runtime(options: { lockWaitMs?: number } = {}) {
  const sessions = new MemorySessionStore();
  const conversations = new Conversations({
    flows: allFlows,
    people: { find: async (msisdn) => (msisdn === ada.msisdn ? ada : null) },
    sessions,
    inbound: new MemoryInboundLog(),
    idleMs: 300_000,
    lockWaitMs: options.lockWaitMs ?? 10_000,
    turnTimeoutMs: 5_000,
    messagesPerMinute: 1_000,
  });
  return { conversations, sessions };
}

function message(text: string, messageId: string = randomUUID()): Inbound {
  return { channel: 'sms', msisdn: ada.msisdn, messageId, at: new Date(), type: 'text', text };
}

const keys = (result: { replies: { key: string }[] }) => result.replies.map((reply) => reply.key);

it('answers a repeated delivery with the first answer, and runs nothing again', async () => {
  const { conversations, sessions } = runtime();
  expect(keys(await conversations.handle(message('hi')))).toContain('menu.title');
  const first = await conversations.handle(message('help', 'SM-help'));
  expect(keys(first)).toEqual(['menu.help']);
  const saved = await sessions.load(ada.msisdn);
  const again = await conversations.handle(message('help', 'SM-help'));
  expect(again).toEqual({ ...first, duplicate: true });
  expect(await sessions.load(ada.msisdn)).toEqual(saved);
});

it("runs a person's twenty messages sent at once one after another, each on the session the previous one saved", async () => {
  const { conversations, sessions } = runtime();
  await conversations.handle(message('hi'));
  const results = await Promise.all(Array.from({ length: 20 }, () => conversations.handle(message('help'))));
  expect(results.map(keys)).toEqual(Array(20).fill(['menu.help']));
  // Each turn counted its message on top of the count the turn before it saved: none ran on a stale session.
  expect((await sessions.load(ada.msisdn))?.messages?.count).toBe(21);
});

it("answers busy when the person's turn does not come within the wait, and runs nothing", async () => {
  const { conversations, sessions } = runtime({ lockWaitMs: 50 });
  await conversations.handle(message('hi'));
  const saved = await sessions.load(ada.msisdn);
  const held = await sessions.begin(ada.msisdn, 0);
  expect(keys(await conversations.handle(message('help')))).toEqual(['common.busy']);
  expect(await sessions.load(ada.msisdn)).toEqual(saved);
  await held!.end(null);
  expect(keys(await conversations.handle(message('help')))).toEqual(['menu.help']);
});

it('answers a repeated delivery as first while another turn of the person runs, and runs nothing', async () => {
  for (const lockWaitMs of [10_000, 50]) {
    const { conversations, sessions } = runtime({ lockWaitMs });
    await conversations.handle(message('hi'));
    const first = await conversations.handle(message('help', 'SM-again'));
    const saved = await sessions.load(ada.msisdn);
    const other = await sessions.begin(ada.msisdn, 0);
    // Waits for that turn (or, past its wait, reads the session): either way the first answer, and nothing run.
    const again = conversations.handle(message('help', 'SM-again'));
    setTimeout(() => void other!.end(null), 100);
    expect(await again).toEqual({ ...first, duplicate: true });
    expect(await sessions.load(ada.msisdn)).toEqual(saved);
  }
});
