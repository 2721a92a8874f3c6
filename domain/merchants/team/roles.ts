/**
 * Team roles and what each may do, kept as data: a table of role × resource → level (none < read < manage <
 * authorize). `authorize` is the checker's level of maker-checker (approving a payout or a salary batch someone else
 * prepared). Following the usual payment dashboards (owner, admin, operations without money out, developer,
 * viewer) plus a cashier who collects at one cash point.
 */

export const TEAM_ROLES = ['owner', 'admin', 'operations', 'cashier', 'viewer', 'developer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TEAM_RESOURCES = [
  'payments',
  'refunds',
  'links',
  'invoices',
  'payouts',
  'salaries',
  'team',
  'cashPoints',
  'apiKeys',
  'webhooks',
  'settings',
  'reports',
] as const;
export type TeamResource = (typeof TEAM_RESOURCES)[number];

/** Ordered: each level includes the ones before it. */
export const ACCESS_LEVELS = ['none', 'read', 'manage', 'authorize'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

type RoleTable = Readonly<Record<TeamResource, AccessLevel>>;

function everything(level: AccessLevel): Record<TeamResource, AccessLevel> {
  return Object.fromEntries(TEAM_RESOURCES.map((r) => [r, level])) as Record<TeamResource, AccessLevel>;
}

/** What each role may do on each resource. */
export const ROLE_PERMISSIONS: Readonly<Record<TeamRole, RoleTable>> = {
  owner: everything('authorize'),
  // Everything but the owner's own settings (the approval threshold among them): an admin may not loosen the
  // control that checks the admin.
  admin: { ...everything('authorize'), settings: 'read' },
  // Runs the business day to day but never moves money out: no refunds, payouts and salaries seen only.
  operations: {
    ...everything('read'),
    payments: 'manage',
    refunds: 'none',
    links: 'manage',
    invoices: 'manage',
    cashPoints: 'manage',
    apiKeys: 'none',
    webhooks: 'none',
  },
  // Collects at one cash point and sees only that cash point's payments (the check needs the cash point); refunds
  // up to the member's own limit.
  cashier: { ...everything('none'), payments: 'manage', refunds: 'manage', reports: 'read' },
  viewer: everything('read'),
  // Integrates the API: keys and webhooks, and reads the rest to test against it.
  developer: { ...everything('read'), apiKeys: 'manage', webhooks: 'manage' },
};

/** Whether `level` includes `wanted`. */
export function includesLevel(level: AccessLevel, wanted: AccessLevel): boolean {
  return ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf(wanted);
}

/** Whether `granter` may give `granted`: the granted role may do nothing the granter may not. Never the owner. */
export function mayGrant(granter: TeamRole, granted: TeamRole): boolean {
  if (granted === 'owner') return false;
  return TEAM_RESOURCES.every((r) => includesLevel(ROLE_PERMISSIONS[granter][r], ROLE_PERMISSIONS[granted][r]));
}

/** What a permission check needs to know of a member. */
export interface Permissions {
  role: TeamRole;
  /** A cashier's cash point; null for the other roles. */
  cashPointId: string | null;
  /** The largest refund a cashier may make, in francs; null: no limit of its own (the other roles). */
  refundLimit: number | null;
}

/** What the action touches, when that matters: the cash point of the payment, the amount of a refund. */
export interface PermissionContext {
  cashPointId?: string | null;
  amount?: number;
}

/** Why a member may not do something. */
export type PermissionRefusal =
  /** The role's level on the resource is below what the action needs. */
  | 'ROLE_NOT_ALLOWED'
  /** A cashier acting without naming a cash point, or on another cash point's payments. */
  | 'OTHER_CASH_POINT'
  /** A cashier's refund above their own limit (or without an amount to check). */
  | 'ABOVE_REFUND_LIMIT';

export type PermissionResult = { ok: true } | { ok: false; reason: PermissionRefusal };

/** Whether a member with these permissions may act on `resource` at `level`, in this context. */
export function can(
  member: Permissions,
  resource: TeamResource,
  level: AccessLevel,
  context: PermissionContext = {},
): PermissionResult {
  if (level === 'none') return { ok: true };
  if (!includesLevel(ROLE_PERMISSIONS[member.role][resource], level)) return { ok: false, reason: 'ROLE_NOT_ALLOWED' };
  if (member.role !== 'cashier') return { ok: true };
  // A cashier's every allowed action is bound to its cash point.
  if (member.cashPointId === null || context.cashPointId !== member.cashPointId) {
    return { ok: false, reason: 'OTHER_CASH_POINT' };
  }
  if (resource === 'refunds' && includesLevel(level, 'manage')) {
    const limit = member.refundLimit ?? 0;
    if (context.amount === undefined || context.amount > limit) return { ok: false, reason: 'ABOVE_REFUND_LIMIT' };
  }
  return { ok: true };
}
