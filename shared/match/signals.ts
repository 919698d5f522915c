import Fuse from 'fuse.js';
import type { Signal } from '../model';
import type { CandidateIndex, IndexedItem } from './candidate-index';
import { convert, DEFAULT_RATES_PER_USD } from './fx';
import type { ListingText } from './listing-text';
import { normaliseText } from './normalise';
import { COMPATIBILITY_PHRASES, COUNTERFEIT_WORDS, PIRACY_WORDS, phraseMatcher } from './words';

/**
 * Each signal's weight is its contribution to the score; the score is their
 * sum clipped to 0..1, so a reviewer can add the reasons up. Identity
 * signals say the listing is about the item; the others say it infringes.
 */
export const WEIGHTS = {
  titleSimilarity: 0.35,
  brandTerm: 0.2,
  brandLookalike: 0.2,
  modelNumber: 0.15,
  registrationNumber: 0.1,
  counterfeitWords: 0.25,
  piracyWords: 0.25,
  priceFarBelow: 0.25,
  priceBelow: 0.15,
  unauthorisedSeller: 0.1,
  runtimeMatch: 0.15,
  authorisedSeller: -0.5,
  officialDomain: -0.5,
  compatibility: -0.3,
} as const;

export interface SignalContext {
  index: CandidateIndex;
  rates: Record<string, number>;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const FUSE_TOKEN = { threshold: 0.25, ignoreLocation: true, includeMatches: false };

/**
 * Best share, weighted by IDF, of an item name's tokens found in the listing
 * title. Long words missing verbatim get a second chance through fuse.js's
 * fuzzy match, which forgives a typo or a swapped letter.
 */
export function titleSimilarity(text: ListingText, item: IndexedItem, ctx: SignalContext): Signal | undefined {
  let best = 0;
  let bestKey = '';
  let bestFound: string[] = [];
  for (const key of item.keys) {
    let total = 0;
    let got = 0;
    const found: string[] = [];
    for (const token of key.tokens) {
      const w = ctx.index.idf(token);
      total += w;
      if (text.titleTokens.has(token) || text.allTokens.has(token)) {
        got += w;
        found.push(token);
      } else if (token.length >= 5) {
        const m = Fuse.match(token, text.title, FUSE_TOKEN);
        if (m.isMatch) {
          got += w * (1 - m.score);
          found.push(`~${token}`);
        }
      }
    }
    const sim = total > 0 ? got / total : 0;
    if (sim > best) [best, bestKey, bestFound] = [sim, key.text, found];
  }
  if (best < 0.3) return undefined;
  return {
    name: 'title_similarity',
    weight: round(WEIGHTS.titleSimilarity * best),
    evidence: `${Math.round(best * 100)}% of "${bestKey}": ${bestFound.join(', ')}`,
  };
}

export function brandTerm(text: ListingText, item: IndexedItem, ctx: SignalContext): Signal | undefined {
  for (const brand of item.brands) {
    if (brand.tokens.every((t) => text.allTokens.has(t))) {
      return { name: 'brand_term', weight: WEIGHTS.brandTerm, evidence: brand.term };
    }
  }
  for (const brand of item.brands) {
    for (const token of text.allTokens) {
      if (token.length < 4) continue;
      const near = ctx.index.brandLookalikes(token).find((w) => brand.tokens.includes(w));
      if (near)
        return { name: 'brand_lookalike', weight: WEIGHTS.brandLookalike, evidence: `${token} ≈ ${brand.term}` };
    }
  }
  return undefined;
}

function numberSignal(
  name: string,
  weight: number,
  numbers: IndexedItem['models'],
  text: ListingText,
): Signal | undefined {
  const hit = numbers.find((m) => text.allTokens.has(m.compact));
  return hit ? { name, weight, evidence: hit.raw } : undefined;
}

export const modelNumber = (text: ListingText, item: IndexedItem) =>
  numberSignal('model_number', WEIGHTS.modelNumber, item.models, text);
export const registrationNumber = (text: ListingText, item: IndexedItem) =>
  numberSignal('registration_number', WEIGHTS.registrationNumber, item.registrations, text);

const counterfeitPhrases = phraseMatcher(COUNTERFEIT_WORDS);
const piracyPhrases = phraseMatcher(PIRACY_WORDS);
const compatibilityPhrases = phraseMatcher(COMPATIBILITY_PHRASES);

export function infringementWords(text: ListingText): Signal[] {
  const out: Signal[] = [];
  const fake = counterfeitPhrases(text.folded);
  if (fake.length) out.push({ name: 'counterfeit_words', weight: WEIGHTS.counterfeitWords, evidence: fake.join(', ') });
  const pirate = piracyPhrases(text.folded);
  if (pirate.length) out.push({ name: 'piracy_words', weight: WEIGHTS.piracyWords, evidence: pirate.join(', ') });
  return out;
}

export function compatibility(text: ListingText): Signal | undefined {
  const found = compatibilityPhrases(text.folded);
  return found.length
    ? { name: 'accessory_or_part', weight: WEIGHTS.compatibility, evidence: found.join(', ') }
    : undefined;
}

export function priceBelowReference(text: ListingText, item: IndexedItem, ctx: SignalContext): Signal | undefined {
  const { price, currency } = text.listing;
  const ref = item.item.referencePrice;
  if (price === undefined || !currency || !ref || ref.amount <= 0 || price <= 0) return undefined;
  const converted = convert(price, currency, ref.currency, ctx.rates);
  if (converted === undefined) return undefined;
  const ratio = converted / ref.amount;
  const evidence = `${price} ${currency} is ${Math.round(ratio * 100)}% of reference ${ref.amount} ${ref.currency}`;
  if (ratio < 0.35) return { name: 'price_far_below_reference', weight: WEIGHTS.priceFarBelow, evidence };
  if (ratio < 0.6) return { name: 'price_below_reference', weight: WEIGHTS.priceBelow, evidence };
  return undefined;
}

const sameName = (a: string, b: string) => normaliseText(a) === normaliseText(b);

export function seller(text: ListingText, item: IndexedItem): Signal | undefined {
  const s = text.listing.seller;
  const names = [s?.id, s?.name].filter((n): n is string => !!n);
  if (!names.length || !item.item.authorisedSellers.length) return undefined;
  const authorised = item.item.authorisedSellers.find((a) => names.some((n) => sameName(a, n)));
  const who = text.listing.kind === 'video' ? 'uploader' : 'seller';
  if (authorised)
    return { name: 'authorised_seller', weight: WEIGHTS.authorisedSeller, evidence: `${who} ${authorised}` };
  return {
    name: text.listing.kind === 'video' ? 'uploader_not_owner' : 'unauthorised_seller',
    weight: WEIGHTS.unauthorisedSeller,
    evidence: `${who} ${names.join(' / ')} is not among ${item.item.authorisedSellers.length} authorised`,
  };
}

export function officialDomain(text: ListingText, item: IndexedItem): Signal | undefined {
  if (!text.listing.url || !item.item.officialDomains.length) return undefined;
  let host: string;
  try {
    host = new URL(text.listing.url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const domain = item.item.officialDomains.find(
    (d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`),
  );
  return domain ? { name: 'official_domain', weight: WEIGHTS.officialDomain, evidence: host } : undefined;
}

/**
 * "Part 2/3", "part 1 of 2", "(2/3)", 上集/下集 (of two), 上/中/下 (of three):
 * how many parts the upload says the work was cut into.
 */
export function partsOf(folded: string): number | undefined {
  const m =
    /\bpart\s*(\d{1,2})\s*(?:\/|of)\s*(\d{1,2})\b/i.exec(folded) ??
    /[(（[]\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*[)）\]]/.exec(folded);
  if (m) {
    const [part, of] = [Number(m[1]), Number(m[2])];
    return of >= 2 && of <= 12 && part >= 1 && part <= of ? of : undefined;
  }
  if (/中集/.test(folded) && /[上下]集/.test(folded)) return 3;
  if (/[上下]集|[上下]部/.test(folded)) return 2;
  return undefined;
}

/**
 * A full-length upload of a film or episode runs about as long as the work;
 * an upload that says it is part k of N runs about a N-th of it.
 */
export function runtimeMatch(text: ListingText, item: IndexedItem): Signal | undefined {
  const runtime = item.item.runtimeSeconds;
  const duration = text.listing.durationSeconds;
  if (!runtime || !duration) return undefined;
  const fmt = (s: number) => `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  const tolerance = Math.max(runtime * 0.1, 300);
  if (Math.abs(duration - runtime) <= tolerance || duration >= runtime * 2.5) {
    return {
      name: 'runtime_match',
      weight: WEIGHTS.runtimeMatch,
      evidence: `${fmt(duration)} vs work ${fmt(runtime)}`,
    };
  }
  const parts = partsOf(text.folded);
  if (parts && Math.abs(duration - runtime / parts) <= Math.max((runtime / parts) * 0.1, 300)) {
    return {
      name: 'runtime_match',
      weight: WEIGHTS.runtimeMatch,
      evidence: `${fmt(duration)} vs work ${fmt(runtime)} in ${parts} parts`,
    };
  }
  return undefined;
}

export const defaultRates = DEFAULT_RATES_PER_USD;
