/**
 * Who may sell an item: the one comparison of a listing's seller with an
 * item's authorised sellers, and of its address with the item's official
 * domains. The matcher, the notice accuracy gate and the extension's badge
 * all ask here, so a seller one of them treats as authorised is authorised
 * for all three. A genuine product resold by an authorised seller (grey
 * market at worst) is never a counterfeit suspect.
 */
import type { CatalogueItem } from '../model';

export interface SellerLike {
  id?: string | null;
  name?: string | null;
}

// The matcher asks for every shortlisted item of a listing: remember recent answers.
const normalised = new Map<string, string>();
function norm(s: string): string {
  let n = normalised.get(s);
  if (n === undefined) {
    if (normalised.size > 20_000) normalised.clear();
    // NFKC, case, punctuation and spacing — and nothing heavier (no Chinese script conversion), so the
    // signal registry that imports this stays light enough for the extension's content script.
    n = s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    normalised.set(s, n);
  }
  return n;
}

/**
 * Seller names compare folded: case, full-width forms, punctuation and spacing do not matter ("Veloran Official" is
 * "veloran-official").
 */
export function sameSeller(a: string, b: string): boolean {
  const x = norm(a);
  return x !== '' && x === norm(b);
}

/** The entry of the item's authorised sellers that the seller (by id or by name) is, if any. */
export function authorisedSellerOf(
  item: Pick<CatalogueItem, 'authorisedSellers'>,
  seller: SellerLike | null | undefined,
): string | undefined {
  const names = [seller?.id, seller?.name].filter((n): n is string => !!n);
  if (!names.length) return undefined;
  return item.authorisedSellers.find((a) => names.some((n) => sameSeller(a, n)));
}

export function isAuthorisedSeller(
  item: Pick<CatalogueItem, 'authorisedSellers'>,
  seller: SellerLike | null | undefined,
): boolean {
  return authorisedSellerOf(item, seller) !== undefined;
}

/** The listing's host when it is one of the item's official domains or a subdomain of one. */
let lastUrl: [string, string | undefined] = ['', undefined];
function hostOf(url: string): string | undefined {
  if (lastUrl[0] !== url) {
    let host: string | undefined;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      host = undefined;
    }
    lastUrl = [url, host];
  }
  return lastUrl[1];
}

export function officialHostOf(
  item: Pick<CatalogueItem, 'officialDomains'>,
  url: string | null | undefined,
): string | undefined {
  if (!url || !item.officialDomains.length) return undefined;
  const host = hostOf(url);
  if (!host) return undefined;
  const domain = item.officialDomains.find((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`));
  return domain ? host : undefined;
}

export interface Authorisation {
  signal: 'authorised_seller' | 'official_domain';
  evidence: string;
}

/** Why a listing is the rights holder's own or authorised for this item, or undefined. */
export function authorisation(
  listing: { url?: string; seller?: SellerLike | undefined; kind?: string },
  item: Pick<CatalogueItem, 'authorisedSellers' | 'officialDomains'>,
): Authorisation | undefined {
  const seller = authorisedSellerOf(item, listing.seller);
  if (seller)
    return { signal: 'authorised_seller', evidence: `${listing.kind === 'video' ? 'uploader' : 'seller'} ${seller}` };
  const host = officialHostOf(item, listing.url);
  if (host) return { signal: 'official_domain', evidence: host };
  return undefined;
}
