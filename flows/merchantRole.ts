/**
 * What the merchant conversations say about the role of the person acting: whether they may start an action at
 * all (so a viewer typing `/request` is told at once, not after typing the whole request), the "My business" menu
 * in their role's words with only the actions it allows, and the refusals in their language.
 *
 * Starting is only a courtesy: the services check the person's role again, afresh, at every action (a member
 * removed or changed meanwhile is refused there), and the same refusals are said then.
 */
import { francsParam } from '../domain/notifications';
import { can, type PermissionResult } from '../domain/merchants/team/roles';
import { end, menu, type MenuOption, type Reply } from './conversation';
import type { MessageKey } from './messages';
import type { MerchantSummary, TeamRefusal } from './merchantServices';

/** The merchant actions of the chat, and the menu choice of each. */
export type MerchantAction = 'request' | 'order' | 'refund';

const NEEDS = {
  request: ['payments', 'manage'],
  order: ['payments', 'read'],
  refund: ['refunds', 'manage'],
} as const;

/**
 * Whether the person's role allows this kind of action at all: asked on their own cash point and for nothing, so
 * only the role decides here (which cash point's payment, and how much, are checked when known).
 */
export function mayStart(merchant: MerchantSummary, action: MerchantAction): PermissionResult {
  const [resource, level] = NEEDS[action];
  return can(merchant, resource, level, { cashPointId: merchant.cashPointId, amount: 0 });
}

const REFUSALS: Readonly<Record<TeamRefusal, MessageKey>> = {
  NOT_A_MEMBER: 'merchant.refused.notMember',
  ROLE_NOT_ALLOWED: 'merchant.refused.roleNotAllowed',
  OTHER_CASH_POINT: 'merchant.refused.otherCashPoint',
  ABOVE_REFUND_LIMIT: 'merchant.refused.aboveRefundLimit',
};

/** The last reply of a refused action; `amount` and `limit` only matter for a refund above the limit. */
export function refusedReply(
  reason: TeamRefusal,
  merchant: MerchantSummary | null,
  refund: { amount?: number; limit?: number | null } = {},
): Reply {
  return end(REFUSALS[reason], {
    name: merchant?.name ?? '',
    amount: francsParam(refund.amount ?? 0),
    limit: francsParam(refund.limit ?? merchant?.refundLimit ?? 0),
  });
}

/** The refusal of starting `action`, or null when the role allows it. */
export function refusalToStart(merchant: MerchantSummary | null, action: MerchantAction): Reply | null {
  if (!merchant) return null;
  const allowed = mayStart(merchant, action);
  return allowed.ok ? null : refusedReply(allowed.reason, merchant);
}

const OWNER_TITLES = {
  active: 'merchantMenu.titleActive',
  pending: 'merchantMenu.titlePending',
  suspended: 'merchantMenu.titleSuspended',
} as const;

const MEMBER_TITLES: Readonly<Record<Exclude<MerchantSummary['role'], 'owner'>, MessageKey>> = {
  admin: 'merchantMenu.titleAdmin',
  operations: 'merchantMenu.titleOperations',
  cashier: 'merchantMenu.titleCashier',
  viewer: 'merchantMenu.titleViewer',
  developer: 'merchantMenu.titleDeveloper',
};

const CHOICES: readonly (MenuOption & { action: MerchantAction })[] = [
  { id: '1', key: 'merchantMenu.request', action: 'request' },
  { id: '2', key: 'merchantMenu.order', action: 'order' },
  { id: '3', key: 'merchantMenu.refund', action: 'refund' },
];

/**
 * "My business" for the person acting: the owner sees the merchant's state and every action; a team member sees
 * the merchant, their role (a cashier, their cash point) and only the actions it allows, under their usual numbers.
 */
export function businessMenu(merchant: MerchantSummary): Reply {
  const params = { name: merchant.name, cashPoint: merchant.cashPointName ?? '' };
  const title =
    merchant.role === 'owner' || merchant.status === 'suspended'
      ? OWNER_TITLES[merchant.status]
      : MEMBER_TITLES[merchant.role];
  const choices = CHOICES.filter((c) => mayStart(merchant, c.action).ok).map(({ id, key }) => ({ id, key }));
  return merchant.role === 'owner' ? menu(title, choices, { name: merchant.name }) : menu(title, choices, params);
}
