/**
 * The repeat-infringer rules as pure functions: the risk score and its
 * reasons, the boost a blacklisted seller's new listing gets, seller
 * linking (name across sites, shop URL, contacts), and the criminal-referral
 * verdict on estimated turnover.
 */
import { describe, expect, it } from 'vitest';
import { bestWithSellerBoost, boostForSeller, REPEAT_INFRINGER_WEIGHT, type BoostSeller } from '../../crawler/pipeline';
import {
  extractContacts,
  linkSellers,
  normaliseSellerName,
  referralVerdict,
  RISK_WEIGHTS,
  sellerKey,
  sellerRisk,
  shopUrlKey,
  sumFigures,
  type SellerFigures,
  type SellerNode,
} from '../../crawler/sellers';
import { combineEvidence, Matcher, type MatchResult } from '../../shared/match';
import { exampleCatalogue } from '../../demo/generate';

const figures = (over: Partial<SellerFigures> = {}): SellerFigures => ({
  listings: 0,
  hitListings: 0,
  confirmed: 0,
  confirmedInWindow: 0,
  removed: 0,
  relisted: 0,
  soldCount: 0,
  views: 0,
  turnover: {},
  sites: 1,
  ...over,
});
const sum = (reasons: { weight: number }[]) => Math.round(reasons.reduce((s, r) => s + r.weight, 0) * 1000) / 1000;

describe('sellerRisk', () => {
  it('gives nothing to a seller with nothing against it', () => {
    expect(sellerRisk(figures({ listings: 40, hitListings: 2 }))).toEqual({
      score: 0,
      reasons: [],
      blacklisted: false,
    });
  });

  it('blacklists at four confirmed infringements in the window, saying so', () => {
    const r = sellerRisk(figures({ listings: 6, hitListings: 4, confirmed: 4, confirmedInWindow: 4 }));
    expect(r.reasons).toEqual([
      { name: 'confirmed_in_window', weight: 0.5, evidence: '4 confirmed in 90 days' },
      { name: 'reach_listings', weight: 0.04, evidence: '4 listings with hits (6 in all)' },
    ]);
    expect(r.score).toBe(0.54);
    expect(r.blacklisted).toBe(true);
    expect(sellerRisk(figures({ confirmed: 3, confirmedInWindow: 3 })).blacklisted).toBe(false);
  });

  it('adds up every reason to the score, each within its cap, and clips at 1', () => {
    const f = figures({
      listings: 200,
      hitListings: 50,
      confirmed: 30,
      confirmedInWindow: 20,
      removed: 9,
      relisted: 5,
      soldCount: 1_000_000,
      sites: 3,
    });
    const r = sellerRisk(f);
    const w = Object.fromEntries(r.reasons.map((x) => [x.name, x.weight]));
    expect(w).toEqual({
      confirmed_in_window: RISK_WEIGHTS.confirmedInWindow.max,
      confirmed_before_window: RISK_WEIGHTS.confirmedBefore.max,
      relisted: RISK_WEIGHTS.relisted.max,
      taken_down: RISK_WEIGHTS.removed.max,
      reach_sold: RISK_WEIGHTS.reachSold.max,
      reach_listings: RISK_WEIGHTS.reachListings.max,
      multi_site: RISK_WEIGHTS.multiSite.weight,
    });
    expect(sum(r.reasons)).toBeGreaterThan(1);
    expect(r.score).toBe(1);
    const modest = sellerRisk(
      figures({ hitListings: 2, confirmed: 2, confirmedInWindow: 1, relisted: 1, soldCount: 99 }),
    );
    expect(modest.score).toBe(sum(modest.reasons));
    expect(modest.reasons.map((x) => x.evidence)).toEqual([
      '1 confirmed in 90 days',
      '1 confirmed before the last 90 days',
      'relisted 1 time after takedown',
      '99 sold on listings with hits',
    ]);
    expect(modest.reasons.find((x) => x.name === 'reach_sold')!.weight).toBe(0.075);
  });

  it('takes the window and the threshold as options', () => {
    const f = figures({ confirmed: 2, confirmedInWindow: 2 });
    expect(sellerRisk(f, null, { windowDays: 30 }).reasons[0]!.evidence).toBe('2 confirmed in 30 days');
    expect(sellerRisk(f, null, { blacklistThreshold: 0.25 }).blacklisted).toBe(true);
    expect(sellerRisk(f, null, { blacklistThreshold: 0.3 }).blacklisted).toBe(false);
  });

  it('blacklists by hand whatever the score, with the reviewer and reason stated, weighing nothing', () => {
    const r = sellerRisk(figures(), {
      reason: 'known counterfeiter (police report 2026/113)',
      by: 'dana',
      at: '2026-01-01T00:00:00Z',
      seller: 'demo-video/ch9',
    });
    expect(r).toEqual({
      score: 0,
      blacklisted: true,
      reasons: [
        {
          name: 'manual_blacklist',
          weight: 0,
          evidence: 'blacklisted by dana (as demo-video/ch9): known counterfeiter (police report 2026/113)',
        },
      ],
    });
  });

  it('adds up linked sellers, turnover per currency', () => {
    const g = sumFigures(
      [figures({ confirmed: 2, turnover: { CNY: 100.5 } }), figures({ confirmed: 1, turnover: { CNY: 0.25, USD: 9 } })],
      2,
    );
    expect(g).toMatchObject({ confirmed: 3, sites: 2, turnover: { CNY: 100.75, USD: 9 } });
  });
});

