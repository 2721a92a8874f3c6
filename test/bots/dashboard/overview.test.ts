/**
 * The overview over real HTTP on the real database: the figures as a page and as JSON for every role that reads
 * reports (a cashier: their own cash point's), a payment made afterwards reaching an open live stream, the browser
 * script writing the figures exactly as the server does, the stream ending when the member leaves the team.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { OverviewFigures } from '../../../bots/dashboard/sections/overview';
import type { Msisdn } from '../../../domain/phone';
import { useProduct } from '../../support/chat';
import { aPayment, aTeamMerchant, signIn, type DashboardClient } from './dashboard.support';

const product = useProduct({ pagesOnPort: true });

const payer = (n: number) => `237677729${String(n).padStart(3, '0')}` as Msisdn;

/** The text of the KPI card `key` in a page. */
function card(html: string, key: string): string {
  const value = new RegExp(`id="kpi-${key}">([^<]*)<`).exec(html)?.[1];
  if (value === undefined) throw new Error(`no ${key} card`);
  return value;
}

/** An open event stream, read as a browser's EventSource would, one `kpis` event at a time. */
function openStream(client: DashboardClient, query = '') {
  const controller = new AbortController();
  const opened = fetch(`${product.dashboard.url}/overview/events${query}`, {
    headers: { cookie: client.cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const decoder = new TextDecoder();
  let buffer = '';
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let ended = false;
  const read = async (): Promise<void> => {
    reader ??= (await opened).body!.getReader();
    const chunk = await reader.read();
    if (chunk.done) ended = true;
    else buffer += decoder.decode(chunk.value, { stream: true });
  };
  // Reads one chunk, or gives up after `ms` (the timer cleared either way, so nothing outlives the test).
  const readFor = async (ms: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
    try {
      await Promise.race([read(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    response: opened,
    /** The next `kpis` event's figures (waiting at most `ms`). */
    async next(ms = 5_000): Promise<OverviewFigures> {
      const deadline = Date.now() + ms;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: kpis$/m.test(block) && data) return JSON.parse(data) as OverviewFigures;
          continue;
        }
        if (ended) throw new Error('the stream ended');
        if (Date.now() > deadline) throw new Error('no kpis event came');
        await readFor(deadline - Date.now());
      }
    },
    /** Whether the server ends the stream within `ms`. */
    async endsWithin(ms: number): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (!ended && Date.now() < deadline) {
        await readFor(deadline - Date.now());
      }
      return ended;
    },
    close: () => controller.abort(),
  };
}

/**
 * Runs assets/overview.js against a tiny stand-in of the page (the cards, the chart, an EventSource) and hands it
 * `figures` as the stream would: what it writes is what a browser would show.
 */
function runOverviewScript(figures: OverviewFigures, language: 'fr' | 'en') {
  const nodes = new Map<string, { textContent: string; attributes: Record<string, string>; children: unknown[] }>();
  const node = () => ({
    textContent: '',
    attributes: {} as Record<string, string>,
    children: [] as unknown[],
    setAttribute(name: string, value: string) {
      this.attributes[name] = value;
    },
    getAttribute(name: string) {
      return this.attributes[name] ?? null;
    },
    appendChild(child: unknown) {
      this.children.push(child);
    },
    removeChild(child: unknown) {
      this.children = this.children.filter((c) => c !== child);
    },
    get firstChild() {
      return this.children[0] ?? null;
    },
  });
  const container = node();
  container.attributes = { 'data-language': language, 'data-events': '/dashboard/overview/events' };
  nodes.set('overview', container);
  for (const key of ['volume', 'count', 'successRate', 'fees', 'averageBasket']) nodes.set(`kpi-${key}`, node());
  nodes.set('overview-chart', node());
  const listeners: Record<string, (event: { data?: string }) => void> = {};
  let ready = () => undefined as void;
  const document = {
    addEventListener: (_: string, f: () => void) => (ready = f),
    getElementById: (id: string) => nodes.get(id) ?? null,
    createElementNS: () => node(),
  };
  class EventSource {
    addEventListener(type: string, f: (event: { data?: string }) => void) {
      listeners[type] = f;
    }
  }
  vm.runInNewContext(readFileSync(path.join(__dirname, '../../../bots/dashboard/assets/overview.js'), 'utf8'), {
    document,
    window: { EventSource },
    EventSource,
    Intl,
  });
  ready();
  listeners.open?.({});
  listeners.kpis?.({ data: JSON.stringify(figures) });
  return { nodes, container };
}

it('shows the owner the figures of what ended, by day, cash point and way of paying, as a page and as JSON', async () => {
  const merchant = await aTeamMerchant(product, '237677720');
  await aPayment(product, merchant, payer(1), 'o1', 12_500, { cashPointId: merchant.cashPointId });
  await aPayment(product, merchant, payer(2), 'o2', 2_500);
  const owner = await signIn(product, merchant.owner);

  const page = await owner.get('/overview?lang=en');
  expect(page.status).toBe(200);
  expect(page.body).toContain('data-kpi="volume"');
  expect(card(page.body, 'volume')).toBe('15 000 FCFA');
  expect(card(page.body, 'count')).toBe('2');
  expect(card(page.body, 'successRate')).toBe('100%');
  expect(card(page.body, 'averageBasket')).toBe('7 500 FCFA');
  expect(page.body).toContain('<svg id="overview-chart"');
  expect(page.body).toMatch(/<rect class="bar" [^>]*data-volume="15000"/);
  expect(page.body).toContain('<th scope="row">Caisse 1</th>');
  expect(page.body).toContain('<th scope="row">Wallet</th>');
  expect(page.body).not.toMatch(/style=|<script>/);
  expect(page.body).toContain('src="/dashboard/assets/overview.js"');

  const json = await owner.get('/overview/kpis.json?days=30');
  expect(json.status).toBe(200);
  const figures = JSON.parse(json.body) as OverviewFigures;
  expect(figures.days).toBe(30);
  expect(figures.byDay).toHaveLength(30);
  expect(figures.total).toMatchObject({ volume: 15_000, count: 2, attempts: 2, successRate: 100 });
  expect(figures.byCashPoint).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ cashPointId: merchant.cashPointId, name: 'Caisse 1', volume: 12_500 }),
      expect.objectContaining({ cashPointId: null, name: null, volume: 2_500 }),
    ]),
  );
  expect(figures.byRail).toEqual([expect.objectContaining({ rail: 'wallet', volume: 15_000, count: 2 })]);
});

