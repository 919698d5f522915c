/**
 * Enforcement figures and the report on the demo marketplace (PGlite and
 * PostgreSQL): a campaign sweep records hits through the real stages, a
 * reviewer confirms some and sends notices for others, then the site takes
 * listings down at set times on a fake clock (one is relisted, two stay up)
 * and verification runs after each step. The report's removal rate, median
 * time to removal and counts must equal what the site's own event log
 * implies, per site, holder and item too. Then the `report` command writes
 * HTML, CSV and JSON; the HTML is opened in headless Chromium, which must
 * show it without an error, run nothing, fetch nothing, and take a screenshot.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiServer } from '../../crawler/api';
import { CliError } from '../../crawler/commands/context';
import { reportCommand } from '../../crawler/commands/report';
import { loadConfig } from '../../crawler/config';
import { runVerification } from '../../crawler/runner/verification';
import { titleSimilarity } from '../../crawler/verification';
import { CHROMIUM_ARGS } from '../../crawler/fetch/browser-fetcher';
import { resolveChromium } from '../../crawler/fetch/chromium-path';
import {
  readEnforcementFigures,
  type EnforcementCounts,
  type EnforcementFigures,
} from '../../crawler/report/enforcement-figures';
import { runSweep } from '../../crawler/runner/embedded';
import type { PoliteFetcher } from '../../crawler/stages/polite-fetcher';
import { openStore, type HitRow, type Store } from '../../crawler/store';
import { Matcher } from '../../shared/match';
import { adapterById } from '../../shared/sites';
import { exampleCatalogue, generateDemo, siteForItem } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { formatSold } from '../../demo/tools';
import type { DemoModel, MarketListing } from '../../demo/types';
import { createTestDatabase, type TestDatabase } from './helpers/fleet';
import { loopbackFetcher } from './helpers/outbound';
import { CJK_FAMILY, ensureCjkFonts, renderedFonts } from './helpers/cjk-fonts';

const CAMPAIGN = 'spring-fakes';
const HOUR = 3_600_000;
const HOSTILE_SELLER = `Evil<img src=x onerror=alert('seller')>Shop`;
const HOSTILE_TITLE = `<img src=x onerror=alert('title')>`;
const HOSTILE_ITEM = `<script>alert('item')</script>`;
const SOLD = 321;
const catalogue = exampleCatalogue();
const matcher = new Matcher(catalogue.items, { threshold: 0.5 });

/** When the site acts (hours after the last notice), and what it does; verification runs right after each step. */
const STEPS = [
  { at: 1 * HOUR, act: { takeDown: ['a'] } },
  { at: 3 * HOUR + 20 * 60_000, act: { takeDown: ['b', 'c'] } },
  { at: 7 * HOUR, act: { relist: ['c'], takeDown: ['hostile'] } },
  { at: 26 * HOUR, act: {} },
] as const satisfies readonly { at: number; act: { takeDown?: readonly string[]; relist?: readonly string[] } }[];
const NOTICED = ['hostile', 'a', 'b', 'c', 'up1', 'up2'] as const;
type Role = (typeof NOTICED)[number];

const plain = (l: MarketListing) =>
  l.label === 'counterfeit' && !l.broken && !l.flaky && !l.disallowed && !l.needsBrowser;

/** No other listing of its seller looks like it, so only a real relist can be taken for one. */
const lonely = (model: DemoModel, l: MarketListing) =>
  !model.market.some((o) => o !== l && o.seller.id === l.seller.id && titleSimilarity(o.title, l.title) >= 0.5);

/**
 * The demo, small, with one plain counterfeit listing made hostile (seller name, title) and given a known sold count.
 */
