/**
 * --locale wherever a site's URL is chosen: scan and sweep (resolveSite),
 * campaign create (one locale for every site, or one per site), and extract
 * (--site with --query instead of --url).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignFromFlags } from '../../crawler/commands/campaign';
import { extractCommand, type ExtractOptions } from '../../crawler/commands/extract';
import { resolveSite, siteSearchUrl } from '../../crawler/commands/site-arg';

describe('--locale picks the store a site is swept in', () => {
  it('resolves a site id with a locale to that store’s origin, and says what is wrong otherwise', () => {
    expect(resolveSite('amazon', undefined, 'de')).toMatchObject({
      adapter: { id: 'amazon' },
      origin: 'https://www.amazon.de',
    });
    expect(resolveSite('walmart', undefined, 'ca').origin).toBe('https://www.walmart.ca');
    expect(() => resolveSite('amazon', undefined, 'xx')).toThrow(
      /--locale: amazon has no locale "xx" \(known: us, uk, de/,
    );
    expect(() => resolveSite('amazon', 'https://www.amazon.fr', 'de')).toThrow('--locale and --origin: give one');
    expect(() => resolveSite('https://www.amazon.com/s?k=x', undefined, 'de')).toThrow(
      /--locale: give the site by its adapter id/,
    );
  });

  it('builds the locale’s own search URL (its search path)', () => {
    expect(siteSearchUrl('amazon', 'lampe', { locale: 'de' })).toBe('https://www.amazon.de/s?k=lampe&page=1');
    expect(siteSearchUrl('walmart', 'huggies', { locale: 'ca', page: 2 })).toBe(
      'https://www.walmart.ca/en/search?q=huggies&page=2',
    );
    expect(siteSearchUrl('walmart', 'huggies')).toMatch(/^https:\/\/www\.walmart\.com\/search\?q=huggies/);
  });

  it('campaign create: one locale for every site, or one per site in order', () => {
    const config = { maxSearchPages: 5 };
    const base = { name: 'c1', every: '2h' };
    expect(campaignFromFlags({ ...base, site: 'amazon,ebay', locale: ['de'] }, config).sites).toEqual([
      { site: 'amazon', origin: 'https://www.amazon.de' },
      { site: 'ebay', origin: 'https://www.ebay.de' },
    ]);
    expect(campaignFromFlags({ ...base, site: 'amazon,walmart', locale: ['uk', 'ca'] }, config).sites).toEqual([
      { site: 'amazon', origin: 'https://www.amazon.co.uk' },
      { site: 'walmart', origin: 'https://www.walmart.ca' },
    ]);
    expect(() => campaignFromFlags({ ...base, site: 'amazon,ebay,walmart', locale: ['de', 'de'] }, config)).toThrow(
      '--locale: got 2 for 3 sites',
    );
    expect(() => campaignFromFlags({ ...base, site: 'amazon,walmart', locale: ['de'] }, config)).toThrow(
      /--locale: walmart has no locale "de"/,
    );
  });
});

describe('extract --site --query [--locale]', () => {
  const run = async (opts: Omit<ExtractOptions, 'file'>, html: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'extract-locale-'));
    const file = join(dir, 'page.html');
    await writeFile(file, html);
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => void lines.push(s);
    try {
      await extractCommand({ ...opts, file });
    } finally {
      console.log = log;
      await rm(dir, { recursive: true });
    }
    return JSON.parse(lines.join('\n')) as { url: string; adapter: string; pageType: string };
  };

  it('reads the locale store’s search page for the query', async () => {
    const out = await run({ site: 'amazon', locale: 'de', query: 'lampe' }, '<title>Amazon.de: lampe</title>');
    expect(out).toMatchObject({ url: 'https://www.amazon.de/s?k=lampe&page=1', adapter: 'amazon', pageType: 'search' });
  });

  it('refuses a mix of --url and --site, or --locale with --url', async () => {
    await expect(run({ url: 'https://www.amazon.de/s?k=x', site: 'amazon', query: 'x' }, '')).rejects.toThrow(
      '--url, or --site with --query: not both',
    );
    await expect(run({ url: 'https://www.amazon.de/s?k=x', locale: 'de' }, '')).rejects.toThrow(
      /--locale, --origin and --page choose a search page of --site/,
    );
    await expect(run({ site: 'amazon', locale: 'de' }, '')).rejects.toThrow('--query: give the words');
    await expect(run({}, '')).rejects.toThrow('--url: give the page, or --site and --query');
  });
});
