import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  enforcementSellersToCsv,
  enforcementToCsv,
  GROUP_COLUMNS,
  SELLER_COLUMNS,
} from '../../crawler/report/enforcement-csv';
import type { EnforcementCounts, EnforcementFigures, ReportSeller } from '../../crawler/report/enforcement-figures';
import { enforcementToHtml } from '../../crawler/report/enforcement-html';
import { hitsToHtml } from '../../crawler/report/html';
import { renderPackageIndex } from '../../crawler/notices/evidence-index';
import type { HitRow } from '../../crawler/store';
import { paragraph, renderHtml } from '../../shared/notices/render';
import { CJK_FONT_STACK } from '../../shared/text';

const EVIL = `"><img src=x onerror=alert(1)><script>alert(2)</script>&`;
const HOUR = 3_600_000;

const counts = (over: Partial<EnforcementCounts> = {}): EnforcementCounts => ({
  hits: 10,
  confirmed: 6,
  noticed: 4,
  removed: 3,
  removalRate: 0.75,
  medianTimeToRemovalMs: 3 * HOUR + 20 * 60_000,
  relisted: 1,
  stillUp: 1,
  checks: 9,
  ...over,
});

const seller = (over: Partial<ReportSeller> = {}): ReportSeller => ({
  site: 'demo-market',
  key: 'evil',
  name: EVIL,
  groupId: 'demo-market/evil',
  score: 0.62,
  blacklisted: true,
  confirmed: 3,
  confirmedInWindow: 3,
  listingsWithHits: 4,
  soldCount: 700,
  views: 0,
  removed: 2,
  relisted: 1,
  turnover: { CNY: 62_400 },
  approxTurnover: { amount: 62_400, currency: 'CNY' },
  referralCandidate: true,
  referralReasons: [`CNY 62,400 ≥ CNY 50,000 ${EVIL}`],
  ...over,
});

function figures(over: Partial<EnforcementFigures> = {}): EnforcementFigures {
  return {
    filter: { campaign: `spring ${EVIL}`, holderId: null, site: null, itemId: null },
    generatedAt: '2027-03-04T10:20:30.000Z',
    overall: counts(),
    bySite: [
      { site: `market ${EVIL}`, ...counts({ hits: 7 }) },
      {
        site: 'demo-video',
        ...counts({ hits: 3, noticed: 0, removed: 0, removalRate: 0, medianTimeToRemovalMs: null }),
      },
    ],
    byHolder: [{ holderId: 'veloran', holderName: `Veloran ${EVIL}`, ...counts() }],
    byItem: [
      {
        itemId: '=cmd|calc',
        itemTitle: `Night Serum ${EVIL}`,
        holderId: 'veloran',
        holderName: 'Veloran',
        ...counts(),
      },
    ],
    topSellers: [
      seller(),
      seller({
        key: 'meek',
        name: 'Meek Shop',
        blacklisted: false,
        score: 0.1,
        turnover: {},
        approxTurnover: { amount: 0, currency: 'CNY' },
        referralCandidate: false,
        referralReasons: [],
      }),
    ],
    referralThreshold: { amount: 50_000, currency: 'CNY', perCurrency: { CNY: 50_000 } },
    ...over,
  };
}

