/**
 * What must hold before a notice may name a listing. Platforms revoke
 * reporting rights from senders whose notices are wrong, so each refusal
 * says which URL and why.
 */
import { authorisedSellerOf, INFRINGEMENT_SIGNALS, PRICE_SIGNALS } from '../../shared/match';
import type { CatalogueItem, HitStatus, Signal } from '../../shared/model';

export interface GateListing {
  hitId: number;
  url: string;
  status: HitStatus;
  itemId: string;
  sellerId: string | null;
  sellerName: string | null;
  signals: Signal[];
  /** The reason a person gave when flagging it, if anyone did. */
  flagReason: string | null;
  /**
   * Another notice of the same holder still open on this URL (other holders' notices are theirs: never counted or
   * named).
   */
  openNoticeId: number | null;
}

export interface GateRefusal {
  url: string;
  hitId: number;
  code: 'not_confirmed' | 'authorised_seller' | 'price_dispute' | 'already_noticed';
  reason: string;
}

/**
 * Signals that say the listing infringes, beyond naming the item and beyond its price (kinds: shared/match/signals).
 */
const INFRINGEMENT = new Set([...INFRINGEMENT_SIGNALS].filter((n) => !PRICE_SIGNALS.has(n)));

export function checkListings(listings: GateListing[], items: Map<string, CatalogueItem>): GateRefusal[] {
  const out: GateRefusal[] = [];
  for (const l of listings) {
    const refuse = (code: GateRefusal['code'], reason: string) =>
      out.push({ url: l.url, hitId: l.hitId, code, reason });
    if (l.status !== 'confirmed' && l.status !== 'relisted') {
      refuse(
        'not_confirmed',
        `hit ${l.hitId} is ${l.status}: a reviewer must confirm each listing before it is noticed`,
      );
      continue;
    }
    const item = items.get(l.itemId);
    // The matcher's own comparison, so a seller it treats as authorised is authorised here too.
    const authorised = item && authorisedSellerOf(item, { id: l.sellerId, name: l.sellerName });
    if (authorised) {
      refuse(
        'authorised_seller',
        `seller ${authorised} is authorised for ${item!.id}: a genuine product resold is not an IP infringement`,
      );
      continue;
    }
    // A signal's presence is the evidence; its learned weight is only how much the score leaned on it.
    const names = new Set(l.signals.map((s) => s.name));
    const priced = [...names].some((n) => PRICE_SIGNALS.has(n));
    const personSaysInfringing = l.flagReason !== null && l.flagReason !== 'other';
    if (priced && !personSaysInfringing && ![...names].some((n) => INFRINGEMENT.has(n))) {
      refuse('price_dispute', 'only the price is out of line: a low price alone is a pricing dispute, not an IP claim');
      continue;
    }
    if (l.openNoticeId !== null)
      refuse('already_noticed', `already named in notice ${l.openNoticeId}, which is still open`);
  }
  return out;
}
