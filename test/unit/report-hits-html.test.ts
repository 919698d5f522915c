import { describe, expect, it } from 'vitest';
import { hitsToHtml } from '../../crawler/report/html';
import type { HitRow } from '../../crawler/store';

const hit = (evidence: string): HitRow => ({
  id: 1,
  listingUrl: 'https://shop.example/item/1',
  itemId: 'bag-1',
  itemTitle: 'Bag',
  holderId: 'acme',
  holderName: 'Acme',
  score: 0.9,
  signals: [{ name: 'image_match', weight: 0.25, evidence }],
  status: 'new',
  sweepId: null,
  evidenceSha256: null,
  site: 'shop',
  kind: 'product',
  title: 'Bag',
  price: null,
  currency: null,
  sellerId: null,
  sellerName: null,
  referencePrice: null,
  lastSeenAt: '2026-12-01T00:00:00Z',
});

describe('the hits report', () => {
  it('shows an image match as the listing photo beside the reference photo', () => {
    const html = hitsToHtml(
      [hit('listing photo https://shop.example/p.jpg is reference photo https://acme.example/r.png of item bag-1: x')],
      { title: 'demo', generatedAt: '2026-12-01T00:00:00Z' },
    );
    expect(html).toContain('<img src="https://shop.example/p.jpg" alt="listing photo"');
    expect(html).toContain('<img src="https://acme.example/r.png" alt="reference photo"');
    expect(html).toContain('img-src data: http: https:');
  });

  it('never makes an image of anything but an http(s) URL', () => {
    const html = hitsToHtml([hit('listing photo javascript:alert(1) is reference photo upload:abc of item bag-1: x')], {
      title: 'demo',
      generatedAt: '2026-12-01T00:00:00Z',
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('reference photo: upload:abc');
  });
});
