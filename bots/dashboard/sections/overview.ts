/**
 * The overview: the business's figures over the last 7 or 30 Douala days (what was collected, how many payments, the
 * success rate, the fees payers paid, the average basket), a bar chart per day drawn on the server, and tables by
 * cash point and by way of paying; a cashier sees their own cash point's only. The same figures as JSON, and as a
 * stream of server-sent events that assets/overview.js uses to update the cards and the chart without a reload.
 */
import type { Request, Response } from 'express';
import {
  kpiPeriodOf,
  memberKpis,
  type KpiFigures,
  type KpiPeriod,
  type KpiRail,
  type Kpis,
  KPI_PERIODS,
} from '../../../domain/merchants/dashboard/kpis';
import { can } from '../../../domain/merchants/team/roles';
import type { ActingMember } from '../../../domain/merchants/team/team';
import type { Language } from '../../../domain/users';
import { permit } from '../dashboardAccess';
import { contextOf, type DashboardDeps } from '../dashboardContext';
import { dashboardHref, dashboardPage, escapeHtml, francs } from '../dashboardLayout';
import { sayDashboard } from '../dashboardText';
import { sayOverview } from './overviewText';
import type { MountSection } from '.';

/** The figures as the JSON route and the live stream send them: the KPIs plus each cash point's name. */
export type OverviewFigures = Omit<Kpis, 'byCashPoint'> & {
  byCashPoint: (Kpis['byCashPoint'][number] & { name: string | null })[];
};

/** Bursts of activity (a payment's several events) are sent as one update after this quiet time. */
const COALESCE_MS = 200;
/** A comment every so often keeps proxies from closing an idle stream. */
const PING_MS = 15_000;

const KPI_KEYS = ['volume', 'count', 'successRate', 'fees', 'averageBasket'] as const;
type KpiKey = (typeof KPI_KEYS)[number];

async function figuresFor(deps: DashboardDeps, member: ActingMember, days: KpiPeriod): Promise<OverviewFigures> {
  const [payments, cashPoints] = await Promise.all([
    deps.services.merchantRequests.all(member.merchantId),
    deps.services.cashPoints.list(member.merchantId),
  ]);
  const kpis = memberKpis(member, payments, { now: deps.clock(), days });
  const names = new Map(cashPoints.map((c) => [c._id, c.name]));
  return {
    ...kpis,
    byCashPoint: kpis.byCashPoint.map((line) => ({
      ...line,
      name: line.cashPointId === null ? null : (names.get(line.cashPointId) ?? line.cashPointId),
    })),
  };
}

/** A KPI's value as the card shows it (assets/overview.js writes the same). */
function kpiValue(figures: KpiFigures, key: KpiKey, language: Language): string {
  const value = figures[key];
  if (value === null) return '—';
  if (key === 'count') return String(value);
  if (key === 'successRate') return language === 'fr' ? `${value} %` : `${value}%`;
  return francs(value, language);
}

function cards(figures: KpiFigures, language: Language): string {
  const card = (key: KpiKey) =>
    `<div class="kpi" data-kpi="${key}"><span class="label">${sayOverview(language, `kpi.${key}`)}</span>` +
    `<span class="value" id="kpi-${key}">${kpiValue(figures, key, language)}</span></div>`;
  return `<div class="kpis">${KPI_KEYS.map(card).join('')}</div>`;
}

/** The chart's drawing box; assets/overview.js draws with the same numbers. */
const CHART = { width: 700, height: 200, bars: 170, gap: 0.25 } as const;

/** `DD/MM` of a `YYYY-MM-DD` day. */
function shortDay(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}

function chart(kpis: OverviewFigures, language: Language): string {
  const slot = CHART.width / kpis.byDay.length;
  const highest = Math.max(1, ...kpis.byDay.map((d) => d.volume));
  const labelEvery = kpis.byDay.length > 10 ? 5 : 1;
  const parts = kpis.byDay.map((d, i) => {
    const height = Math.round((d.volume / highest) * CHART.bars);
    const x = Math.round(i * slot + (slot * CHART.gap) / 2);
    const width = Math.max(1, Math.round(slot * (1 - CHART.gap)));
    const bar =
      `<rect class="bar" x="${x}" y="${CHART.bars - height}" width="${width}" height="${height}" ` +
      `data-day="${d.day}" data-volume="${d.volume}"><title>${shortDay(d.day)} : ${francs(d.volume, language)}</title></rect>`;
    const last = i === kpis.byDay.length - 1;
    const label =
      i % labelEvery === 0 || last
        ? `<text class="overview-day" x="${Math.round(i * slot + slot / 2)}" y="${CHART.height - 6}" text-anchor="middle">${shortDay(d.day)}</text>`
        : '';
    return bar + label;
  });
  const label = sayOverview(language, 'chartLabel', { from: shortDay(kpis.from), to: shortDay(kpis.to) });
  return `<figure class="chart"><figcaption>${sayOverview(language, 'chart')}</figcaption>
<svg id="overview-chart" viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg></figure>`;
}

