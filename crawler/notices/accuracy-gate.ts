/**
 * What must hold before a notice may name a listing. Platforms revoke
 * reporting rights from senders whose notices are wrong, so each refusal
 * says which URL and why.
 */
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
  /** Another notice of the same holder still open on this URL (other holders' notices are theirs: never counted or named). */
  openNoticeId: number | null;
}

export interface GateRefusal {
  url: string;
  hitId: number;
  code: 'not_confirmed' | 'authorised_seller' | 'price_dispute' | 'already_noticed';
  reason: string;
}

const PRICE_ONLY = new Set(['price_far_below_reference', 'price_below_reference']);
/** Signals that say the listing infringes, beyond naming the item (title, brand, model). */
const INFRINGEMENT = new Set([
  'counterfeit_words',
  'piracy_words',
  'brand_lookalike',
  'unauthorised_seller',
  'uploader_not_owner',
  'runtime_match',
  'repeat_infringer',
]);

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
    const authorised = item?.authorisedSellers.find(
      (s) => s === l.sellerId || s.toLowerCase() === (l.sellerName ?? '').toLowerCase(),
    );
    if (authorised) {
      refuse(
        'authorised_seller',
        `seller ${authorised} is authorised for ${item!.id}: a genuine product resold is not an IP infringement`,
      );
      continue;
    }
    const names = new Set(l.signals.filter((s) => s.weight > 0).map((s) => s.name));
    const priced = [...names].some((n) => PRICE_ONLY.has(n));
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
