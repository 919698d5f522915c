/**
 * Set-up the enforcement tests share: a listing with its stored page and a hit on it, a holder whose profile
 * has every element a DMCA notice needs, and the demo market's notice channel.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { Store } from '../../../crawler/store';
import type { Signal } from '../../../shared/model';
import type { TestApi } from './api';

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
