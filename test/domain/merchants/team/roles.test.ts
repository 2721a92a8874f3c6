import {
  ACCESS_LEVELS,
  can,
  mayGrant,
  TEAM_RESOURCES,
  TEAM_ROLES,
  type AccessLevel,
  type TeamResource,
  type TeamRole,
} from '../../../../domain/merchants/team/roles';

/**
 * The expected table, written out independently of ROLE_PERMISSIONS: the highest level each role has on each
 * resource, in the order payments, refunds, links, invoices, payouts, salaries, team, cashPoints, apiKeys, webhooks,
 * settings, reports. A cashier's levels hold only at its own cash point (checked below).
 */
const N = 'none',
  R = 'read',
  M = 'manage',
  A = 'authorize';
const EXPECTED: Record<TeamRole, AccessLevel[]> = {
  owner: [A, A, A, A, A, A, A, A, A, A, A, A],
  admin: [A, A, A, A, A, A, A, A, A, A, R, A],
  operations: [M, N, M, M, R, R, R, M, N, N, R, R],
  cashier: [M, M, N, N, N, N, N, N, N, N, N, R],
  viewer: [R, R, R, R, R, R, R, R, R, R, R, R],
  developer: [R, R, R, R, R, R, R, R, M, M, R, R],
};

const rank = (level: AccessLevel) => ACCESS_LEVELS.indexOf(level);

const cases: [TeamRole, TeamResource, AccessLevel, boolean][] = [];
for (const role of TEAM_ROLES) {
  TEAM_RESOURCES.forEach((resource, i) => {
    for (const level of ACCESS_LEVELS) cases.push([role, resource, level, rank(level) <= rank(EXPECTED[role][i]!)]);
  });
}

describe('team roles', () => {
  it.each(cases)('%s on %s at level %s: allowed %s', (role, resource, level, allowed) => {
    const member = {
      role,
      cashPointId: role === 'cashier' ? 'cp_a' : null,
      refundLimit: role === 'cashier' ? 5000 : null,
    };
    const result = can(member, resource, level, { cashPointId: 'cp_a', amount: 5000 });
    expect(result).toEqual(allowed ? { ok: true } : { ok: false, reason: 'ROLE_NOT_ALLOWED' });
  });

  it('keeps operations from moving money out: no refunds, payouts and salaries read only', () => {
    const operations = { role: 'operations' as const, cashPointId: null, refundLimit: null };
    expect(can(operations, 'refunds', 'manage')).toEqual({ ok: false, reason: 'ROLE_NOT_ALLOWED' });
    expect(can(operations, 'payouts', 'manage')).toEqual({ ok: false, reason: 'ROLE_NOT_ALLOWED' });
    expect(can(operations, 'salaries', 'authorize')).toEqual({ ok: false, reason: 'ROLE_NOT_ALLOWED' });
    expect(can(operations, 'payouts', 'read')).toEqual({ ok: true });
  });

  describe('a cashier', () => {
    const cashier = { role: 'cashier' as const, cashPointId: 'cp_a', refundLimit: 5000 };

    it('collects and reads payments at its own cash point only, and names it to do so', () => {
      expect(can(cashier, 'payments', 'manage', { cashPointId: 'cp_a' })).toEqual({ ok: true });
      expect(can(cashier, 'payments', 'read', { cashPointId: 'cp_b' })).toEqual({
        ok: false,
        reason: 'OTHER_CASH_POINT',
      });
      expect(can(cashier, 'payments', 'read', { cashPointId: null })).toEqual({
        ok: false,
        reason: 'OTHER_CASH_POINT',
      });
      expect(can(cashier, 'payments', 'read')).toEqual({ ok: false, reason: 'OTHER_CASH_POINT' });
    });

    it('refunds up to its own limit, at its cash point, with the amount named', () => {
      expect(can(cashier, 'refunds', 'manage', { cashPointId: 'cp_a', amount: 5000 })).toEqual({ ok: true });
      expect(can(cashier, 'refunds', 'manage', { cashPointId: 'cp_a', amount: 5001 })).toEqual({
        ok: false,
        reason: 'ABOVE_REFUND_LIMIT',
      });
      expect(can(cashier, 'refunds', 'manage', { cashPointId: 'cp_a' })).toEqual({
        ok: false,
        reason: 'ABOVE_REFUND_LIMIT',
      });
      expect(can(cashier, 'refunds', 'manage', { cashPointId: 'cp_b', amount: 10 })).toEqual({
        ok: false,
        reason: 'OTHER_CASH_POINT',
      });
      expect(can(cashier, 'refunds', 'authorize', { cashPointId: 'cp_a', amount: 10 })).toEqual({
        ok: false,
        reason: 'ROLE_NOT_ALLOWED',
      });
    });

    it('without a cash point may do nothing', () => {
      const unplaced = { role: 'cashier' as const, cashPointId: null, refundLimit: 5000 };
      expect(can(unplaced, 'payments', 'manage', { cashPointId: null })).toEqual({
        ok: false,
        reason: 'OTHER_CASH_POINT',
      });
    });
  });

  const grants: [TeamRole, TeamRole, boolean][] = [];
  const GRANTABLE: Record<TeamRole, TeamRole[]> = {
    owner: ['admin', 'operations', 'cashier', 'viewer', 'developer'],
    admin: ['admin', 'operations', 'cashier', 'viewer', 'developer'],
    // Operations has no keys or webhooks, which a viewer reads: a viewer is not below it.
    operations: ['operations'],
    cashier: ['cashier'],
    viewer: ['viewer'],
    developer: ['viewer', 'developer'],
  };
  for (const granter of TEAM_ROLES) {
    for (const granted of TEAM_ROLES) grants.push([granter, granted, GRANTABLE[granter].includes(granted)]);
  }
  it.each(grants)(
    '%s may grant %s: %s (never the owner, nothing beyond their own role; inviting also needs team manage)',
    (granter, granted, allowed) => {
      expect(mayGrant(granter, granted)).toBe(allowed);
    },
  );
});
