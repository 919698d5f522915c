/**
 * The `image_match` signal: how a listing photo that reuses a reference
 * photo moves a match. The crawler's match stage and the extension's local
 * matching both come through here, so a listing and its photo score the same
 * on both sides.
 */
import type { ReferenceImageHit } from '../image/reference-index';
import type { CatalogueItem, Listing } from '../model';
import type { Matcher, MatchResult } from './matcher';
import { combineEvidence } from './combine';
import type { MatchableListing } from './listing-text';

/** What `authorised` reads of a listing. */
export type SoldBy = Partial<Pick<Listing, 'url' | 'seller'>>;

/** A listing photo that matched a reference photo. */
export interface ListingImageMatch extends ReferenceImageHit {
  listingImageUrl: string;
}

export const IMAGE_MATCH_SIGNAL = 'image_match';

/**
 * Weights of a photo match, combined with the match score like the seller
 * boost (combine.ts: as independent evidence, never past 1): the same photo at a small distance (≤ 16 of 256 bits:
 * resized, re-encoded, framed) is as strong as an identity signal and alone
 * reaches the default threshold; a further whole-image match (a watermark, a
 * brightness change: up to WHOLE_MAX_DISTANCE) a little less; a crop, whose
 * 64-bit window hash says less, least.
 */
export const IMAGE_WEIGHTS = { strongWhole: 0.5, whole: 0.4, crop: 0.25 } as const;
export const STRONG_WHOLE_DISTANCE = 16;

/**
 * Signals that say the listing is the rights holder's own or authorised (the matcher's, before and after its learned
 * scorer).
 */
const AUTHORISED = new Set(['authorised_seller', 'official_domain', 'official_channel']);

export function imageWeight(m: Pick<ListingImageMatch, 'kind' | 'distance'>): number {
  if (m.kind === 'window') return IMAGE_WEIGHTS.crop;
  return m.distance <= STRONG_WHOLE_DISTANCE ? IMAGE_WEIGHTS.strongWhole : IMAGE_WEIGHTS.whole;
}

/** "listing photo A is reference photo B of item X: the whole photo, 6 of 256 bits apart, mirrored". */
export function imageEvidence(m: ListingImageMatch): string {
  const how =
    m.kind === 'whole'
      ? `the whole photo, ${m.distance} of 256 bits apart` +
        (m.regions !== undefined ? ` (${m.regions} of 9 regions agreeing: partly covered)` : '')
      : `a crop (${Math.round(m.window!.w * 100)}×${Math.round(m.window!.h * 100)} % of it at ` +
        `${Math.round(m.window!.x * 100)},${Math.round(m.window!.y * 100)} %), ${m.distance} of 64 bits apart, ` +
        (m.colour !== undefined ? `colours ${m.colour} of 128 bits apart` : `${m.support} windows agreeing`);
  return (
    `listing photo ${m.listingImageUrl} is reference photo ${m.referenceUrl} of item ${m.itemId}: ` +
    `${how}${m.mirrored ? ', mirrored' : ''}`
  );
}

/** The best photo match for each item: the heaviest, then the closest. */
function bestPerItem(matches: readonly ListingImageMatch[]): Map<string, ListingImageMatch> {
  const best = new Map<string, ListingImageMatch>();
  for (const m of matches) {
    const b = best.get(m.itemId);
    if (!b || imageWeight(m) > imageWeight(b) || (imageWeight(m) === imageWeight(b) && m.distance < b.distance))
      best.set(m.itemId, m);
  }
  return best;
}

function isAuthorised(result: MatchResult): boolean {
  return (
    (result as { outcome?: string }).outcome === 'authorised' || result.signals.some((s) => AUTHORISED.has(s.name))
  );
}

/**
 * A match result with the photo match's signal and weight added (unchanged when there is none, or the listing is
 * authorised).
 */
export function boostForImage(result: MatchResult, match: ListingImageMatch | undefined): MatchResult {
  if (!match || isAuthorised(result) || result.signals.some((s) => s.name === IMAGE_MATCH_SIGNAL)) return result;
  const weight = imageWeight(match);
  return {
    ...result,
    score: combineEvidence(result.score, weight),
    signals: [...result.signals, { name: IMAGE_MATCH_SIGNAL, weight, evidence: imageEvidence(match) }],
  };
}

