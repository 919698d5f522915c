/**
 * Repeat infringers over a real store (PGlite and PostgreSQL): sellers
 * built from listings, hits moved through the review workflow and
 * verification checks; links across sites by name, shop URL and contact;
 * the risk score and blacklist, manual entries with their audit trail, CSV
 * export, the boost for a blacklisted seller's next listing, and top
 * sellers with estimated turnover and criminal-referral candidates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestWithSellerBoost, holdersOf, matchListing } from '../../crawler/pipeline';
import {
  blacklistSeller,
  loadSellerBoostIndex,
  refreshSellers,
  sellerOfListing,
  sellersToCsv,
  topSellers,
  topSellersToCsv,
  unblacklistSeller,
  type SellerRepository,
} from '../../crawler/sellers';
import { openStore, type Store } from '../../crawler/store';
import type { HitStatus, Listing } from '../../shared/model';
import { exampleCatalogue } from '../../demo/generate';
import { createTestDatabase, type TestDatabase } from './helpers/fleet';

const catalogue = exampleCatalogue();
// b1 sells one holder's item; everyone else sells other holders' items.
const itemB = catalogue.items[0]!;
const itemsA = catalogue.items.filter((i) => i.holder !== itemB.holder);
const holderA = itemsA[0]!.holder;
const DAY = 86_400_000;
const MARKET = 'http://127.0.0.1:8401';
const VIDEO = 'http://127.0.0.1:8402';

describe.each(['pglite', 'postgres'] as const)('sellers on %s', (kind) => {
  let store: Store;
  let sellers: SellerRepository;
  let db: TestDatabase | undefined;
  let root: string;
  const now = new Date();
  const hitIds: Record<string, number> = {};

  async function listing(key: string, l: Partial<Listing> & Pick<Listing, 'url' | 'site' | 'title'>): Promise<void> {
    await store.listings.upsert({
      kind: l.site === 'demo-video' ? 'video' : 'product',
      images: [],
      fetchedAt: now.toISOString(),
      ...l,
    });
    hitIds[key] = -1;
  }
  async function hit(key: string, url: string, itemId: string, status: HitStatus): Promise<number> {
    const id = await store.hits.upsert({
      listingUrl: url,
      itemId,
      score: 0.8,
      signals: [{ name: 'brand_term', weight: 0.2, evidence: 'x' }],
    });
    const path: Record<string, HitStatus[]> = {
      new: [],
      confirmed: ['confirmed'],
      dismissed: ['dismissed'],
      notice_sent: ['confirmed', 'notice_sent'],
      rejected: ['confirmed', 'notice_sent', 'rejected'],
    };
    for (const s of path[status]!) await store.inbox.setStatus([id], s, 'test', 'reviewer@test', { holderId: null });
    hitIds[key] = id;
    return id;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cs-sellers-'));
    db = kind === 'postgres' ? await createTestDatabase() : undefined;
    store = await openStore({
      dataDir: db ? root : 'memory://',
      databaseUrl: db?.url,
      evidenceDir: join(root, 'evidence'),
    });
    await store.catalogue.upsert(catalogue);
    sellers = store.sellers;

    // A: Glow Outlet on the marketplace, 4 confirmed (one long ago) + 1 unreviewed; and on the video site by the same
    // name.
    const glow = { id: 'glow_outlet', name: 'Glow Outlet', url: `${MARKET}/seller/glow_outlet` };
    const a = [
      ['a1', 100, 200, 'confirmed'],
      ['a2', 50, 300, 'confirmed'],
      ['a3', 80, 250, 'notice_sent'],
      ['a4', 10, 100, 'confirmed'],
      ['a5', 999, 5, 'new'],
    ] as const;
    for (const [i, [key, price, sold, status]] of a.entries()) {
      const url = `${MARKET}/item/${1000 + i}.html`;
      await listing(key, {
        url,
        site: 'demo-market',
        title: `${itemsA[i]!.title} 高仿`,
        price,
        currency: 'CNY',
        soldCount: sold,
        seller: glow,
      });
      await hit(key, url, itemsA[i]!.id, status);
    }
    await store.db.query(`UPDATE hits SET last_seen_at = now() - interval '200 days' WHERE id = $1`, [hitIds.a4]);
    await listing('a-clean', {
      url: `${MARKET}/item/1099.html`,
      site: 'demo-market',
      title: 'Phone case',
      price: 9,
      currency: 'CNY',
      soldCount: 5000,
      seller: glow,
    });
    await listing('v1', {
      url: `${VIDEO}/watch/vglow1`,
      site: 'demo-video',
      title: 'full movie',
      views: 50_000,
      seller: { id: 'ch_glow', name: 'glow outlet', url: `${VIDEO}/channel/ch_glow` },
    });
    await hit('v1', `${VIDEO}/watch/vglow1`, itemsA[5]!.id, 'confirmed');
    // a3 was noticed, taken down, then relisted: verification saw both.
    const v = store.verifications;
    const noticedAt = await v.noticedAt(hitIds.a3!);
    await v.record(
      {
        hitId: hitIds.a3!,
        url: `${MARKET}/item/1002.html`,
        checkedAt: new Date(now.getTime() + DAY).toISOString(),
        httpStatus: 404,
        outcome: 'removed',
        reason: 'HTTP 404',
        noticedAt,
        expected: 'notice_sent',
        moveTo: 'removed',
      },
      'verifier',
    );
    await v.record(
      {
        hitId: hitIds.a3!,
        url: `${MARKET}/item/1900.html`,
        checkedAt: new Date(now.getTime() + 2 * DAY).toISOString(),
        httpStatus: 200,
        outcome: 'relisted',
        reason: 'relisted',
        noticedAt,
        expected: 'removed',
        moveTo: 'relisted',
        relistedUrl: `${MARKET}/item/1900.html`,
      },
      'verifier',
    );

    // B and C: two shops on the marketplace with one WeChat id.
    await listing('b1', {
      url: `${MARKET}/item/2000.html`,
      site: 'demo-market',
      title: `${itemB.title} A货`,
      description: '加微信: Fakes_Boss88 拿货',
      price: 30,
      currency: 'USD',
      soldCount: 40,
      seller: { id: 'b1', name: '潮牌小店' },
    });
    await hit('b1', `${MARKET}/item/2000.html`, itemB.id, 'confirmed');
    await listing('c1', {
      url: `${MARKET}/item/2001.html`,
      site: 'demo-market',
      title: 'replica bag',
      description: 'wechat fakes_boss88',
      seller: { id: 'c1', name: 'Trend Corner' },
    });
    await hit('c1', `${MARKET}/item/2001.html`, itemsA[0]!.id, 'new');
    // D and E: one shop URL of their own, on both sites.
    await listing('d1', {
      url: `${MARKET}/item/3000.html`,
      site: 'demo-market',
      title: 'x',
      seller: { id: 'd1', name: 'D Shop One', url: 'https://d-shop.example/store' },
    });
    await listing('e1', {
      url: `${VIDEO}/watch/ve1`,
      site: 'demo-video',
      title: 'y',
      seller: { id: 'e1', name: 'Elsewhere', url: 'https://www.d-shop.example/store/' },
    });
    // F: one hit, dismissed. G: a seller known only by name.
    await listing('f1', {
      url: `${MARKET}/item/4000.html`,
      site: 'demo-market',
      title: 'z',
      seller: { id: 'f1', name: 'Fine Goods' },
    });
    await hit('f1', `${MARKET}/item/4000.html`, itemsA[1]!.id, 'dismissed');
    await listing('g', {
      url: `${MARKET}/item/5000.html`,
      site: 'demo-market',
      title: 'w',
      price: 5,
      currency: 'EUR',
      soldCount: 10,
      seller: { name: 'Nameless Stall' },
    });
    await hit('g', `${MARKET}/item/5000.html`, itemsA[2]!.id, 'confirmed');
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await db?.drop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('builds sellers per site and links them across sites by name, shop URL and contact', async () => {
    expect(await refreshSellers(store, { now })).toEqual({ sellers: 8, groups: 5, links: 3, blacklisted: 2 });
    const glow = (await sellers.get('demo-market', 'glow_outlet'))!;
    expect(glow.groupId).toBe('demo-market/glow_outlet');
    expect(glow.group.members.map((m) => `${m.site}/${m.key}`).sort()).toEqual([
      'demo-market/glow_outlet',
      'demo-video/ch_glow',
    ]);
    expect(glow.group.links).toEqual([
      { a: 'demo-market/glow_outlet', b: 'demo-video/ch_glow', by: 'name', value: 'glowoutlet' },
    ]);
    expect(glow.figures).toEqual({
      listings: 6,
      hitListings: 5,
      confirmed: 4,
      confirmedInWindow: 3,
      removed: 1,
      relisted: 1,
      soldCount: 855,
      views: 0,
      turnover: { CNY: 56_000 },
      sites: 1,
    });
    expect(glow.group.figures).toMatchObject({
      confirmed: 5,
      confirmedInWindow: 4,
      hitListings: 6,
      views: 50_000,
      sites: 2,
    });
    expect((await sellers.get('demo-market', 'c1'))!.groupId).toBe('demo-market/b1');
    expect((await sellers.get('demo-market', 'b1'))!.group.links).toEqual([
      { a: 'demo-market/b1', b: 'demo-market/c1', by: 'contact', value: 'wechat:fakes_boss88' },
    ]);
    expect((await sellers.get('demo-video', 'e1'))!.group.links[0]).toMatchObject({
      by: 'shop_url',
      value: 'd-shop.example/store',
    });
    expect((await sellers.get('demo-market', 'name:Nameless Stall'))!.figures.turnover).toEqual({ EUR: 50 });
    expect(await sellerOfListing(store, 'demo-market', { name: 'Nameless Stall' })).toMatchObject({
      key: 'name:Nameless Stall',
    });
  });

  it('scores the group with its reasons and blacklists it over the threshold', async () => {
    const glow = (await sellers.get('demo-market', 'glow_outlet'))!;
    const reasons = Object.fromEntries(glow.reasons.map((r) => [r.name, r.evidence]));
    expect(reasons).toEqual({
      confirmed_in_window: '4 confirmed in 90 days',
      confirmed_before_window: '1 confirmed before the last 90 days',
      relisted: 'relisted 1 time after takedown',
      taken_down: '1 listing taken down after notices',
      reach_sold: '855 sold on listings with hits',
      reach_listings: '6 listings with hits (7 in all)',
      multi_site: 'linked sellers on 2 sites',
    });
    expect(glow.score).toBe(Math.min(1, Math.round(glow.reasons.reduce((s, r) => s + r.weight, 0) * 1000) / 1000));
    expect(glow.blacklisted).toBe(true);
    expect((await sellers.get('demo-video', 'ch_glow'))!).toMatchObject({ score: glow.score, blacklisted: true });
    const listed = await sellers.list({ blacklistedOnly: true });
    expect(listed.map((s) => `${s.site}/${s.key}`)).toEqual(['demo-market/glow_outlet', 'demo-video/ch_glow']);
    expect((await sellers.get('demo-market', 'f1'))!).toMatchObject({ score: 0, reasons: [], blacklisted: false });
    // A year on, nothing is within the window any more.
    await refreshSellers(store, { now: new Date(now.getTime() + 365 * DAY) });
    const later = (await sellers.get('demo-market', 'glow_outlet'))!;
    expect(later.group.figures.confirmedInWindow).toBe(0);
    expect(later.score).toBeLessThan(glow.score);
    await refreshSellers(store, { now });
  });

  it(
    'blacklists by hand with an audit trail, for the seller ' + 'and its linked shops, and takes it off again',
    async () => {
      expect(await blacklistSeller(store, 'demo-market', 'f1', 'seen selling fakes offline', 'dana')).toEqual({
        added: true,
      });
      expect(await blacklistSeller(store, 'demo-market', 'f1', 'again', 'dana')).toEqual({ added: false });
      const f = (await sellers.get('demo-market', 'f1'))!;
      expect(f.blacklisted).toBe(true);
      expect(f.manual).toMatchObject({ reason: 'seen selling fakes offline', by: 'dana' });
      expect(f.reasons).toEqual([
        { name: 'manual_blacklist', weight: 0, evidence: 'blacklisted by dana: seen selling fakes offline' },
      ]);

      // An entry on one shop covers the shop it is linked to.
      await blacklistSeller(store, 'demo-market', 'c1', 'same WeChat as b1', 'dana');
      const b = (await sellers.get('demo-market', 'b1'))!;
      expect(b.blacklisted).toBe(true);
      expect(b.manual).toMatchObject({ reason: 'same WeChat as b1', seller: 'demo-market/c1' });

      // A refresh keeps manual entries.
      await refreshSellers(store, { now });
      expect((await sellers.list({ blacklistedOnly: true })).map((s) => s.key).sort()).toEqual([
        'b1',
        'c1',
        'ch_glow',
        'f1',
        'glow_outlet',
      ]);

      expect(await unblacklistSeller(store, 'demo-market', 'f1', 'mistaken identity', 'lee')).toEqual({
        removed: true,
      });
      expect(await unblacklistSeller(store, 'demo-market', 'f1', 'again', 'lee')).toEqual({ removed: false });
      expect((await sellers.get('demo-market', 'f1'))!).toMatchObject({
        blacklisted: false,
        manual: null,
        reasons: [],
      });

      const audit = (await store.audit.list({ targets: ['seller:demo-market/f1'], limit: 10 })).reverse();
      expect(audit.map((e) => [e.actor, e.action, e.reason])).toEqual([
        ['dana', 'seller.blacklist', 'seen selling fakes offline'],
        ['lee', 'seller.unblacklist', 'mistaken identity'],
      ]);
      const entries = await sellers.entries();
      expect(entries.find((e) => e.key === 'f1')).toMatchObject({ by: 'dana', removedBy: 'lee' });
      expect((await sellers.entries({ live: true })).map((e) => e.key)).toEqual(['c1']);
    },
  );

  it('exports the blacklist as CSV', async () => {
    const csv = sellersToCsv(await sellers.list({ blacklistedOnly: true }));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    const glow = rows.find((r) => r.seller_key === 'glow_outlet')!;
    expect(glow).toMatchObject({
      group_id: 'demo-market/glow_outlet',
      site: 'demo-market',
      seller_name: 'Glow Outlet',
      blacklisted: 'true',
      confirmed_in_window: '3',
      confirmed: '4',
      turnover: 'CNY 56000.00',
      linked_to: 'demo-video/ch_glow',
      linked_by: 'name: glowoutlet',
    });
    expect(glow.reasons).toContain('confirmed_in_window +0.5 (4 confirmed in 90 days)');
    expect(rows.find((r) => r.seller_key === 'c1')!.manual_reason).toBe('same WeChat as b1');
  });

  it(
    'boosts the next listing of a blacklisted seller, with the ' + 'reason, in the view of the item holder only',
    async () => {
      await blacklistSeller(store, 'demo-market', 'ghost_shop', 'reported by the platform', 'dana');
      const index = await loadSellerBoostIndex(store);
      // Glow Outlet's confirmed hits: three in the window on terravita's items, one on meridane's, none on
      // qinglan-agri's.
      const glow = { id: 'glow_outlet', name: 'Glow Outlet' };
      const terravita = index.get('demo-market', glow, 'terravita')!;
      expect(terravita).toMatchObject({ blacklisted: true, confirmedInWindow: 3, windowDays: 90 });
      expect(index.get('demo-market', glow, 'meridane')).toBeUndefined();
      expect(index.get('demo-market', glow, 'qinglan-agri')).toBeUndefined();
      expect(index.get('demo-market', { id: 'f1' }, 'terravita')).toBeUndefined();
      // The reviewers' manual blacklist is for every holder.
      for (const h of ['terravita', 'meridane', 'qinglan-agri']) {
        expect(index.get('demo-market', { id: 'ghost_shop' }, h)).toMatchObject({
          blacklisted: true,
          manualReason: 'reported by the platform',
        });
      }

      // The match stage boosts from the view of the matched item's holder.
      const nearMiss = (itemId: string) => ({ threshold: 0.5, match: () => [{ itemId, score: 0.45, signals: [] }] });
      const next = { title: 'next listing', site: 'demo-market', seller: glow };
      const m = { sellers: index, holderOf: holdersOf(catalogue.items) };
      const tvItem = catalogue.items.find((i) => i.holder === 'terravita')!.id;
      const merItem = catalogue.items.find((i) => i.holder === 'meridane')!.id;
      expect(matchListing(next, { ...m, matcher: nearMiss(merItem) })).toBeUndefined();
      const boosted = matchListing(next, { ...m, matcher: nearMiss(tvItem) })!;
      expect(boosted.score).toBe(0.5325);
      expect(boosted.signals.at(-1)).toEqual({
        name: 'repeat_infringer',
        weight: 0.15,
        evidence: `seller Glow Outlet (demo-market/glow_outlet): 3 confirmed in 90 days, risk ${terravita.score}`,
      });
      expect(bestWithSellerBoost(nearMiss(tvItem), next, terravita)?.score).toBe(0.5325);
      // Another site's seller of the same id is someone else.
      expect(index.get('demo-video', { id: 'glow_outlet' }, 'terravita')).toBeUndefined();
    },
  );

  it('ranks top sellers by confirmed listings and by estimated turnover, marking referral candidates', async () => {
    const top = await topSellers(store, { now });
    expect(top.map((t) => [t.key, t.figures.confirmed])).toEqual([
      ['glow_outlet', 4],
      ['b1', 1],
      ['name:Nameless Stall', 1],
      ['ch_glow', 1],
      ['c1', 0],
    ]);
    expect(top[0]).toMatchObject({
      site: 'demo-market',
      name: 'Glow Outlet',
      groupId: 'demo-market/glow_outlet',
      blacklisted: true,
      turnover: { CNY: 56_000 },
      approxTurnover: { amount: 56_000, currency: 'CNY' },
      referralCandidate: true,
      referralReasons: ['CNY 56,000 ≥ CNY 50,000'],
    });
    expect(top.filter((t) => t.referralCandidate).map((t) => t.key)).toEqual(['glow_outlet']);

    const byMoney = await topSellers(store, { now, by: 'turnover', limit: 3 });
    expect(byMoney.map((t) => t.key)).toEqual(['glow_outlet', 'b1', 'name:Nameless Stall']);
    expect(byMoney[1]!.turnover).toEqual({ USD: 1200 });

    // Thresholds are configuration: stricter in CNY, and EUR 40 is enough for the stall.
    const strict = await topSellers(store, {
      now,
      referral: { perCurrency: { CNY: 100_000, EUR: 40 }, fallback: { amount: 100_000, currency: 'CNY' } },
    });
    expect(strict.filter((t) => t.referralCandidate).map((t) => [t.key, t.referralReasons])).toEqual([
      ['name:Nameless Stall', ['EUR 50 ≥ EUR 40']],
    ]);

    // A holder sees figures from its own items' hits only.
    const forB = await topSellers(store, { now, holderId: itemB.holder });
    expect(forB.map((t) => t.key)).toEqual(['b1']);
    const forA = await topSellers(store, { now, holderId: holderA });
    expect(forA.map((t) => t.key)).not.toContain('b1');

    const csv = parse(topSellersToCsv(top), { columns: true }) as Record<string, string>[];
    expect(csv[0]).toMatchObject({
      seller_key: 'glow_outlet',
      referral_candidate: 'true',
      referral_reasons: 'CNY 56,000 ≥ CNY 50,000',
      approx_currency: 'CNY',
    });
  });
});
