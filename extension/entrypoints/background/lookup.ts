/**
 * The review side's knowledge of one page's listings, for the badges: which
 * are known hits (and their status) and which sellers are blacklisted. One
 * request per page (per message from the content script), at most 500
 * listings a request; with no server set, or the server unreachable, the
 * answer is "not known" and the badges show what the local matcher says.
 */
import { ApiClient } from '../../utils/api-client';
import type { HitLookup } from '../../utils/api-schemas';
import type { LookupListing } from '../../utils/messages';
import { getSettings } from '../../utils/settings';

const PER_REQUEST = 500;

export async function lookupListings(listings: LookupListing[]): Promise<HitLookup & { known: boolean }> {
  const none = { known: false, hits: [], blacklistedSellers: [] };
  const s = await getSettings();
  if (!s.apiUrl || !s.token || listings.length === 0) return none;
  const api = new ApiClient(s.apiUrl, s.token);
  const out: HitLookup = { hits: [], blacklistedSellers: [] };
  try {
    for (let i = 0; i < listings.length; i += PER_REQUEST) {
      const part = listings.slice(i, i + PER_REQUEST);
      const sellers = new Map<string, { site: string; id?: string; name?: string }>();
      for (const l of part) {
        if (!l.site || !(l.seller?.id || l.seller?.name)) continue;
        sellers.set(`${l.site}\u0000${l.seller.id ?? ''}\u0000${l.seller.name ?? ''}`, { site: l.site, ...l.seller });
      }
      const r = await api.lookup([...new Set(part.map((l) => l.url))], [...sellers.values()]);
      out.hits.push(...r.hits);
      out.blacklistedSellers.push(...r.blacklistedSellers);
    }
  } catch {
    return none;
  }
  return { known: true, ...out };
}