const seller = (over: Partial<BoostSeller> = {}): BoostSeller => ({
  site: 'demo-market',
  key: 'glow_outlet',
  name: 'Glow Outlet',
  blacklisted: true,
  score: 0.62,
  confirmedInWindow: 4,
  windowDays: 90,
  ...over,
});
const result = (score: number, names: string[] = ['brand_term']): MatchResult => ({
  itemId: 'vel-serum',
  score,
  signals: names.map((name) => ({ name, weight: 0.2, evidence: name })),
});

describe('boostForSeller', () => {
  it('leaves a match alone unless its seller is blacklisted', () => {
    const r = result(0.6);
    expect(boostForSeller(r, undefined)).toBe(r);
    expect(boostForSeller(r, seller({ blacklisted: false }))).toBe(r);
  });

  it("raises a blacklisted seller's match with a stated repeat_infringer signal", () => {
    const r = boostForSeller(result(0.6), seller());
    // Independent evidence: 1 − (1 − 0.6)(1 − 0.15).
    expect(r.score).toBe(0.66);
    expect(r.signals.at(-1)).toEqual({
      name: 'repeat_infringer',
      weight: REPEAT_INFRINGER_WEIGHT,
      evidence: 'seller Glow Outlet (demo-market/glow_outlet): 4 confirmed in 90 days, risk 0.62',
    });
    // A strong match moves closer to 1 without reaching it, so strong cases keep their order.
    expect(boostForSeller(result(0.95), seller()).score).toBe(0.9575);
    expect(boostForSeller(result(0.99), seller()).score).toBeLessThan(boostForSeller(result(0.995), seller()).score);
    expect(boostForSeller(result(0.6), seller(), { weight: 0.05 }).score).toBe(0.62);
    expect(boostForSeller(result(0.6), seller({ manualReason: 'police report' })).signals.at(-1)!.evidence).toBe(
      'seller Glow Outlet (demo-market/glow_outlet): on the blacklist (police report); 4 confirmed in 90 days',
    );
  });

  it('never boosts an authorised or official listing, nor twice', () => {
    const authorised = result(0.2, ['brand_term', 'authorised_seller']);
    expect(boostForSeller(authorised, seller())).toBe(authorised);
    const once = boostForSeller(result(0.6), seller());
    expect(boostForSeller(once, seller())).toBe(once);
  });

  it('turns a near miss into a hit before the threshold applies', () => {
    const fake = { threshold: 0.5, match: () => [result(0.45)] };
    expect(bestWithSellerBoost(fake, { title: 'x' }, undefined)).toBeUndefined();
    expect(bestWithSellerBoost(fake, { title: 'x' }, seller())?.score).toBe(0.5325);
    expect(bestWithSellerBoost({ threshold: 0.5, match: () => [] }, { title: 'x' }, seller())).toBeUndefined();
  });

  it('works over the real matcher: a near miss from a blacklisted seller becomes a hit', () => {
    const items = exampleCatalogue().items;
    const listing = {
      title: 'Glucosyn tablets',
      price: 20,
      currency: 'CNY',
      seller: { id: 'glow_outlet', name: 'Glow Outlet' },
    };
    const plain = new Matcher(items, { threshold: 0.5 }).match(listing, 1)[0]!;
    // A threshold between the listing's own score and its score with the seller's standing: a near miss.
    const threshold = (plain.score + combineEvidence(plain.score, REPEAT_INFRINGER_WEIGHT)) / 2;
    const matcher = new Matcher(items, { threshold });
    expect(plain.score).toBeLessThan(threshold);
    expect(matcher.best(listing)).toBeUndefined();
    const boosted = bestWithSellerBoost(matcher, listing, seller())!;
    expect(boosted.itemId).toBe(plain.itemId);
    expect(boosted.score).toBe(combineEvidence(plain.score, REPEAT_INFRINGER_WEIGHT));
    expect(boosted.signals.map((s) => s.name)).toEqual([...plain.signals.map((s) => s.name), 'repeat_infringer']);
  });
});

