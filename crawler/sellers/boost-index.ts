import type { BoostSeller, SellerBoostIndex } from '../pipeline';
import type { Store } from '../store';
import { nodeId, sellerKey } from './identity';
import { RISK_DEFAULTS } from './risk';

/**
 * Every blacklisted seller, as each holder sees it: a holder's own view (its hits alone, plus
 * the reviewers' manual blacklist) from the last refresh, and manual entries for sellers no
 * refresh has seen yet. A match is boosted from the view of the holder whose item it is, so
 * one holder's confirmed hits never show in another holder's hit. Load it once per sweep (or
 * per worker, refreshed now and then), next to the Matcher.
 */
export async function loadSellerBoostIndex(store: Pick<Store, 'sellers'>): Promise<SellerBoostIndex> {
  const byHolder = new Map<string, BoostSeller>();
  for (const r of await store.sellers.blacklistedViews()) {
    const f = r.figures;
    byHolder.set(`${r.holderId}\u0000${nodeId(r.site, r.key)}`, {
      site: r.site,
      key: r.key,
      name: r.name,
      blacklisted: true,
      score: r.score,
      confirmedInWindow: f.group.confirmedInWindow,
      windowDays: f.windowDays,
      manualReason: f.manual?.reason ?? null,
    });
  }
  // The reviewers' own blacklist is meant for every holder.
  const manual = new Map<string, BoostSeller>();
  for (const e of await store.sellers.liveEntries()) {
    const id = nodeId(e.site, e.key);
    if (!manual.has(id)) {
      manual.set(id, {
        site: e.site,
        key: e.key,
        name: e.key.startsWith('name:') ? e.key.slice(5) : null,
        blacklisted: true,
        score: 0,
        confirmedInWindow: 0,
        windowDays: RISK_DEFAULTS.windowDays,
        manualReason: e.reason,
      });
    }
  }
  return {
    get(site, seller, holderId) {
      const key = sellerKey(seller?.id, seller?.name);
      if (!key) return undefined;
      const id = nodeId(site, key);
      return byHolder.get(`${holderId}\u0000${id}`) ?? manual.get(id);
    },
    get size() {
      return byHolder.size + manual.size;
    },
  };
}

/** The seller of a listing (by the listing's seller id, else its name), as the last refresh saw it. */
export async function sellerOfListing(
  store: Pick<Store, 'sellers'>,
  site: string,
  seller: { id?: string | null; name?: string | null } | undefined,
) {
  const key = sellerKey(seller?.id, seller?.name);
  return key ? store.sellers.get(site, key) : null;
}
