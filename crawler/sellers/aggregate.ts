import type { SellerFigures, SellerListingRow } from '../store';
import { extractContacts, nodeId, type SellerNode } from './identity';
import { round2 } from './risk';

export interface AggregatedSeller {
  node: SellerNode;
  figures: SellerFigures;
}

export const emptyFigures = (): SellerFigures => ({
  listings: 0,
  hitListings: 0,
  confirmed: 0,
  confirmedInWindow: 0,
  removed: 0,
  relisted: 0,
  soldCount: 0,
  views: 0,
  turnover: {},
  sites: 1,
});

/** Listing rows folded into one entry per seller per site, in a stable order. */
export function aggregateSellers(rows: readonly SellerListingRow[]): AggregatedSeller[] {
  const out = new Map<string, AggregatedSeller & { contacts: Set<string> }>();
  for (const r of rows) {
    const id = nodeId(r.site, r.key);
    let s = out.get(id);
    if (!s) {
      s = {
        node: { site: r.site, key: r.key, name: r.name, shopUrl: r.shopUrl, contacts: [] },
        figures: emptyFigures(),
        contacts: new Set(),
      };
      out.set(id, s);
    }
    s.node.name ??= r.name;
    s.node.shopUrl ??= r.shopUrl;
    for (const c of extractContacts(`${r.title}\n${r.description ?? ''}`)) s.contacts.add(c);
    const f = s.figures;
    f.listings++;
    if (r.hits > 0) {
      f.hitListings++;
      f.soldCount += r.sold ?? 0;
      f.views += r.views ?? 0;
    }
    if (r.confirmed) {
      f.confirmed++;
      if (r.price !== null && r.currency && r.sold !== null)
        f.turnover[r.currency] = round2((f.turnover[r.currency] ?? 0) + r.price * r.sold);
    }
    if (r.confirmedInWindow) f.confirmedInWindow++;
    f.removed += r.removed;
    f.relisted += r.relisted;
  }
  return [...out.values()].map(({ contacts, node, figures }) => ({
    node: { ...node, contacts: [...contacts].sort() },
    figures,
  }));
}
