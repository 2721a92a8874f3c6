/**
 * The dashboard's sections, each mounting its own routes behind the session and CSRF guards. A section checks the
 * member's role on every route with `permit` before it reads or changes anything.
 */
import type { Router } from 'express';
import type { DashboardDeps } from '../dashboardContext';
import { mountOverview } from './overview';
import { mountRefunds } from './refunds';
import { mountTransactions } from './transactions';

export type MountSection = (router: Router, deps: DashboardDeps) => void;

export const DASHBOARD_SECTIONS: readonly MountSection[] = [mountOverview, mountTransactions, mountRefunds];