describe('the enforcement HTML report', () => {
  const html = enforcementToHtml(figures(), { holderName: EVIL });

  it('escapes every string from sites, sellers and the catalogue', () => {
    expect(html).not.toMatch(/<img|<script|onerror=alert\(1\)>/);
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&amp;');
    // Only our own tags: the one style block, SVG and tables.
    const tags = new Set([...html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase()));
    const allowed = [
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'h1',
      'h2',
      'h3',
      'p',
      'section',
      'div',
      'figure',
      'svg',
      'rect',
      'text',
      'line',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'span',
      'b',
      'ul',
      'li',
      'dl',
      'dt',
      'dd',
    ];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('shows the headline figures in human units, a chart per site and the referral candidates', () => {
    expect(html).toContain('<title>Enforcement report: campaign spring &quot;&gt;&lt;img');
    expect(html).toContain('Generated 2027-03-04 10:20 UTC');
    expect(html).toContain('75 %');
    expect(html).toContain('3 h 20 min');
    expect(html.match(/<svg /g)).toHaveLength(2);
    // The removal chart lists only sites with notices.
    expect(html).toContain('75 % (3 of 4) · median 3 h 20 min');
    expect(html).not.toContain('demo-video: 0 %');
    expect(html.match(/<tr class="referral">/g)).toHaveLength(1);
    expect(html).toContain('CNY 62,400');
    expect(html).toContain('reaches CNY 50,000 (other currencies converted approximately)');
  });

  it('says so when there is nothing to show', () => {
    const none = enforcementToHtml(
      figures({
        overall: counts({ hits: 0, confirmed: 0, noticed: 0, removed: 0, removalRate: 0, medianTimeToRemovalMs: null }),
        bySite: [],
        byHolder: [],
        byItem: [],
        topSellers: [],
      }),
    );
    expect(none).toContain('No hits in this scope.');
    expect(none).toContain('No sellers with hits in this scope.');
    expect(none).not.toContain('<svg');
  });
});

describe('the enforcement CSV report', () => {
  it('has one row per group with the same columns, formulas defused', () => {
    const rows = parse(enforcementToCsv(figures()), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...GROUP_COLUMNS]);
    expect(rows.map((r) => r.group)).toEqual(['overall', 'site', 'site', 'holder', 'item']);
    expect(rows[0]).toMatchObject({
      hits: '10',
      noticed: '4',
      removed: '3',
      removal_rate: '0.750',
      median_time_to_removal_ms: String(3 * HOUR + 20 * 60_000),
      median_time_to_removal: '3 h 20 min',
    });
    expect(rows[2]).toMatchObject({ site: 'demo-video', median_time_to_removal_ms: '', median_time_to_removal: '' });
    expect(rows[4]).toMatchObject({ item_id: "'=cmd|calc", item_title: `Night Serum ${EVIL}`, holder_id: 'veloran' });
  });

  it('writes the top sellers to their own file', () => {
    const rows = parse(enforcementSellersToCsv(figures()), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...SELLER_COLUMNS]);
    expect(rows[0]).toMatchObject({
      rank: '1',
      seller_name: EVIL,
      turnover: 'CNY 62,400',
      referral_candidate: 'true',
      blacklisted: 'true',
    });
    expect(rows[1]).toMatchObject({ rank: '2', turnover: '', referral_candidate: 'false', referral_reasons: '' });
  });
});

describe('the sweep report and every HTML page', () => {
  const hit = (over: Partial<HitRow> = {}): HitRow => ({
    id: 1,
    listingUrl: 'https://shop.example/item/1',
    itemId: 'item-1',
    itemTitle: EVIL,
    holderId: 'h1',
    holderName: EVIL,
    score: 0.83,
    signals: [{ name: 'counterfeit_words', weight: 0.3, evidence: EVIL }],
    status: 'new',
    sweepId: 's1',
    evidenceSha256: null,
    site: EVIL,
    kind: 'product',
    title: EVIL,
    price: 10,
    currency: 'USD',
    sellerId: null,
    sellerName: EVIL,
    referencePrice: null,
    lastSeenAt: new Date().toISOString(),
    ...over,
  });

  it('escapes every string in the summary, filters and rows, and names values in CSS by index only', () => {
    const html = hitsToHtml([hit(), hit({ id: 2, site: 'demo-market', score: 0.55 })], {
      title: 'Suspect listings',
      generatedAt: '2027-01-01T00:00:00Z',
    });
    expect(html).not.toMatch(/<script|<img src=x/i);
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(style).not.toContain('onerror');
    expect(style).toContain('body:has(#f-s0:checked) :is(tr.hit,.block,section.holder):not(.s0){display:none}');
    expect(html).toContain('<tr class="hit h0 s0 r0 t0 q6 q7 q8"');
    expect(html).toContain('<tr class="hit h0 s1 r0 t0"');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(3);
  });

  it('every page names the CJK-capable font stack from one place', () => {
    const f = figures();
    for (const page of [
      hitsToHtml([hit()], { title: 't', generatedAt: 'now' }),
      enforcementToHtml(f),
      renderHtml('notice', [paragraph('x')]),
      renderPackageIndex(
        { id: 1, caseId: 1, holderId: 'h', regime: 'dmca', recipient: 'a@b.c', subject: 's', createdAt: 'now' },
        [],
        '0'.repeat(64),
      ),
    ])
      expect(page.replaceAll('&quot;', '"')).toContain(CJK_FONT_STACK);
    expect(CJK_FONT_STACK).toBe(
      '"Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    );
  });
});
