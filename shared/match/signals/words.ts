/**
 * counterfeit_words / piracy_words: what sellers write of fakes ("replica",
 * "1:1", 高仿, A货) and of pirated copies ("full movie", "cracked", 枪版).
 * Listing-wide: the same for every item.
 */
import type { ListingText } from '../listing-text';
import { COMPATIBILITY_PHRASES, COUNTERFEIT_WORDS, PIRACY_WORDS, phraseMatcher } from '../words';
import type { Explained, SignalFamily } from './family';

const counterfeitPhrases = phraseMatcher(COUNTERFEIT_WORDS);
const piracyPhrases = phraseMatcher(PIRACY_WORDS);
const compatibilityPhrases = phraseMatcher(COMPATIBILITY_PHRASES);

interface Found {
  counterfeit: string[];
  piracy: string[];
  accessory: string[];
}

// Every candidate of a listing asks the same question: answer it once per listing.
const memo = new WeakMap<ListingText, Found>();

export function phrasesIn(text: ListingText): Found {
  let found = memo.get(text);
  if (!found) {
    found = {
      counterfeit: counterfeitPhrases(text.folded),
      piracy: piracyPhrases(text.folded),
      accessory: compatibilityPhrases(text.folded),
    };
    memo.set(text, found);
  }
  return found;
}

export const words: SignalFamily = {
  id: 'words',
  signals: [
    { name: 'counterfeit_words', kind: 'infringement' },
    { name: 'piracy_words', kind: 'infringement' },
  ],
  features: ['counterfeit', 'piracy'],
  monotone: { counterfeit: 1, piracy: 1 },
  absent: 'no replica or piracy words',
  compute({ text }, out, at) {
    const f = phrasesIn(text);
    out[at] = f.counterfeit.length ? 1 : 0;
    out[at + 1] = f.piracy.length ? 1 : 0;
  },
  explain({ text }, values, at) {
    const f = phrasesIn(text);
    const out: Explained[] = [];
    if (values[at]) out.push({ name: 'counterfeit_words', evidence: f.counterfeit.join(', '), features: [0] });
    if (values[at + 1]) out.push({ name: 'piracy_words', evidence: f.piracy.join(', '), features: [1] });
    return out;
  },
};
