/**
 * unauthorised_seller / uploader_not_owner: the listing's seller (or a
 * video's uploader) is not among the item's authorised ones. An authorised
 * one is not a feature at all: such a listing is never a suspect
 * (see ../authorised.ts and the authorised family).
 */
import { isAuthorisedSeller } from '../authorised';
import type { PairInput, SignalFamily } from './family';

function sellerNames({ text }: PairInput): string[] {
  const s = text.listing.seller;
  return [s?.id, s?.name].filter((n): n is string => !!n);
}

export const seller: SignalFamily = {
  id: 'seller',
  signals: [
    { name: 'unauthorised_seller', kind: 'infringement', identifies: false },
    { name: 'uploader_not_owner', kind: 'infringement', identifies: false },
  ],
  features: ['known', 'unauthorised'],
  monotone: { known: 1, unauthorised: 1 },
  absent: 'seller unknown or no authorised list',
  compute(pair, out, at) {
    const known = sellerNames(pair).length > 0;
    out[at] = known ? 1 : 0;
    out[at + 1] =
      known && pair.item.item.authorisedSellers.length && !isAuthorisedSeller(pair.item.item, pair.text.listing.seller)
        ? 1
        : 0;
  },
  explain(pair, values, at) {
    if (!values[at + 1]) return [];
    const video = pair.text.listing.kind === 'video';
    return [
      {
        name: video ? 'uploader_not_owner' : 'unauthorised_seller',
        evidence:
          `${video ? 'uploader' : 'seller'} ${sellerNames(pair).join(' / ')} is not among ` +
          `${pair.item.item.authorisedSellers.length} authorised`,
      },
    ];
  },
};
