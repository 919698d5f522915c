import { foldLookalikes, normaliseText, tokenise } from '../../shared/match';

function tokens(title: string): Set<string> {
  return new Set(tokenise(normaliseText(title)).map(foldLookalikes));
}

/**
 * How alike two listing titles are, 0..1: the Dice coefficient of their
 * token sets after the matcher's normalisation (NFKC, case, traditional →
 * simplified Chinese, Chinese as bigrams, digit-for-letter look-alikes
 * folded). A relist usually keeps most words and adds a few ("new arrival",
 * an emoji), which this forgives; a different product of the same seller
 * shares only the brand and scores low.
 */
export function titleSimilarity(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return Math.round(((2 * shared) / (x.size + y.size)) * 1000) / 1000;
}
