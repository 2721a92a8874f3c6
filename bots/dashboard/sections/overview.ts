/**
 * The overview: a placeholder the KPI section replaces (its figures, charts and live updates).
 */
import { permit } from '../dashboardAccess';
import { contextOf } from '../dashboardContext';
import { dashboardPage } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import type { MountSection } from '.';

export const mountOverview: MountSection = (router) => {
  router.get('/overview', (_req, res) => {
    if (!permit(res, 'reports', 'read', { cashPointId: contextOf(res).member.cashPointId })) return;
    const { language } = contextOf(res);
    res
      .type('html')
      .send(dashboardPage(res, { section: 'overview', title: sayDashboard(language, 'nav.overview'), body: '' }));
  });
};
