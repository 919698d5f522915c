/**
 * counterfeit_words / piracy_words: what sellers write of fakes ("replica",
 * "1:1", 高仿, A货) and of pirated copies ("full movie", "cracked", 枪版).
 * Listing-wide, except the words for a film copied in the cinema ("cam",
 * "TS"): they count for a video upload or a film, not for a dash cam.
 */
import type { ListingText } from '../listing-text';
import type { IndexedItem } from '../candidate-index';
import {
  BATTERY_WORDS,
  COMPATIBILITY_PHRASES,
  COUNTERFEIT_WORDS,
  PIRACY_WORDS,
  VIDEO_RIP_WORDS,
  phraseMatcher,
} from '../words';
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
    const counterfeit = counterfeitPhrases(text.folded);
    found = {
      counterfeit: BATTERY_WORDS.test(text.folded) ? counterfeit.filter((w) => w !== 'aaa') : counterfeit,
      piracy: piracyPhrases(text.folded),
      accessory: compatibilityPhrases(text.folded),
    };
    memo.set(text, found);
  }
  return found;
}

/** The piracy words that count for this item. */
function piracyOf(text: ListingText, item: IndexedItem): string[] {
  const all = phrasesIn(text).piracy;
  if (text.listing.kind === 'video' || item.item.runtimeSeconds) return all;
  return all.filter((w) => !VIDEO_RIP_WORDS.has(w));
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
  compute({ text, item }, out, at) {
    out[at] = phrasesIn(text).counterfeit.length ? 1 : 0;
    out[at + 1] = piracyOf(text, item).length ? 1 : 0;
  },
  explain({ text, item }, values, at) {
    const out: Explained[] = [];
    if (values[at])
      out.push({ name: 'counterfeit_words', evidence: phrasesIn(text).counterfeit.join(', '), features: [0] });
    if (values[at + 1]) out.push({ name: 'piracy_words', evidence: piracyOf(text, item).join(', '), features: [1] });
    return out;
  },
};
