/**
 * The dashboard's menu as data: each section's path and the resource whose read level shows it. A member sees only
 * what their role may read; the routes check again on the server whatever the menu shows.
 */
import type { TeamResource } from '../../domain/merchants/team/roles';

export type NavId =
  | 'overview'
  | 'transactions'
  | 'links'
  | 'invoices'
  | 'refunds'
  | 'payouts'
  | 'salaries'
  | 'approvals'
  | 'team'
  | 'cashPoints'
  | 'apiKeys'
  | 'webhooks'
  | 'kyc';

export interface NavEntry {
  id: NavId;
  /** Under the dashboard's path. */
  path: string;
  resource: TeamResource;
}

export const NAV: readonly NavEntry[] = [
  { id: 'overview', path: '/overview', resource: 'reports' },
  { id: 'transactions', path: '/transactions', resource: 'payments' },
  { id: 'links', path: '/links', resource: 'links' },
  { id: 'invoices', path: '/invoices', resource: 'invoices' },
  { id: 'refunds', path: '/refunds', resource: 'refunds' },
  { id: 'payouts', path: '/payouts', resource: 'payouts' },
  { id: 'salaries', path: '/salaries', resource: 'salaries' },
  { id: 'approvals', path: '/approvals', resource: 'payouts' },
  { id: 'team', path: '/team', resource: 'team' },
  { id: 'cashPoints', path: '/cash-points', resource: 'cashPoints' },
  { id: 'apiKeys', path: '/api-keys', resource: 'apiKeys' },
  { id: 'webhooks', path: '/webhooks', resource: 'webhooks' },
  { id: 'kyc', path: '/kyc', resource: 'settings' },
];
