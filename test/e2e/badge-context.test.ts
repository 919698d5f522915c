/**
 * Badges with context, in headless Chromium with the built extension against
 * the demo marketplace and a real review API: a listing that is a known hit
 * shows its state (new, confirmed, noticed, removed — asked once per page),
 * a blacklisted seller is marked, and an authorised seller's listing gets the
 * neutral "authorised" badge instead of a red one.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { blacklistSeller, refreshSellers } from '../../crawler/sellers';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { isRed, shownBadges } from './helpers/badges';
import { launchExtension, type ExtensionBrowser } from './helpers/extension';
import { connect, openAndScan } from './helpers/session';

let sites: DemoSites;
let api: TestApi;
let b: ExtensionBrowser;
let page: Page;
const SEARCH = '/search?q=Lumisette&page=1';
const pathOf = (href: string) => new URL(href, 'http://x').pathname;

beforeAll(async () => {
  [sites, api, b] = await Promise.all([startDemoSites({ latencyMs: 0 }), startTestApi(), launchExtension()]);
  await connect(b, api.url, api.tokens.reviewer);
  page = await b.context.newPage();
});

afterAll(async () => {
  await b?.close();
  await api?.close();
  await sites?.close();
});

describe('badges with the review side’s context', () => {
  const states = ['new', 'confirmed', 'notice_sent', 'removed'] as const;
  const made = new Map<string, (typeof states)[number]>();
  let blacklistedSeller = '';
  const sellerOf = (path: string) => sites.model.market.find((l) => l.path === path)?.seller.id;

  beforeAll(async () => {
    // What the reviewers already did: four of the page's suspects are hits in four states, one seller blacklisted.
    const first = await openAndScan(b, page, `${sites.market.origin}${SEARCH}`);
    expect(first.suspects.length).toBeGreaterThanOrEqual(4);
    expect(first.suspects.every((s) => s.state === undefined)).toBe(true);
    const byPath = new Map(sites.model.market.map((l) => [l.path, l]));
    const scope = { holderId: null };
    for (const [i, s] of first.suspects.slice(0, 4).entries()) {
      const l = byPath.get(pathOf(s.url))!;
      await api.store.listings.upsert({
        url: s.url,
        site: 'demo-market',
        kind: 'product',
        title: l.title,
        price: l.price,
        currency: l.currency,
        images: [],
        seller: { id: l.seller.id, name: l.seller.name },
        fetchedAt: new Date().toISOString(),
      });
      const id = await api.store.hits.upsert({ listingUrl: s.url, itemId: s.itemId, score: s.score, signals: [] });
      const path: Record<(typeof states)[number], string[]> = {
        new: [],
        confirmed: ['confirmed'],
        notice_sent: ['confirmed', 'notice_sent'],
        removed: ['confirmed', 'notice_sent', 'removed'],
      };
      for (const step of path[states[i]!])
        await api.store.inbox.setStatus([id], step as never, 'e2e set-up', 'test', scope);
      made.set(pathOf(s.url), states[i]!);
      if (states[i] === 'confirmed') {
        blacklistedSeller = l.seller.id;
        await blacklistSeller(api.store, 'demo-market', l.seller.id, 'repeat infringer', 'test');
      }
    }
    await refreshSellers(api.store);
  });

  it('shows each known hit’s state and the blacklisted seller on its badge, from one lookup per page', async () => {
    const report = await openAndScan(b, page, `${sites.market.origin}${SEARCH}`);
    const badges = await shownBadges(page, 'li.result-card');
    const label = { new: 'new', confirmed: 'confirmed', notice_sent: 'noticed', removed: 'removed' } as const;
    for (const [path, state] of made) {
      const s = report.suspects.find((x) => pathOf(x.url) === path)!;
      expect(s.state, path).toBe(state);
      const badge = badges.find((x) => x.href && pathOf(x.href) === path)!;
      expect(badge.tag).toBe('counterscan-badge');
      expect(badge.state).toBe(state);
      expect(badge.pill).toContain(label[state]);
      expect(badge.tip).toContain(`: ${label[state]}`);
      // Every hit of the blacklisted seller carries the mark (a demo seller has several listings), no other.
      expect(badge.pill.includes('blacklisted'), path).toBe(sellerOf(path) === blacklistedSeller);
      expect(s.sellerBlacklisted ?? false).toBe(sellerOf(path) === blacklistedSeller);
    }
    // Suspects that are no hit yet carry no state.
    const others = report.suspects.filter((s) => !made.has(pathOf(s.url)));
    expect(others.every((s) => s.state === undefined)).toBe(true);
    console.log(
      `states: ${badges
        .filter((x) => x.state)
        .map((x) => `${x.pill}`)
        .join(' | ')}`,
    );
    if (process.env.SCREENSHOTS) {
      // The first card's tooltip leaves the blacklisted, noticed, removed and authorised badges in view.
      const newPath = [...made].find(([, st]) => st === 'new')![0];
      const card = page.locator(`li.result-card:has(a[href$="${newPath}"]) counterscan-badge`);
      await card.hover();
      await mkdir('docs/screenshots', { recursive: true });
      await page.screenshot({ path: 'docs/screenshots/badge-states.png' });
    }
  });

  it('asks the review API once for the whole page', async () => {
    const asked: string[] = [];
    const onRequest = (req: { url?: string }) => req.url?.startsWith('/v1/hits/lookup') && asked.push(req.url);
    api.app.server.on('request', onRequest);
    try {
      const report = await openAndScan(b, page, `${sites.market.origin}${SEARCH}`);
      expect(report.listings).toBeGreaterThan(4);
    } finally {
      api.app.server.off('request', onRequest);
    }
    expect(asked).toHaveLength(1);
  });
});

describe('authorised sellers', () => {
  it('get a neutral "authorised" badge, never a red suspect one', async () => {
    const truth = new Map(sites.truth.map((t) => [t.path, t]));
    let checked = 0;
    for (const q of ['Lumisette', 'Bruvia', 'GlucoCheck', 'Veloran']) {
      const report = await openAndScan(b, page, `${sites.market.origin}/search?q=${q}&page=1`);
      const badges = await shownBadges(page, 'li.result-card');
      for (const a of report.authorised) {
        const badge = badges.find((x) => x.href && pathOf(x.href) === pathOf(a.url))!;
        expect(badge.tag, a.url).toBe('counterscan-authorised');
        expect(badge.pill).toContain('authorised');
        expect(isRed(badge.background), badge.background).toBe(false);
        expect(badge.tip).toContain('Authorised');
        expect(truth.get(pathOf(a.url))?.label).toBe('genuine');
        checked++;
      }
      // No listing has both badges, and every suspect's pill is red-ish (state-less suspects).
      expect(report.suspects.filter((s) => report.authorised.some((a) => a.url === s.url))).toEqual([]);
      for (const s of badges.filter((x) => x.tag === 'counterscan-badge' && !x.state))
        expect(isRed(s.background) || s.background.includes('239, 108, 0'), s.background).toBe(true);
    }
    console.log(`authorised badges checked: ${checked}`);
    expect(checked).toBeGreaterThan(0);
  });
});