function table(
  language: Language,
  caption: string,
  firstColumn: string,
  lines: { name: string; figures: KpiFigures }[],
  withRate: boolean,
): string {
  const say = (key: Parameters<typeof sayOverview>[1]) => sayOverview(language, key);
  const columns = ['volume', 'count', ...(withRate ? ['successRate'] : []), 'fees', 'averageBasket'] as KpiKey[];
  const head = `<tr><th scope="col">${firstColumn}</th>${columns.map((c) => `<th scope="col">${say(`column.${c}`)}</th>`).join('')}</tr>`;
  const rows = lines.length
    ? lines
        .map(
          (line) =>
            `<tr><th scope="row">${line.name}</th>${columns.map((c) => `<td>${kpiValue(line.figures, c, language)}</td>`).join('')}</tr>`,
        )
        .join('')
    : `<tr><td colspan="${columns.length + 1}">${say('nothing')}</td></tr>`;
  return `<h2>${caption}</h2><div class="table-wrap"><table><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

function railName(rail: KpiRail, language: Language): string {
  return rail === null ? '' : sayOverview(language, `rail.${rail}`);
}

function overviewBody(kpis: OverviewFigures, member: ActingMember, language: Language, days: KpiPeriod): string {
  const say = (key: Parameters<typeof sayOverview>[1], params = {}) => sayOverview(language, key, params);
  const periods = KPI_PERIODS.map((p) =>
    p === days
      ? `<strong aria-current="true">${say(`period.${p}`)}</strong>`
      : `<a href="${dashboardHref('/overview', language, { days: String(p) })}">${say(`period.${p}`)}</a>`,
  ).join(' · ');
  const events = dashboardHref('/overview/events', language, { days: String(days) });
  const cashPoints = kpis.byCashPoint.map((line) => ({
    name: line.name === null ? say('noCashPoint') : escapeHtml(line.name),
    figures: line,
  }));
  // The line of requests that ended unpaid has no way of paying: the table shows what was paid.
  const rails = kpis.byRail
    .filter((line) => line.rail !== null)
    .map((line) => ({ name: railName(line.rail, language), figures: line }));
  return `<section class="overview" id="overview" data-events="${escapeHtml(events)}" data-language="${language}" data-live="off">
<p class="overview-period"><span>${say('period')}</span> ${periods}
<span class="overview-live" aria-live="polite">${say('live')}</span></p>
<p class="muted">${say('intro', { from: shortDay(kpis.from), to: shortDay(kpis.to) })}${member.role === 'cashier' ? ` ${say('introCashPoint')}` : ''}</p>
${cards(kpis.total, language)}
<p class="muted overview-help">${say('successRate.help')}</p>
${chart(kpis, language)}
${table(language, say('byCashPoint'), say('column.cashPoint'), cashPoints, true)}
${table(language, say('byRail'), say('column.rail'), rails, false)}
</section>`;
}

/** The member's permission to read the figures (a cashier: at their own cash point). */
function mayRead(member: ActingMember): boolean {
  return can(member, 'reports', 'read', { cashPointId: member.cashPointId }).ok;
}

/**
 * The live stream: the figures at once, then after each burst of this merchant's activity in this process, and on a
 * timer when they changed (payments taken by another process); a ping comment keeps it open. The member is read
 * again before every update: one removed from the team, or whose role no longer reads reports, gets no more figures.
 */
function streamFigures(req: Request, res: Response, deps: DashboardDeps, days: KpiPeriod): void {
  const { merchantId, msisdn } = contextOf(res).member;
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Accel-Buffering', 'no');
  res.setHeader('Connection', 'keep-alive');
  res.flushHeaders();
  res.write('retry: 5000\n\n');

  let closed = false;
  let sent = '';
  let coalescing: NodeJS.Timeout | null = null;
  // Updates run one after another, so they are written in the order they were computed.
  let queue: Promise<void> = Promise.resolve();

  const update = async (): Promise<void> => {
    const member = await deps.services.team.memberOf(merchantId, msisdn);
    if (closed) return;
    if (!member || !mayRead(member)) return void res.end();
    const json = JSON.stringify(await figuresFor(deps, member, days));
    if (closed || json === sent) return;
    sent = json;
    res.write(`event: kpis\ndata: ${json}\n\n`);
  };
  const schedule = () => {
    queue = queue.then(update).catch(() => {
      // The database failed: end the stream; the browser reconnects (retry) and starts afresh.
      if (!closed) res.end();
    });
  };
  const unsubscribe = deps.services.merchantActivity.subscribe(merchantId, () => {
    if (coalescing) return;
    coalescing = setTimeout(() => {
      coalescing = null;
      schedule();
    }, COALESCE_MS);
  });
  const refresh = setInterval(schedule, deps.liveRefreshMs);
  const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
  res.on('close', () => {
    closed = true;
    unsubscribe();
    clearInterval(refresh);
    clearInterval(ping);
    if (coalescing) clearTimeout(coalescing);
  });
  req.socket.setNoDelay(true);
  schedule();
}

export const mountOverview: MountSection = (router, deps) => {
  router.get('/overview', async (req, res) => {
    if (!permit(res, 'reports', 'read', { cashPointId: contextOf(res).member.cashPointId })) return;
    const { language, member } = contextOf(res);
    const days = kpiPeriodOf(req.query.days);
    const kpis = await figuresFor(deps, member, days);
    res.type('html').send(
      dashboardPage(res, {
        section: 'overview',
        title: sayDashboard(language, 'nav.overview'),
        body: overviewBody(kpis, member, language, days),
        scripts: ['overview.js'],
      }),
    );
  });

  router.get('/overview/kpis.json', async (req, res) => {
    if (!permit(res, 'reports', 'read', { cashPointId: contextOf(res).member.cashPointId })) return;
    res.setHeader('Cache-Control', 'no-store');
    res.json(await figuresFor(deps, contextOf(res).member, kpiPeriodOf(req.query.days)));
  });

  router.get('/overview/events', (req, res) => {
    if (!permit(res, 'reports', 'read', { cashPointId: contextOf(res).member.cashPointId })) return;
    streamFigures(req, res, deps, kpiPeriodOf(req.query.days));
  });
};
