/**
 * The matched photo pair in a notice's evidence package: the demo market (its catalogue photos made absolute on
 * the running server, as `npm run demo` does) is swept with the images stage into the API's store, so some hits
 * carry `image_match` and their thumbnails are kept; a notice citing one hit with a photo match and one without
 * is built through the API. The package must hold the listing photo's and the reference photo's thumbnails in the
 * first's folder (the bytes the evidence store keeps, hashed in manifest.json and shown side by side in the
 * offline index.html) and none in the second's; a reference photo without a kept thumbnail must leave its file
 * out and say so, not break the package. PGlite store, real fetcher, decoder and sweep.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageManifest } from '../../crawler/notices';
import { buildEvidencePackage } from '../../crawler/notices/evidence-package';
import { exampleCatalogueOn } from '../../demo/generate';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { HASH_VERSION } from '../../shared/image';
import { IMAGE_MATCH_SIGNAL, photoPairOf } from '../../shared/match/image-signal';
import type { HitRow } from '../../crawler/store';
import { startTestApi, type TestApi } from './helpers/api';
import { completeHolderProfile, injectAs, putDemoMarketChannel, sweepDemoSite } from './helpers/enforcement';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const text = (b: Uint8Array) => new TextDecoder().decode(b);

let api: TestApi;
let sites: DemoSites;
let noticeId: number;
let files: Record<string, Uint8Array>;
let manifest: PackageManifest;
/** A cited hit with a photo match, and one without. */
let withPhoto: HitRow;
let withoutPhoto: HitRow;

const folderOf = (hit: HitRow) => manifest.listings.find((l) => l.hitId === hit.id)!;

beforeAll(async () => {
  sites = await startDemoSites({ latencyMs: 0 });
  api = await startTestApi({ catalogue: exampleCatalogueOn(sites.market.origin) });
  // Holder b's goods (small appliances) are counterfeited on the demo market, some with its own photos.
  const holder = api.holderIds.b;
  const hits = await sweepDemoSite(api, { site: 'demo-market', origin: sites.market.origin, holder });
  const photo = (h: HitRow) => h.signals.some((s) => s.name === IMAGE_MATCH_SIGNAL);
  withPhoto = hits.find(photo)!;
  withoutPhoto = hits.find((h) => !photo(h))!;
  expect(withPhoto, 'a hit with image_match').toBeDefined();
  expect(withoutPhoto, 'a hit without image_match').toBeDefined();
  await completeHolderProfile(api, holder);
  await putDemoMarketChannel(api);
  const cited = [withPhoto.id, withoutPhoto.id];
  const confirm = await injectAs(api, api.tokens.reviewer, 'POST', '/v1/hits/status', {
    ids: cited,
    status: 'confirmed',
    reason: 'counterfeit offered with our photo',
  });
  expect(confirm.statusCode, confirm.body).toBe(200);
  const kase = await injectAs(api, api.tokens.reviewer, 'POST', '/v1/cases', { title: 'photos', hitIds: cited });
  const made = await injectAs(api, api.tokens.reviewer, 'POST', `/v1/cases/${json(kase).id}/notices`, {
    regime: 'eu-dsa',
    channelId: 'demo-market',
    explanation: 'The listings sell counterfeits of our appliances, shown with our own product photos.',
    signature: { name: 'Amélie Dufresne' },
    statements: { goodFaith: true, accurate: true, complete: true, authorised: true },
  });
  expect(made.statusCode, made.body).toBe(201);
  noticeId = json(made).id;
  const res = await injectAs(api, api.tokens.holderB, 'GET', `/v1/notices/${noticeId}/evidence.zip`);
  expect(res.statusCode, res.body).toBe(200);
  files = unzipSync(res.rawPayload);
  manifest = JSON.parse(text(files['manifest.json']!)) as PackageManifest;
}, 120_000);

afterAll(async () => {
  await sites?.close();
  await api?.close();
});

