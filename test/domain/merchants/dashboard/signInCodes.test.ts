/**
 * Sign-in codes and sessions on the real database: the limits are slots taken by inserts, so they hold under
 * concurrency and across processes (two SignInCodes on one database): five codes an hour, ten minutes each, five
 * tries, one use; the code kept only as an HMAC; sessions found by their secret's hash, ended by signing out or
 * by time.
 */
import type { Notice } from '../../../../domain/notifications';
import type { Msisdn } from '../../../../domain/phone';
import { DashboardSessions, DASHBOARD_SESSION_MS } from '../../../../domain/merchants/dashboard/dashboardSessions';
import {
  SIGN_IN_CODE_TTL_MS,
  SIGN_IN_CODES_PER_HOUR,
  SignInCodes,
} from '../../../../domain/merchants/dashboard/signInCodes';
import {
  ensureDashboardSessionIndexes,
  MongoDashboardSessionStore,
} from '../../../../integrations/mongo/dashboardSessionStore';
import { ensureSignInCodeIndexes, MongoSignInCodeStore } from '../../../../integrations/mongo/signInCodeStore';
import { useTestDatabase } from '../../../support/database';

const db = useTestDatabase();
const MEMBER = '237677790001' as Msisdn;
const STRANGER = '237677790002' as Msisdn;

let now = new Date('2026-12-05T08:00:00Z');
const sent: { to: Msisdn; notice: Notice; key: string }[] = [];

beforeAll(async () => {
  await ensureSignInCodeIndexes(db.connection);
  await ensureDashboardSessionIndexes(db.connection);
});
beforeEach(() => {
  sent.length = 0;
});

function codes(): SignInCodes {
  return new SignInCodes({
    store: new MongoSignInCodeStore(db.connection),
    // The outbox's port: what would be delivered, kept to read the code as the member would.
    notifier: {
      notify: async (to, notice, key) => {
        sent.push({ to, notice, key });
      },
    },
    isTeamMember: async (msisdn) => msisdn === MEMBER,
    pepper: 'test-pepper',
    clock: () => now,
  });
}

function lastCode(): string {
  const code = sent.at(-1)?.notice.params?.code;
  if (typeof code !== 'string') throw new Error('no code sent');
  return code;
}

it('keeps the code only as an HMAC and sends it once per code', async () => {
  now = new Date('2026-12-05T08:00:00Z');
  expect(await codes().request(MEMBER, 'chat')).toEqual({ ok: true });
  const code = lastCode();
  const stored = await db.connection.collection('dashboard_sign_in_codes').find({ msisdn: MEMBER }).toArray();
  expect(stored).toHaveLength(1);
  expect(JSON.stringify(stored)).not.toContain(code);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ to: MEMBER, notice: { key: 'dashboard.signInCode' } });
  expect(sent[0]?.notice.bySms).toBeUndefined();
});

it('gives a number five codes an hour, even asked at once from two processes, and more the next hour', async () => {
  now = new Date('2026-12-05T09:10:00Z');
  const [first, second] = [codes(), codes()];
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => (i % 2 ? first : second).request(MEMBER, 'sms')),
  );
  expect(answers.filter((a) => a.ok)).toHaveLength(SIGN_IN_CODES_PER_HOUR);
  expect(answers.filter((a) => !a.ok)).toEqual(
    Array.from({ length: 3 }, () => ({ ok: false, reason: 'TOO_MANY_CODES' })),
  );
  expect(sent).toHaveLength(SIGN_IN_CODES_PER_HOUR);
  expect(sent.every((s) => s.notice.bySms === true)).toBe(true);
  now = new Date('2026-12-05T10:00:00Z');
  expect(await first.request(MEMBER, 'chat')).toEqual({ ok: true });
});

it('sends nothing to a number in no team, and answers it as a member: ok, then too many past the limit', async () => {
  now = new Date('2026-12-05T13:00:00Z');
  for (let i = 0; i < SIGN_IN_CODES_PER_HOUR; i += 1) {
    expect(await codes().request(STRANGER, 'chat')).toEqual({ ok: true });
  }
  expect(await codes().request(STRANGER, 'chat')).toEqual({ ok: false, reason: 'TOO_MANY_CODES' });
  expect(sent).toEqual([]);
  // Its slots hold codes nobody was sent: a guess is only wrong (and a lucky one opens nothing: no team to act for).
  expect(await codes().verify(STRANGER, '123456')).toMatchObject({ ok: false });
});

it('takes only the newest code, within ten minutes, once: two processes typing it at once sign in once', async () => {
  now = new Date('2026-12-05T11:00:00Z');
  await codes().request(MEMBER, 'chat');
  const older = lastCode();
  now = new Date(now.getTime() + 60_000);
  await codes().request(MEMBER, 'chat');
  const newer = lastCode();
  if (older !== newer) expect(await codes().verify(MEMBER, older)).toEqual({ ok: false, reason: 'WRONG_CODE' });
  const both = await Promise.all([
    codes().verify(MEMBER, newer),
    codes().verify(MEMBER, ` ${newer.slice(0, 3)} ${newer.slice(3)} `),
  ]);
  expect(both.filter((r) => r.ok)).toHaveLength(1);
  expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'CODE_SPENT' }]);

  await codes().request(MEMBER, 'chat');
  const late = lastCode();
  now = new Date(now.getTime() + SIGN_IN_CODE_TTL_MS);
  expect(await codes().verify(MEMBER, late)).toEqual({ ok: false, reason: 'NO_CODE' });
});

it('opens sessions found by their secret only, for eight hours, and ends them on sign-out', async () => {
  now = new Date('2026-12-05T12:00:00Z');
  const sessions = new DashboardSessions(new MongoDashboardSessionStore(db.connection), () => now);
  const { secret, session } = await sessions.open(MEMBER, 'm_test');
  expect(session.expiresAt.getTime() - now.getTime()).toBe(DASHBOARD_SESSION_MS);
  const stored = await db.connection.collection('dashboard_sessions').findOne({ msisdn: MEMBER });
  expect(JSON.stringify(stored)).not.toContain(secret);
  expect(await sessions.find(secret)).toMatchObject({ msisdn: MEMBER, merchantId: 'm_test' });
  expect(await sessions.find(`${secret}x`)).toBeNull();
  expect(await sessions.find('')).toBeNull();
  now = new Date(now.getTime() + DASHBOARD_SESSION_MS);
  expect(await sessions.find(secret)).toBeNull();
  now = new Date('2026-12-05T12:00:00Z');
  const other = await sessions.open(MEMBER, 'm_test');
  await sessions.close(other.secret);
  expect(await sessions.find(other.secret)).toBeNull();
});
