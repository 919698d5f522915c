/**
 * accessory_or_part: what sellers write of an accessory or spare part made
 * for a product ("compatible with", "case for", 适用于): it names the item
 * without being it, and costs a fraction of it.
 */
import type { IndexedItem } from '../candidate-index';
import { COMPATIBILITY_PHRASES, phraseMatcher } from '../words';
import type { SignalFamily } from './family';
import { phrasesIn } from './words';

const compatibility = phraseMatcher(COMPATIBILITY_PHRASES);
// Whether the item is itself an accessory: a listing for a case matches a case.
const itemMemo = new WeakMap<IndexedItem, boolean>();
function itemIsAccessory(item: IndexedItem): boolean {
  let yes = itemMemo.get(item);
  if (yes === undefined) {
    const variants = item.editions.editions.get('variant');
    yes =
      compatibility(item.item.title.toLowerCase()).length > 0 ||
      ['case', 'charger', 'battery', 'refill', 'lens'].some((v) => variants?.has(v));
    itemMemo.set(item, yes);
  }
  return yes;
}

export const accessory: SignalFamily = {
  id: 'accessory',
  signals: [{ name: 'accessory_or_part', kind: 'exculpatory' }],
  features: ['phrase', 'item_is_accessory'],
  monotone: { phrase: -1 },
  absent: 'not an accessory',
  compute({ text, item }, out, at) {
    out[at] = phrasesIn(text).accessory.length ? 1 : 0;
    out[at + 1] = itemIsAccessory(item) ? 1 : 0;
  },
  explain({ text }, values, at) {
    if (!values[at]) return [];
    return [
      {
        name: 'accessory_or_part',
        evidence: `${phrasesIn(text).accessory.join(', ')}${values[at + 1] ? ' (the item is an accessory too)' : ''}`,
      },
    ];
  },
};
