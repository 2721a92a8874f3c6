/**
 * The dashboard's sections, each mounting its own routes behind the session and CSRF guards. A section checks the
 * member's role on every route with `permit` before it reads or changes anything.
 */
import type { Router } from 'express';
import type { DashboardDeps } from '../dashboardContext';
import { mountApiKeys } from './apiKeys';
import { mountApprovals } from './approvals';
import { mountCashPoints } from './cashPoints';
import { mountInvoices } from './invoices';
import { mountKyc } from './kyc';
import { mountLinks } from './links';
import { mountOverview } from './overview';
import { mountPayouts } from './payouts';
import { mountRefunds } from './refunds';
import { mountSalaries } from './salaries';
import { mountTeam } from './team';
import { mountTransactions } from './transactions';
import { mountWebhooks } from './webhooks';

export type MountSection = (router: Router, deps: DashboardDeps) => void;

export const DASHBOARD_SECTIONS: readonly MountSection[] = [
  mountOverview,
  mountTransactions,
  mountLinks,
  mountInvoices,
  mountRefunds,
  mountPayouts,
  mountSalaries,
  mountApprovals,
  mountTeam,
  mountCashPoints,
  mountApiKeys,
  mountWebhooks,
  mountKyc,
];
