/**
 * price_far_below_reference / price_below_reference / price_reference: the
 * listing's price against the item's reference price, converted between
 * currencies. Far under it is what fakes cost; near it is what the same
 * product costs (the model learns both readings).
 */
import { convert } from '../fx';
import type { PairInput, SignalFamily } from './family';

export function priceRatio({ text, item, rates }: PairInput): number | undefined {
  const { price, currency } = text.listing;
  const ref = item.item.referencePrice;
  if (price === undefined || !currency || !ref || ref.amount <= 0 || price <= 0) return undefined;
  const converted = convert(price, currency, ref.currency, rates);
  return converted === undefined ? undefined : converted / ref.amount;
}

export const price: SignalFamily = {
  id: 'price',
  signals: [
    { name: 'price_far_below_reference', kind: 'infringement', price: true },
    { name: 'price_below_reference', kind: 'infringement', price: true },
    { name: 'price_reference', kind: 'identity', identifies: false },
  ],
  features: ['log_ratio', 'known'],
  absent: 'no price to compare',
  compute(pair, out, at) {
    const ratio = priceRatio(pair);
    out[at] = ratio === undefined ? 0 : Math.max(-4, Math.min(4, Math.log(ratio)));
    out[at + 1] = ratio === undefined ? 0 : 1;
  },
  explain(pair, values, at) {
    if (!values[at + 1]) return [];
    const ratio = priceRatio(pair)!;
    const { price: amount, currency } = pair.text.listing;
    const ref = pair.item.item.referencePrice!;
    const evidence = `${amount} ${currency} is ${Math.round(ratio * 100)}% of reference ${ref.amount} ${ref.currency}`;
    const name = ratio < 0.35 ? 'price_far_below_reference' : ratio < 0.6 ? 'price_below_reference' : 'price_reference';
    return [{ name, evidence }];
  },
};