/**
 * The text matcher's results adjusted for the listing's photos: each result
 * whose item a photo matched gets the `image_match` signal and its weight;
 * an item the text did not find but a photo matched strongly (the same photo,
 * ≤ STRONG_WHOLE_DISTANCE) becomes a candidate on the photo alone — an exact
 * reuse of the holder's photo is enough to shortlist — unless the listing is
 * the item's own or authorised. Best first.
 */
export function withImageMatches(
  text: readonly MatchResult[],
  matches: readonly ListingImageMatch[],
  listing: SoldBy,
  authorised: (listing: SoldBy, itemId: string) => boolean,
): MatchResult[] {
  if (matches.length === 0) return [...text];
  const best = bestPerItem(matches);
  const out = text.map((r) => (authorised(listing, r.itemId) ? r : boostForImage(r, best.get(r.itemId))));
  const found = new Set(text.map((r) => r.itemId));
  for (const [itemId, m] of best) {
    if (found.has(itemId) || m.kind !== 'whole' || m.distance > STRONG_WHOLE_DISTANCE || authorised(listing, itemId))
      continue;
    out.push(boostForImage({ itemId, score: 0, signals: [] }, m));
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * A result for an item named by a person (a flag), with that item's best
 * photo match added even when the text alone would not have shortlisted it.
 */
export function withNamedItemPhotos(result: MatchResult, matches: readonly ListingImageMatch[]): MatchResult {
  return boostForImage(result, bestPerItem(matches).get(result.itemId));
}

const itemMaps = new WeakMap<readonly CatalogueItem[], Map<string, CatalogueItem>>();

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Whether a listing is the item's own: its seller (id or name) is one of the
 * item's authorised sellers or its host is one of the item's official domains.
 */
export function authorisedFor(items: readonly CatalogueItem[]): (listing: SoldBy, itemId: string) => boolean {
  // A queue worker makes one per listing job over the same cached items: the map is made once per items array.
  let byId = itemMaps.get(items);
  if (!byId) itemMaps.set(items, (byId = new Map(items.map((i) => [i.id, i]))));
  return (listing, itemId) => {
    const item = byId.get(itemId);
    if (!item) return false;
    const names = [listing.seller?.id, listing.seller?.name].filter((n): n is string => !!n).map(norm);
    if (item.authorisedSellers.some((a) => names.includes(norm(a)))) return true;
    let host = '';
    try {
      host = new URL(listing.url ?? '').hostname.toLowerCase();
    } catch {
      return false;
    }
    return item.officialDomains.some((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`));
  };
}

/** Text candidates looked at when a listing's photos matched: a photo may lift one that is not the text's first. */
export const IMAGE_CANDIDATES = 5;

/**
 * The best item for a listing by its text and its photos' matches, before
 * the seller's standing and the threshold: the text matcher's first, or with
 * photo matches its first IMAGE_CANDIDATES adjusted by `withImageMatches`.
 */
export function bestWithPhotos(
  matcher: Pick<Matcher, 'match'>,
  listing: MatchableListing & SoldBy,
  photos: readonly ListingImageMatch[],
  authorised: (listing: SoldBy, itemId: string) => boolean,
): MatchResult | undefined {
  const text = matcher.match(listing, photos.length > 0 ? IMAGE_CANDIDATES : 1);
  return (photos.length > 0 ? withImageMatches(text, photos, listing, authorised) : text)[0];
}

/** What an `image_match` signal's evidence names (`imageEvidence`'s words): the photo pair and how close it is. */
export interface PhotoPair {
  listingImageUrl: string;
  referenceUrl: string;
  /** The whole photo, or a crop window of the reference photo. */
  kind: 'whole' | 'crop';
  /** Hamming distance, of `bits` (256 for the whole photo, 64 for a crop window); null when the words do not say. */
  distance: number | null;
  bits: number | null;
  mirrored: boolean;
}

/** The photo pair an `image_match` signal's evidence names, if it is one. */
export function photoPairOf(evidence: string | undefined): PhotoPair | undefined {
  const m = /^listing photo (\S+) is reference photo (\S+) of item \S+: (.*)$/.exec(evidence ?? '');
  if (!m) return undefined;
  const how = m[3]!;
  const apart = /(\d+) of (256|64) bits apart/.exec(how);
  return {
    listingImageUrl: m[1]!,
    referenceUrl: m[2]!,
    kind: how.startsWith('a crop') ? 'crop' : 'whole',
    distance: apart ? Number(apart[1]) : null,
    bits: apart ? Number(apart[2]) : null,
    mirrored: how.endsWith(', mirrored'),
  };
}