it('sends a payment made afterwards to an open stream, and the script writes it as the server renders it', async () => {
  const merchant = await aTeamMerchant(product, '237677721');
  await aPayment(product, merchant, payer(3), 's1', 1_000);
  const owner = await signIn(product, merchant.owner);
  const stream = openStream(owner, '?lang=fr');
  try {
    const response = await stream.response;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const first = await stream.next();
    expect(first.total).toMatchObject({ volume: 1_000, count: 1 });
    // The periodic check (every second in tests) sends nothing while the figures stay the same.
    await expect(stream.next(1_500)).rejects.toThrow('no kpis event came');

    await aPayment(product, merchant, payer(4), 's2', 11_500, { cashPointId: merchant.cashPointId });
    const second = await stream.next(3_000);
    expect(second.total).toMatchObject({ volume: 12_500, count: 2, averageBasket: 6_250 });
    expect(second.byDay.at(-1)?.volume).toBe(12_500);

    // What the script writes in the cards and the chart is what the page says after a reload.
    const reloaded = (await owner.get('/overview?lang=fr')).body;
    const { nodes, container } = runOverviewScript(second, 'fr');
    expect(container.attributes['data-live']).toBe('on');
    for (const key of ['volume', 'count', 'successRate', 'fees', 'averageBasket']) {
      expect(nodes.get(`kpi-${key}`)?.textContent).toBe(card(reloaded, key));
    }
    const bars = nodes.get('overview-chart')?.children as { attributes: Record<string, string> }[];
    const lastBar = bars.filter((b) => b.attributes.class === 'bar').at(-1);
    expect(lastBar?.attributes['data-volume']).toBe('12500');
    expect(reloaded).toContain(`height="${lastBar?.attributes.height}" data-day="${second.to}"`);
  } finally {
    stream.close();
  }
});

it("shows a cashier only their cash point's payments, and every other role the whole business's", async () => {
  const merchant = await aTeamMerchant(product, '237677722');
  await aPayment(product, merchant, payer(5), 'c1', 3_000, { cashPointId: merchant.cashPointId });
  await aPayment(product, merchant, payer(6), 'c2', 40_000);
  const readers = { owner: merchant.owner, ...merchant.members };
  for (const [role, msisdn] of Object.entries(readers)) {
    const client = await signIn(product, msisdn);
    const page = await client.get('/overview?lang=en');
    expect([role, page.status]).toEqual([role, 200]);
    const json = await client.get('/overview/kpis.json');
    expect([role, json.status]).toEqual([role, 200]);
    const volume = (JSON.parse(json.body) as OverviewFigures).total.volume;
    expect([role, volume]).toEqual([role, role === 'cashier' ? 3_000 : 43_000]);
    expect([role, card(page.body, 'volume')]).toEqual([role, role === 'cashier' ? '3 000 FCFA' : '43 000 FCFA']);
  }
  const cashier = await signIn(product, merchant.members.cashier);
  const page = await cashier.get('/overview?lang=en');
  expect(page.body).toContain('Your cash point only.');
  expect(page.body).not.toContain('No cash point');
});

it('sends a signed-out browser to the sign-in page, and refuses a signed-out stream', async () => {
  const base = product.dashboard.url;
  const pageOut = await fetch(`${base}/overview`, { redirect: 'manual' });
  expect(pageOut.status).toBe(303);
  expect(pageOut.headers.get('location')).toBe('/dashboard/sign-in');
  const jsonOut = await fetch(`${base}/overview/kpis.json`, {
    redirect: 'manual',
    headers: { accept: 'application/json' },
  });
  expect(jsonOut.status).toBe(401);
  const streamOut = await fetch(`${base}/overview/events`, {
    redirect: 'manual',
    headers: { accept: 'text/event-stream' },
  });
  expect(streamOut.status).toBe(401);
  expect(streamOut.headers.get('content-type')).not.toMatch(/event-stream/);
});

it('ends the stream of a member removed from the team', async () => {
  const merchant = await aTeamMerchant(product, '237677723');
  const developer = await signIn(product, merchant.members.developer);
  const stream = openStream(developer);
  try {
    expect((await stream.next()).total.count).toBe(0);
    const removed = await product.services.team.remove({
      merchantId: merchant.merchantId,
      by: merchant.owner,
      msisdn: merchant.members.developer,
    });
    expect(removed.ok).toBe(true);
    // The next periodic check (every second in tests) reads the member again and finds them gone.
    expect(await stream.endsWithin(4_000)).toBe(true);
    expect((await developer.get('/overview/kpis.json')).status).not.toBe(200);
  } finally {
    stream.close();
  }
});