function hostileModel(): { model: DemoModel; hostile: MarketListing } {
  const model = generateDemo({ size: 84 });
  const hostile = model.market.find((l) => plain(l) && l.shape === 'jsonld' && lonely(model, l))!;
  const seller = { ...hostile.seller, name: HOSTILE_SELLER };
  for (const l of model.market) if (l.seller.id === hostile.seller.id) l.seller = seller;
  Object.assign(hostile, {
    title: `${hostile.title} ${HOSTILE_TITLE}`,
    soldCount: SOLD,
    soldText: formatSold(SOLD, 1),
  });
  return { model, hostile };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? null : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Truth {
  hitId: number;
  holderId: string;
  itemId: string;
  noticedAt: number;
  /** Notice → the check after the site's takedown, from the site's event log and the step it happened in. */
  ttr: number | null;
  relisted: boolean;
}

/** What the figures of a set of noticed hits must be, from the truth alone. */
function expected(
  ts: readonly Truth[],
): Pick<EnforcementCounts, 'noticed' | 'removed' | 'removalRate' | 'medianTimeToRemovalMs' | 'relisted' | 'stillUp'> {
  const removed = ts.filter((t) => t.ttr !== null);
  return {
    noticed: ts.length,
    removed: removed.length,
    removalRate: ts.length ? Math.round((removed.length / ts.length) * 1000) / 1000 : 0,
    medianTimeToRemovalMs: median(removed.map((t) => t.ttr!)),
    relisted: ts.filter((t) => t.relisted).length,
    stillUp: ts.filter((t) => t.ttr === null).length,
  };
}

describe.each(['pglite', 'postgres'] as const)('enforcement report on %s', (kind) => {
  let sites: DemoSites;
  let store: Store;
  let db: TestDatabase | undefined;
  let root: string;
  let fetcher: PoliteFetcher;
  let hostile: MarketListing;
  let campaignHits: HitRow[];
  let otherHits: HitRow[];
  const roles = {} as Record<Role, { hit: HitRow; listing: MarketListing }>;
  let confirmedOnly: HitRow[];
  let truth: Truth[];
  const open = () => openStore({ dataDir: root, databaseUrl: db?.url, evidenceDir: join(root, 'evidence') });

  beforeAll(async () => {
    ensureCjkFonts();
    root = await mkdtemp(join(tmpdir(), 'cs-report-'));
    db = kind === 'postgres' ? await createTestDatabase() : undefined;
    const made = hostileModel();
    hostile = made.hostile;
    sites = await startDemoSites({ model: made.model, latencyMs: 0 });
    store = await open();
    await store.catalogue.upsert(catalogue);
    fetcher = loopbackFetcher({
      userAgent: 'counterscan-report-test/1.0 (+loopback)',
      timeoutMs: 5000,
      hostConcurrency: 6,
      retries: 1,
    });

    // The campaign sweeps the marketplace; an untagged sweep of the video site must stay out of its figures.
    const sweep = (site: 'demo-market' | 'demo-video', origin: string, campaign?: string) =>
      runSweep({
        adapter: adapterById(site)!,
        origin,
        items: catalogue.items.filter((i) => siteForItem(i) === site),
        matcher,
        store,
        fetcher,
        concurrency: 8,
        maxSearchPages: 5,
        campaign,
      });
    const market = await sweep('demo-market', sites.market.origin, CAMPAIGN);
    const video = await sweep('demo-video', sites.video.origin);
    campaignHits = await store.hits.list({ sweepIds: [market.sweepId] });
    otherHits = await store.hits.list({ sweepIds: [video.sweepId] });

    // Noticed: the hostile listing and five more plain counterfeits of lonely sellers, one hit per seller.
    const byPath = new Map(sites.model.market.map((l) => [l.path, l]));
    const listingOf = (h: HitRow) => byPath.get(new URL(h.listingUrl).pathname);
    const hostileHit = campaignHits.find((h) => listingOf(h) === hostile);
    expect(hostileHit, 'the hostile listing should be a campaign hit').toBeDefined();
    const sellers = new Set([hostile.seller.id]);
    const picks: HitRow[] = [hostileHit!];
    for (const h of campaignHits) {
      const l = listingOf(h);
      if (picks.length === NOTICED.length || !l || !plain(l) || sellers.has(l.seller.id) || !lonely(sites.model, l))
        continue;
      sellers.add(l.seller.id);
      picks.push(h);
    }
    expect(picks).toHaveLength(NOTICED.length);
    for (const [i, role] of NOTICED.entries()) roles[role] = { hit: picks[i]!, listing: listingOf(picks[i]!)! };
    confirmedOnly = campaignHits.filter((h) => !picks.includes(h)).slice(0, 2);
    const dismissed = campaignHits.filter((h) => !picks.includes(h) && !confirmedOnly.includes(h)).slice(0, 1);

    const scope = { holderId: null };
    const set = async (hits: HitRow[], status: 'confirmed' | 'notice_sent' | 'dismissed') =>
      expect(
        (
          await store.inbox.setStatus(
            hits.map((h) => h.id),
            status,
            `test: ${status}`,
            'reviewer@test',
            scope,
          )
        ).every((r) => r.applied),
      ).toBe(true);
    await set([...picks, ...confirmedOnly], 'confirmed');
    await set(picks, 'notice_sent');
    await set(dismissed, 'dismissed');
    // A catalogue edit gives the hostile listing's item a hostile title (as an API client could).
    const item = catalogue.items.find((i) => i.id === hostileHit!.itemId)!;
    await store.catalogue.upsert({ ...catalogue, items: [{ ...item, title: `${item.title} ${HOSTILE_ITEM}` }] });

    // The site acts step by step; verification follows each step on the fake clock.
    const noticedAt = new Map<number, number>();
    for (const p of picks) noticedAt.set(p.id, Date.parse((await store.verifications.noticedAt(p.id))!));
    const base = Math.max(...noticedAt.values());
    const control = sites.market.control;
    const marks: number[] = [];
    for (const step of STEPS) {
      marks.push(control.events().length);
      const act: { takeDown?: readonly string[]; relist?: readonly string[] } = step.act;
      for (const r of act.relist ?? []) control.relist(roles[r as Role].listing.path);
      for (const r of act.takeDown ?? [])
        control.takeDown(roles[r as Role].listing.path, r === 'b' ? 'unavailable' : r === 'c' ? 'http410' : 'http404');
      const run = await runVerification({ store, fetcher, matcher, force: true, now: () => new Date(base + step.at) });
      expect(run.errors).toBe(0);
    }

    // Truth from the site's event log: a noticed listing's first takedown happened in step k, so the
    // check right after it — at base + STEPS[k].at — is when it was found gone.
    const events = control.events();
    const stepOf = (i: number) => marks.findLastIndex((m) => m <= i);
    truth = NOTICED.map((role) => {
      const { hit, listing } = roles[role];
      const down = events.findIndex((e) => e.kind === 'takedown' && e.path === listing.path);
      const at = noticedAt.get(hit.id)!;
      return {
        hitId: hit.id,
        holderId: hit.holderId,
        itemId: hit.itemId,
        noticedAt: at,
        ttr: down < 0 ? null : base + STEPS[stepOf(down)]!.at - at,
        relisted: events.some((e) => e.kind === 'relist' && e.path === listing.path),
      };
    });
  }, 90_000);

  afterAll(async () => {
    await fetcher?.close();
    await store?.close();
    await db?.drop();
    await sites?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("gives the removal rate, median time to removal and counts the site's events imply", async () => {
    const f = await readEnforcementFigures(store, { campaign: CAMPAIGN });
    // The scenario is what it says: 4 of 6 taken down, one relisted.
    expect(truth.filter((t) => t.ttr !== null)).toHaveLength(4);
    expect(truth.filter((t) => t.relisted)).toHaveLength(1);
    expect(f.overall).toMatchObject({
      hits: campaignHits.length,
      confirmed: NOTICED.length + confirmedOnly.length,
      ...expected(truth),
    });
    expect(f.overall.removalRate).toBe(0.667);
    // The median of four removals (1 h, 3 h 20 min twice, 7 h after the last notice) is 3 h 20 min, give or take the
    // notices' spread.
    expect(Math.abs(f.overall.medianTimeToRemovalMs! - (3 * HOUR + 20 * 60_000))).toBeLessThan(60_000);

    // Only the marketplace was swept for the campaign.
    expect(f.bySite.map((s) => s.site)).toEqual(['demo-market']);
    expect(f.bySite[0]).toMatchObject(f.overall);
    for (const [dim, list] of [
      ['holderId', f.byHolder],
      ['itemId', f.byItem],
    ] as const) {
      for (const g of list as (EnforcementCounts & Record<typeof dim, string>)[]) {
        const mine = truth.filter((t) => t[dim] === g[dim]);
        expect(g, `${dim} ${g[dim]}`).toMatchObject(expected(mine));
        expect(g.hits).toBe(campaignHits.filter((h) => h[dim] === g[dim]).length);
      }
      expect(list.reduce((n, g) => n + g.hits, 0)).toBe(f.overall.hits);
    }
    // The grouped query agrees with the verification figures, group by group.
    const same = (c: EnforcementCounts) => ({
      noticed: c.noticed,
      removed: c.removed,
      removalRate: c.removalRate,
      medianTimeToRemovalMs: c.medianTimeToRemovalMs,
      relisted: c.relisted,
      stillUp: c.stillUp,
      checks: c.checks,
    });
    expect(same(f.overall)).toEqual(await store.figures.verification({ campaign: CAMPAIGN }));
    for (const h of f.byHolder)
      expect(same(h)).toEqual(await store.figures.verification({ campaign: CAMPAIGN, holderId: h.holderId }));

    // Without the campaign: the untagged video sweep and the relist's own hit count too.
    const all = await readEnforcementFigures(store);
    expect(all.overall.hits).toBe(campaignHits.length + otherHits.length + 1);
    expect(all.bySite.map((s) => s.site).sort()).toEqual(['demo-market', 'demo-video']);
    expect(all.overall).toMatchObject(expected(truth));
    // One holder: only its own.
    const holder = roles.hostile.hit.holderId;
    const one = await readEnforcementFigures(store, { campaign: CAMPAIGN, holderId: holder });
    expect(one.overall).toMatchObject(expected(truth.filter((t) => t.holderId === holder)));
    expect(one.byHolder.map((h) => h.holderId)).toEqual([holder]);
  });

  it('lists top sellers with estimated turnover and marks referral candidates over the threshold', async () => {
    const turnover = hostile.price * SOLD;
    const f = await readEnforcementFigures(store, {
      campaign: CAMPAIGN,
      referral: {
        perCurrency: { [hostile.currency]: turnover },
        fallback: { amount: turnover, currency: hostile.currency },
      },
    });
    const evil = f.topSellers.find((s) => s.key === hostile.seller.id)!;
    expect(evil).toMatchObject({
      name: HOSTILE_SELLER,
      site: 'demo-market',
      confirmed: 1,
      soldCount: expect.any(Number),
      removed: 1,
      referralCandidate: true,
    });
    expect(evil.turnover[hostile.currency]).toBeCloseTo(turnover, 2);
    expect(evil.referralReasons[0]).toContain(hostile.currency);
    // Largest estimated turnover first; sellers with nothing confirmed are no candidates.
    const amounts = f.topSellers.map((s) => s.approxTurnover?.amount ?? -1);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    for (const s of f.topSellers.filter((x) => x.confirmed === 0)) expect(s.referralCandidate).toBe(false);
    const higher = await readEnforcementFigures(store, {
      campaign: CAMPAIGN,
      referral: { perCurrency: {}, fallback: { amount: turnover * 1000, currency: hostile.currency } },
    });
    expect(higher.topSellers.find((s) => s.key === hostile.seller.id)!.referralCandidate).toBe(false);
  });

  it('serves the same figures on the API, a holder seeing only its own', async () => {
    const app = await createApiServer({ store, config: { ...loadConfig({}), apiRateLimit: 100_000 }, logger: false });
    await app.ready();
    try {
      const holder = roles.hostile.hit.holderId;
      const other = catalogue.holders.map((h) => h.id).find((id) => !campaignHits.some((h) => h.holderId === id))!;
      const token = async (role: 'reviewer' | 'holder', holderId?: string) =>
        (await store.tokens.create({ name: `report ${role}`, role, holderId })).token;
      const get = async (tok: string, query: string) =>
        app.inject({
          method: 'GET',
          url: `/v1/figures/enforcement?${query}`,
          headers: { authorization: `Bearer ${tok}` },
        });

      const reviewer = await token('reviewer');
      const r = await get(reviewer, `campaign=${CAMPAIGN}`);
      expect(r.statusCode).toBe(200);
      const body = r.json() as EnforcementFigures;
      const direct = await readEnforcementFigures(store, { campaign: CAMPAIGN });
      expect({ ...body, generatedAt: '' }).toEqual({ ...direct, generatedAt: '' });

      const mine = await get(await token('holder', holder), `campaign=${CAMPAIGN}`);
      expect(mine.statusCode).toBe(200);
      const m = mine.json() as EnforcementFigures;
      expect(m.filter.holderId).toBe(holder);
      expect(m.byHolder.map((h) => h.holderId)).toEqual([holder]);
      expect(m.overall).toMatchObject(expected(truth.filter((t) => t.holderId === holder)));
      expect(m.topSellers.every((s) => s.score === null && s.blacklisted === null)).toBe(true);

      const theirs = await token('holder', other);
      // A campaign that does not concern a holder is, to that holder, one that does not exist (no existence oracle).
      const notTheirs = await get(theirs, `campaign=${CAMPAIGN}`);
      expect(notTheirs.statusCode).toBe(404);
      expect(notTheirs.json()).toEqual({
        error: { code: 'not_found', field: 'campaign', message: `no campaign ${CAMPAIGN}` },
      });
      expect((await get(theirs, 'campaign=no-such-campaign')).json()).toEqual({
        error: { code: 'not_found', field: 'campaign', message: 'no campaign no-such-campaign' },
      });
      expect((await get(theirs, `holderId=${holder}`)).statusCode).toBe(404);
      const unknown = await get(reviewer, 'campaign=no-such-campaign');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({
        error: { code: 'not_found', field: 'campaign', message: 'no campaign no-such-campaign' },
      });
    } finally {
      await app.close();
    }
  });

  it('`report` writes HTML a browser shows without errors, escaped, plus CSV and JSON', async () => {
    // The command opens the store itself: the embedded one takes one process at a time.
    await store.close();
    const reports = join(root, 'reports');
    vi.stubEnv('COUNTERSCAN_REPORT_DIR', reports);
    if (db) vi.stubEnv('DATABASE_URL', db.url);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await expect(reportCommand({ dataDir: root, campaign: 'no-such-campaign' })).rejects.toThrow(CliError);
      await expect(reportCommand({ dataDir: root, campaign: 'no-such-campaign' })).rejects.toThrow(
        '--campaign: no campaign "no-such-campaign"',
      );
      await expect(reportCommand({ dataDir: root, format: 'pdf' })).rejects.toThrow(
        '--format: expected html|csv|json, got "pdf"',
      );

      const html = await reportCommand({
        dataDir: root,
        campaign: CAMPAIGN,
        format: 'html',
        referralThreshold: `${hostile.price * SOLD}${hostile.currency}`,
      });
      expect(html.path).toBe(join(reports, `report-${CAMPAIGN}.html`));
      expect(log).toHaveBeenCalledWith(html.path);
      const text = await readFile(html.path, 'utf8');
      expect(text).not.toContain('<img src=x');
      expect(text).not.toContain("<script>alert('item')");
      expect(text).toContain('Evil&lt;img src=x onerror=alert(&#39;seller&#39;)&gt;Shop');
      expect(text).toContain('&lt;script&gt;alert(&#39;item&#39;)&lt;/script&gt;');
      expect(text).not.toMatch(/<script|<link|<img|<iframe|url\(/i);
      expect(text).toContain('Referral candidate');
      expect(text).toContain('3 h 20 min');

      const browser = await chromium.launch({
        executablePath: resolveChromium(process.env.CHROMIUM_PATH),
        headless: true,
        args: CHROMIUM_ARGS,
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
        page.on('dialog', (d) => {
          problems.push(`dialog: ${d.message()}`);
          void d.dismiss();
        });
        page.on('request', (r) => requests.push(r.url()));
        const url = pathToFileURL(html.path).href;
        await page.goto(url, { waitUntil: 'load' });
        // A holder's Chinese name is drawn with a CJK font (fonts-noto-cjk installed by ensureCjkFonts).
        const marked = await page.locator('td').evaluateAll((tds) => {
          const td = tds.find((t) => /[\u4e00-\u9fff]/u.test(t.firstChild?.textContent ?? ''));
          td?.setAttribute('data-cjk', '');
          return !!td;
        });
        expect(marked).toBe(true);
        const { fonts } = await renderedFonts(page, 'td[data-cjk]');
        expect(fonts.length).toBeGreaterThan(0);
        expect(
          fonts.every((f) => CJK_FAMILY.test(f.familyName)),
          JSON.stringify(fonts),
        ).toBe(true);
        expect(await page.title()).toBe(`Enforcement report: campaign ${CAMPAIGN}`);
        expect(await page.locator('svg.chart').count()).toBe(2);
        expect(await page.locator('img, script').count()).toBe(0);
        await expect.poll(() => page.getByText(HOSTILE_SELLER, { exact: true }).count()).toBe(1);
        expect(await page.locator('tr.referral').count()).toBeGreaterThanOrEqual(1);
        const shot = join(root, 'report.png');
        await page.screenshot({ path: shot, fullPage: true });
        const png = await readFile(shot);
        expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        expect((await stat(shot)).size).toBeGreaterThan(10_000);
        expect(problems).toEqual([]);
        expect(requests).toEqual([url]);
      } finally {
        await browser.close();
      }

      const csv = await reportCommand({
        dataDir: root,
        campaign: CAMPAIGN,
        format: 'csv',
        referralThreshold: '1000000000',
      });
      expect(csv.sellersPath).toBe(join(reports, `report-${CAMPAIGN}-sellers.csv`));
      const rows = parse(await readFile(csv.path, 'utf8'), { columns: true }) as Record<string, string>[];
      const f = csv.figures;
      expect(rows).toHaveLength(1 + f.bySite.length + f.byHolder.length + f.byItem.length);
      expect(rows[0]).toMatchObject({
        group: 'overall',
        campaign: CAMPAIGN,
        noticed: '6',
        removed: '4',
        removal_rate: '0.667',
        median_time_to_removal_ms: String(Math.round(f.overall.medianTimeToRemovalMs!)),
        median_time_to_removal: '3 h 20 min',
      });
      const sellers = parse(await readFile(csv.sellersPath!, 'utf8'), { columns: true }) as Record<string, string>[];
      expect(sellers.find((s) => s.seller_key === hostile.seller.id)).toMatchObject({
        seller_name: HOSTILE_SELLER,
        referral_candidate: 'false',
      });

      const json = await reportCommand({ dataDir: root, format: 'json', out: join(root, 'out', 'all.json') });
      expect(json.path).toBe(join(root, 'out', 'all.json'));
      const parsed = JSON.parse(await readFile(json.path, 'utf8')) as EnforcementFigures;
      expect(parsed.filter.campaign).toBeNull();
      expect(parsed.overall).toMatchObject(expected(truth));
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
      store = await open();
    }
  });
});
