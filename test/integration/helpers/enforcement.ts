/**
 * Set-up the enforcement tests share: a listing with its stored page and a hit on it, a holder whose profile
 * has every element a DMCA notice needs, and the demo market's notice channel.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { runSweep } from '../../../crawler/runner/embedded';
import type { HitRow, Store } from '../../../crawler/store';
import { Matcher } from '../../../shared/match';
import { adapterById } from '../../../shared/sites';
import type { Signal } from '../../../shared/model';
import type { TestApi } from './api';
import { loopbackFetcher } from './outbound';

/** One API call with a bearer token, as `app.inject` answers it. */
export const injectAs = (api: TestApi, token: string, method: InjectOptions['method'], url: string, body?: unknown) =>
  api.app.inject({ method, url, payload: body as never, headers: { authorization: `Bearer ${token}` } });

let seq = 0;

export interface StoredHitOptions {
  /** The listing's title; default the item's id with a counterfeit word. */
  title?: string;
  seller?: { id: string; name: string };
  signals?: Signal[];
  /** The path segment the listing URL starts with, so a test's URLs say whose they are. */
  prefix?: string;
}

/**
 * A crawler-style listing on the demo market for `itemId`, its page saved as evidence, and a hit at 0.9
 * citing that page.
 */
export async function storedHit(
  store: Store,
  itemId: string,
  o: StoredHitOptions = {},
): Promise<{ id: number; url: string }> {
  const n = ++seq;
  const url = `http://127.0.0.1:8401/item/${o.prefix ?? 'h'}-${n}-${randomUUID().slice(0, 6)}`;
  const fetchedAt = '2026-11-20T08:00:00.000Z';
  await store.listings.upsert({
    url,
    site: 'demo-market',
    kind: 'product',
    title: o.title ?? `${itemId} replica ${n}`,
    images: [],
    seller: o.seller ?? { id: `seller-${n}`, name: `Seller ${n}` },
    fetchedAt,
  });
  const sha = await store.evidence.save(Buffer.from(`<html>${url}</html>`), {
    kind: 'html',
    contentType: 'text/html',
    listingUrl: url,
    capturedAt: fetchedAt,
  });
  const id = await store.hits.upsert({
    listingUrl: url,
    itemId,
    score: 0.9,
    signals: o.signals ?? [
      { name: 'brand_term', weight: 0.2, evidence: itemId },
      { name: 'piracy_words', weight: 0.25, evidence: 'cracked' },
    ],
    evidenceSha256: sha,
  });
  return { id, url };
}

/** Completes `holderId`'s record with the postal address, phone and e-mail a complainant must give. */
export async function completeHolderProfile(api: TestApi, holderId: string): Promise<void> {
  const h = (await api.store.catalogue.holder(holderId))!;
  const res = await injectAs(api, api.tokens.admin, 'PUT', `/v1/holders/${holderId}`, {
    ...h,
    address: '12 Quay Street',
    city: 'Dublin',
    postalCode: 'D02 X285',
    phone: '+353 1 555 0101',
    email: h.email ?? 'legal@arvenne.example',
    country: 'IE',
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** The demo market's IP team as a notice channel (e-mail delivery). */
export async function putDemoMarketChannel(api: TestApi): Promise<void> {
  const res = await injectAs(api, api.tokens.admin, 'PUT', '/v1/channels/demo-market', {
    id: 'demo-market',
    name: 'Demo Market IP team',
    email: 'ip-notices@market.example',
    party: { addressLine1: '1 Market Way', countryCode: 'US' },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * Sweep a demo site (two search pages) for one holder's items into the API's store, as a crawl would; that holder's
 * hits. `maxListingImages: 0` leaves the listings' photos out.
 */
export async function sweepDemoSite(
  api: TestApi,
  o: { site: 'demo-market' | 'demo-video'; origin: string; holder: string; maxListingImages?: number },
): Promise<HitRow[]> {
  const items = await api.store.catalogue.items({ holder: o.holder });
  const fetcher = loopbackFetcher({
    userAgent: 'counterscan-evidence-test/1.0',
    timeoutMs: 10_000,
    hostConcurrency: 4,
    retries: 1,
  });
  try {
    const { sweepId } = await runSweep({
      adapter: adapterById(o.site)!,
      origin: o.origin,
      items,
      matcher: new Matcher(items, { threshold: 0.5 }),
      store: api.store,
      fetcher,
      concurrency: 4,
      maxSearchPages: 2,
      ...(o.maxListingImages !== undefined ? { maxListingImages: o.maxListingImages } : {}),
    });
    return (await api.store.hits.list({ sweepIds: [sweepId] })).filter((h) => h.holderId === o.holder);
  } finally {
    await fetcher.close();
  }
}