describe('seller identity and linking', () => {
  it('keys a seller by id, else by name, as SQL does', () => {
    expect(sellerKey('s1', 'Shop')).toBe('s1');
    expect(sellerKey(null, 'Shop')).toBe('name:Shop');
    expect(sellerKey(undefined, undefined)).toBeUndefined();
  });

  it('normalises names and refuses ones too short to tell apart', () => {
    expect(normaliseSellerName('Glow  Outlet!')).toBe('glowoutlet');
    expect(normaliseSellerName('奢品匯 Vintage')).toBe(normaliseSellerName('奢品汇 vintage'));
    expect(normaliseSellerName('A-B')).toBeUndefined();
    expect(shopUrlKey('https://www.D-Shop.example/Store/?ref=x#top')).toBe('d-shop.example/store');
    expect(shopUrlKey('mailto:x@y.z')).toBeUndefined();
  });

  it('reads contacts only where a cue says so', () => {
    const text = `加微信: Fakes_Boss88 下单，电话 +86 138-0013-8000，QQ：12345678，mail sales@Fake-Shop.example, t.me/replica_hub
      注册号 CNIPA:41234567, model RV-500, 已售 12000`;
    expect(extractContacts(text)).toEqual([
      'email:sales@fake-shop.example',
      'phone:3800138000',
      'qq:12345678',
      'telegram:replica_hub',
      'wechat:fakes_boss88',
    ]);
    // The same phone written without the country code is the same contact.
    expect(extractContacts('WhatsApp 13800138000')).toEqual(['phone:3800138000']);
    expect(extractContacts('sold 13800138000 units')).toEqual([]);
  });

  const node = (site: string, key: string, over: Partial<SellerNode> = {}): SellerNode => ({
    site,
    key,
    contacts: [],
    ...over,
  });

  it('links by name across sites only, by shop URL and contact anywhere, transitively', () => {
    const nodes = [
      node('demo-market', 'glow_outlet', { name: 'Glow Outlet' }),
      node('demo-video', 'ch_glow', { name: 'glow outlet' }),
      node('demo-market', 'glow2', { name: 'Glow Outlet' }),
      node('demo-market', 'b1', { contacts: ['wechat:fakes_boss88'] }),
      node('demo-market', 'c1', { contacts: ['wechat:fakes_boss88'] }),
      node('demo-video', 'e1', { shopUrl: 'https://d-shop.example/store/' }),
      node('demo-market', 'd1', { shopUrl: 'http://www.d-shop.example/store' }),
      node('demo-market', 'lonely', { name: 'Lonely Shop' }),
    ];
    const { groupOf, links } = linkSellers(nodes);
    expect(groupOf.get('demo-market/glow_outlet')).toBe('demo-market/glow2');
    expect(groupOf.get('demo-video/ch_glow')).toBe('demo-market/glow2');
    expect(groupOf.get('demo-market/glow2')).toBe('demo-market/glow2');
    expect(groupOf.get('demo-market/c1')).toBe('demo-market/b1');
    expect(groupOf.get('demo-video/e1')).toBe('demo-market/d1');
    expect(groupOf.get('demo-market/lonely')).toBe('demo-market/lonely');
    expect(links.map((l) => `${l.a} ${l.b} ${l.by} ${l.value}`).sort()).toEqual([
      'demo-market/b1 demo-market/c1 contact wechat:fakes_boss88',
      'demo-market/d1 demo-video/e1 shop_url d-shop.example/store',
      'demo-market/glow2 demo-video/ch_glow name glowoutlet',
      'demo-market/glow_outlet demo-video/ch_glow name glowoutlet',
    ]);
    // The same nodes in another order give the same groups.
    const again = linkSellers([...nodes].reverse());
    expect([...again.groupOf.entries()].sort()).toEqual([...groupOf.entries()].sort());
  });
});

describe('referralVerdict', () => {
  const t = {
    perCurrency: { CNY: 50_000, EUR: 10_000 },
    fallback: { amount: 50_000, currency: 'CNY' },
    rates: { USD: 1, CNY: 7.2, EUR: 0.92 },
  };

  it("marks a seller over its currency's threshold, with the figures", () => {
    expect(referralVerdict({ CNY: 62_400 }, t)).toEqual({
      referralCandidate: true,
      reasons: ['CNY 62,400 ≥ CNY 50,000'],
      approxTotal: { amount: 62_400, currency: 'CNY' },
    });
    expect(referralVerdict({ CNY: 49_999.99 }, t).referralCandidate).toBe(false);
    expect(referralVerdict({ EUR: 10_000 }, t).reasons).toEqual(['EUR 10,000 ≥ EUR 10,000']);
  });

  it('judges an unlisted currency against the fallback, converted', () => {
    expect(referralVerdict({ USD: 8000 }, t)).toMatchObject({
      referralCandidate: true,
      reasons: ['USD 8,000 ≈ CNY 57,600 ≥ CNY 50,000'],
    });
    expect(referralVerdict({ USD: 6000 }, t).referralCandidate).toBe(false);
  });

  it('adds currencies up when none is over on its own', () => {
    const v = referralVerdict({ CNY: 30_000, USD: 3000 }, t);
    expect(v).toEqual({
      referralCandidate: true,
      reasons: ['all currencies ≈ CNY 51,600 ≥ CNY 50,000'],
      approxTotal: { amount: 51_600, currency: 'CNY' },
    });
    expect(referralVerdict({ CNY: 30_000, XYZ: 1e9 }, t)).toEqual({
      referralCandidate: false,
      reasons: [],
      approxTotal: null,
    });
    expect(referralVerdict({}, t)).toEqual({
      referralCandidate: false,
      reasons: [],
      approxTotal: { amount: 0, currency: 'CNY' },
    });
  });
});