describe("a notice's evidence package with a photo match", () => {
  it("holds the matched pair's kept thumbnails in the listing's folder, hashed in the manifest", async () => {
    const l = folderOf(withPhoto);
    const pair = photoPairOf(withPhoto.signals.find((s) => s.name === IMAGE_MATCH_SIGNAL)!.evidence)!;
    const listingThumb = await api.store.images.listingImageThumb(pair.listingImageUrl);
    const referenceThumb = await api.store.images.referenceThumb(withPhoto.itemId, pair.referenceUrl);
    expect(listingThumb, 'the sweep kept the listing photo’s thumbnail').toMatch(/^[0-9a-f]{64}$/);
    expect(referenceThumb, 'the refresh kept the reference photo’s thumbnail').toMatch(/^[0-9a-f]{64}$/);

    const listingPath = `${l.folder}/photo-listing.jpg`;
    const referencePath = `${l.folder}/photo-reference.jpg`;
    // The files are the evidence store's thumbnails, byte for byte, and JPEGs.
    expect(sha256(files[listingPath]!)).toBe(listingThumb);
    expect(sha256(files[referencePath]!)).toBe(referenceThumb);
    for (const p of [listingPath, referencePath]) expect([...files[p]!.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);

    expect(l.imageMatch).toMatchObject({
      kind: pair.kind,
      distance: pair.distance,
      bits: pair.bits,
      mirrored: pair.mirrored,
      listingPhoto: { url: pair.listingImageUrl, path: listingPath, sha256: listingThumb, source: 'kept' },
      referencePhoto: { url: pair.referenceUrl, path: referencePath, sha256: referenceThumb, source: 'kept' },
    });
    expect(l.imageMatch!.distance).toBeGreaterThanOrEqual(0);
    expect(l.imageMatch!.evidence).toContain(`is reference photo ${pair.referenceUrl}`);
    expect(l.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: listingPath, sha256: listingThumb, kind: 'listing_photo' }),
        expect.objectContaining({ path: referencePath, sha256: referenceThumb, kind: 'reference_photo' }),
      ]),
    );
    // Every file in the ZIP is in the manifest with its hash, and only those.
    expect(new Set(Object.keys(files))).toEqual(new Set(['manifest.json', ...manifest.files.map((f) => f.path)]));
    for (const f of manifest.files) expect(sha256(files[f.path]!), f.path).toBe(f.sha256);
    const meta = JSON.parse(text(files[`${l.folder}/metadata.json`]!));
    expect(meta.imageMatch.referencePhoto.sha256).toBe(referenceThumb);
  });

  it('shows the pair side by side in index.html from the package itself, loading nothing remote', () => {
    const l = folderOf(withPhoto);
    const index = text(files['index.html']!);
    const pair = /<div class="pair">([\s\S]*?)<\/div>\n/.exec(index)?.[1] ?? '';
    expect(pair).toContain(`<img src="${l.folder}/photo-listing.jpg" alt="listing photo">`);
    expect(pair).toContain(`<img src="${l.folder}/photo-reference.jpg" alt="reference photo">`);
    expect(index).toContain(`${l.imageMatch!.distance} of ${l.imageMatch!.bits} bits apart`);
    expect(index).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//i);
  });

  it('has no photo files nor image match for the cited hit without one', () => {
    const l = folderOf(withoutPhoto);
    expect(l.imageMatch).toBeNull();
    expect(Object.keys(files).filter((p) => p.startsWith(`${l.folder}/photo-`))).toEqual([]);
    expect(l.files.some((f) => f.kind === 'listing_photo' || f.kind === 'reference_photo')).toBe(false);
  });

  it('says which thumbnail is missing, and is built all the same, when one was never kept', async () => {
    const pair = photoPairOf(withPhoto.signals.find((s) => s.name === IMAGE_MATCH_SIGNAL)!.evidence)!;
    // A reference photo hashed before thumbnails were kept (migration 075): its row has no thumbnail.
    const ref = (await api.store.images.references(HASH_VERSION)).find(
      (r) => r.itemId === withPhoto.itemId && r.url === pair.referenceUrl,
    )!;
    await api.store.images.saveReference({ ...ref, width: 256, height: 256, thumbSha256: null });
    const notice = (await api.store.notices.get(noticeId, { holderId: null }))!;
    const rebuilt = await buildEvidencePackage(api.store, notice);
    const unzipped = unzipSync(rebuilt.bytes);
    const l = rebuilt.manifest.listings.find((x) => x.hitId === withPhoto.id)!;
    expect(l.imageMatch!.referencePhoto).toMatchObject({ url: pair.referenceUrl, path: null, sha256: null });
    expect(l.imageMatch!.referencePhoto.missing).toMatch(/no thumbnail of the reference photo/);
    expect(unzipped[`${l.folder}/photo-reference.jpg`]).toBeUndefined();
    expect(sha256(unzipped[`${l.folder}/photo-listing.jpg`]!)).toBe(l.imageMatch!.listingPhoto.sha256);
    expect(new Set(Object.keys(unzipped))).toEqual(
      new Set(['manifest.json', ...rebuilt.manifest.files.map((f) => f.path)]),
    );
    expect(text(unzipped['index.html']!)).toContain('no thumbnail kept');
  });
});
