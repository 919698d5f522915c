/** The classify stage in the listing pipeline: a blocked page is counted and kept, never a listing or a hit. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BlockedPageError,
  blockStats,
  noteBlock,
  processListingPage,
  type ClassifiablePage,
} from '../../crawler/pipeline';
import { adapterById } from '../../shared/sites';

function page(url: string, html: string, status = 200): ClassifiablePage {
  const bytes = new TextEncoder().encode(html);
  return {
    url,
    status,
    contentType: 'text/html',
    body: html,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fetchedAt: '2025-01-01T00:00:00.000Z',
  };
}

function fakeStore() {
  const calls: string[] = [];
  return {
    calls,
    store: {
      listings: { upsert: async () => void calls.push('listing') },
      record: {
        hit: async () => (calls.push('hit'), { hitId: 1, htmlSha256: 'a'.repeat(64), kept: null }),
        capture: async () => void calls.push('capture'),
      },
      captures: { attachToHit: async () => undefined },
    },
  };
}

const matcher = { match: () => [{ itemId: 'i1', score: 0.99, signals: [] }], threshold: 0.5 };

describe('classify → extract in processListingPage', () => {
  it('a robot check is a BlockedPageError, and nothing is stored', async () => {
    const { calls, store } = fakeStore();
    const robot = page(
      'https://www.amazon.com/dp/B0TEST0001',
      '<html><head><title>Robot Check</title></head><body><form action="/errors/validateCaptcha"></form></body></html>',
    );
    const err = await processListingPage(robot, adapterById('amazon'), {
      store: store as never,
      matcher: matcher as never,
      sellers: { get: () => undefined, size: 0 },
      holderOf: () => 'h',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedPageError);
    expect((err as BlockedPageError).kind).toBe('block:amazon-robot-check');
    expect((err as BlockedPageError).host).toBe('www.amazon.com');
    expect(calls).toEqual([]);
  });

  it('a readable page goes on to match and record, with its classification', async () => {
    const { calls, store } = fakeStore();
    const ok = page(
      'https://www.amazon.com/dp/B0TEST0001',
      '<html><head><title>x</title></head><body><span id="productTitle">Fixture Lamp</span><span ' +
        'id="priceblock_ourprice">$5.00</span></body></html>',
    );
    const out = await processListingPage(ok, adapterById('amazon'), {
      store: store as never,
      matcher: matcher as never,
      sellers: { get: () => undefined, size: 0 },
      holderOf: () => 'h',
    });
    expect(out.listing).toMatchObject({ title: 'Fixture Lamp', price: 5, currency: 'USD' });
    expect(out.classification.verdict).toBe('ok');
    // The hit with its listing and page, then the capture beside it (its WARC file and its row).
    expect(calls).toEqual(['hit', 'capture']);
  });

  it('sweep figures count blocks per host and kind', () => {
    const stats: { blocked?: number; blockedByHost?: Record<string, Record<string, number>> } = {};
    const e = (url: string, verdict: 'block' | 'consent', provider: string) =>
      new BlockedPageError(page(url, ''), { verdict, provider, reason: 'r', extractable: false });
    noteBlock(stats, e('https://www.walmart.com/ip/1', 'block', 'perimeterx'));
    noteBlock(stats, e('https://www.walmart.com/ip/2', 'block', 'perimeterx'));
    noteBlock(stats, e('https://www.youtube.com/watch?v=AAAAAAAAAAA', 'consent', 'youtube-consent'));
    expect(stats.blocked).toBe(3);
    expect(blockStats(stats)).toEqual([
      'www.walmart.com 2 (block:perimeterx 2)',
      'www.youtube.com 1 (consent:youtube-consent 1)',
    ]);
  });
});
