/**
 * The fetch classifier's rules (shared/classify/providers.ts), each on a page
 * written for the test (test/fixtures/classify/), and the pages that must not
 * trip them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cheerioDocument } from '../../crawler/fetch/cheerio-document';
import { classifyFetch, providers, type FetchFacts } from '../../shared/classify';

const dir = join(import.meta.dirname, '..', 'fixtures', 'classify');
const page = (name: string) => readFileSync(join(dir, name), 'utf8');

function facts(name: string, url = 'https://shop.example/item/1', extra: Partial<FetchFacts> = {}): FetchFacts {
  const html = page(name);
  return { url, status: 200, html, doc: cheerioDocument(html, url), ...extra };
}

const cases: [string, string, Partial<FetchFacts>, string, string][] = [
  [
    'cloudflare.html',
    'https://shop.example/item/1',
    { status: 403, headers: { 'cf-mitigated': 'challenge', server: 'cloudflare' } },
    'block',
    'cloudflare',
  ],
  ['cloudflare-blocked.html', 'https://shop.example/item/1', { status: 403 }, 'block', 'cloudflare'],
  ['perimeterx.html', 'https://www.walmart.com/ip/x/1', {}, 'block', 'perimeterx'],
  ['datadome.html', 'https://www.etsy.com/listing/1', { status: 403 }, 'block', 'datadome'],
  [
    'datadome-403.html',
    'https://shop.example/item/1',
    { status: 403, headers: { 'x-datadome': 'protected', 'set-cookie': 'datadome=fixture; Path=/' } },
    'block',
    'datadome-403',
  ],
  ['incapsula.html', 'https://shop.example/item/1', {}, 'block', 'incapsula'],
  [
    'akamai.html',
    'https://www.shop.example/item/1',
    { status: 403, headers: { server: 'AkamaiGHost' } },
    'block',
    'akamai',
  ],
  ['alibaba-punish.html', 'https://s.taobao.com/search?q=x', {}, 'block', 'alibaba-punish'],
  ['aliexpress-validate.html', 'https://www.aliexpress.com/item/1.html', {}, 'block', 'alibaba-punish'],
  ['amazon-robot-check.html', 'https://www.amazon.com/dp/B0TEST0001', {}, 'block', 'amazon-robot-check'],
  ['ebay-interruption.html', 'https://www.ebay.com/itm/123456789012', {}, 'block', 'ebay-interruption'],
  ['bilibili-risk.html', 'https://www.bilibili.com/video/BV1fixture01', {}, 'block', 'bilibili-risk'],
  ['youtube-consent.html', 'https://consent.youtube.com/m?continue=x', {}, 'consent', 'youtube-consent'],
  ['youtube-consent.html', 'https://www.youtube.com/watch?v=AAAAAAAAAAA', {}, 'consent', 'youtube-consent'],
  ['consent-wall.html', 'https://news.example/a', {}, 'consent', 'cookie-consent-wall'],
  ['youtube-age-gate-empty.html', 'https://www.youtube.com/watch?v=EEEEEEEEEEE', {}, 'login-wall', 'youtube-age-gate'],
  [
    'login.html',
    'https://login.taobao.com/member/login.jhtml?redirectURL=https%3A%2F%2Fs.taobao.com',
    {},
    'login-wall',
    'login-redirect',
  ],
  ['generic-challenge.html', 'https://shop.example/item/1', {}, 'block', 'generic-challenge'],
  [
    'rate-limited.html',
    'https://shop.example/item/1',
    { status: 429, headers: { 'retry-after': '60' } },
    'block',
    'rate-limited',
  ],
];

describe('classifyFetch: each provider on its own test page', () => {
  for (const [file, url, extra, verdict, provider] of cases) {
    it(`${file} at ${new URL(url).host}: ${verdict} (${provider})`, () => {
      const c = classifyFetch(facts(file, url, extra));
      expect(c).toMatchObject({ verdict, provider, extractable: false });
      expect(c.reason).not.toBe('');
    });
  }

  it('every provider rule has a test page above', () => {
    const tested = new Set(cases.map((c) => c[4]));
    expect(providers.map((p) => p.id).filter((id) => !tested.has(id))).toEqual([]);
  });
});

describe('classifyFetch: what is not a block', () => {
  it('a reCAPTCHA script on an ordinary page', () => {
    expect(classifyFetch(facts('recaptcha-only.html'))).toMatchObject({ verdict: 'ok', extractable: true });
  });

  it('a page served through Cloudflare or DataDome without a challenge', () => {
    const f = facts('recaptcha-only.html', 'https://shop.example/item/1', {
      headers: {
        server: 'cloudflare',
        'cf-ray': '8a-AMS',
        'x-datadome': 'protected',
        'set-cookie': ['datadome=abc; Path=/', 'incap_ses_1=x'],
      },
    });
    expect(classifyFetch(f).verdict).toBe('ok');
  });

  it("a challenge laid over the site's data is a partial block, read; the same challenge alone is a block", () => {
    const over = classifyFetch(facts('perimeterx.html'), { hasData: () => true });
    expect(over).toMatchObject({ verdict: 'partial-block', provider: 'perimeterx', extractable: true });
    expect(classifyFetch(facts('perimeterx.html'), { hasData: () => false }).verdict).toBe('block');
    // A challenge that never carries data stays a block whatever the page holds.
    expect(classifyFetch(facts('amazon-robot-check.html'), { hasData: () => true }).verdict).toBe('block');
  });

  it("an age gate over a video's details is a login wall whose data is read", () => {
    const c = classifyFetch(facts('youtube-age-gate.html', 'https://www.youtube.com/watch?v=EEEEEEEEEEE'), {
      hasData: () => true,
    });
    expect(c).toMatchObject({ verdict: 'login-wall', provider: 'youtube-age-gate', extractable: true });
  });

  it("a 403 or 503 without the site's data is a refusal; with it, the page", () => {
    expect(classifyFetch(facts('rate-limited.html', 'https://shop.example/x', { status: 503 }))).toMatchObject({
      verdict: 'block',
      provider: 'http-503',
    });
    expect(
      classifyFetch(facts('recaptcha-only.html', 'https://shop.example/x', { status: 403 }), { hasData: () => true })
        .verdict,
    ).toBe('ok');
  });

  it('an app shell needs a browser; so does a page the adapter draws with JavaScript when its data is missing', () => {
    expect(classifyFetch(facts('app-shell.html'))).toMatchObject({
      verdict: 'needs-browser',
      provider: 'app-shell',
      extractable: false,
    });
    expect(classifyFetch(facts('app-shell.html'), { hasData: () => true }).verdict).toBe('ok');
    expect(classifyFetch(facts('recaptcha-only.html'), { expectsBrowser: true, hasData: () => false }).verdict).toBe(
      'needs-browser',
    );
    expect(classifyFetch(facts('recaptcha-only.html'), { expectsBrowser: true, hasData: () => true }).verdict).toBe(
      'ok',
    );
  });

  it('reads the HTML alone when no parsed document is given', () => {
    const html = page('cloudflare.html');
    expect(classifyFetch({ url: 'https://shop.example/', html }).provider).toBe('cloudflare');
  });
});
