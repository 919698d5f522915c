import type { HitRow } from '../crawler/store';

/** What the generator knows about one listing page (see test/fixtures/demo). */
export interface TruthRow {
  path: string;
  site: string;
  itemId: string | null;
  infringing: boolean;
  disallowed: boolean;
  broken?: string;
}

export interface Evaluation {
  truePositives: number;
  falsePositives: number;
  /** Infringing listings a polite crawler can reach (robots.txt allows them, the page is readable). */
  reachable: number;
  precision: number;
  recall: number;
}

/**
 * Precision and recall of hits against ground truth: a hit is right when its
 * listing infringes and the hit names the infringed item. Listings robots.txt
 * forbids are outside recall, since a polite crawler never sees them.
 */
export function evaluate(hits: readonly HitRow[], truth: readonly TruthRow[]): Evaluation {
  const key = (site: string, path: string) => `${site}\u0000${path}`;
  const byKey = new Map(truth.map((t) => [key(t.site, t.path), t]));
  let tp = 0;
  for (const h of hits) {
    const u = new URL(h.listingUrl);
    const t = byKey.get(key(h.site, u.pathname + u.search));
    if (t?.infringing && t.itemId === h.itemId) tp++;
  }
  const reachable = truth.filter((t) => t.infringing && !t.disallowed && !t.broken).length;
  return {
    truePositives: tp,
    falsePositives: hits.length - tp,
    reachable,
    precision: hits.length ? tp / hits.length : 1,
    recall: reachable ? tp / reachable : 1,
  };
}
