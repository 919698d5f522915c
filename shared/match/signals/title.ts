/**
 * title_similarity: how alike the listing's title and the item's names are,
 * measured the ways classic matchers do — TF-IDF cosine over words and over
 * character 3-grams, Jaccard over word sets, the IDF-weighted share of the
 * item's words the listing carries (title or description) and of the
 * title's words the item carries, and Monge-Elkan with Jaro-Winkler over
 * re-ordered words (typos, abbreviations). The best of the item's names
 * (title, aliases, pinyin) counts.
 */
import { cosine, jaccard, lcsShare, mongeElkan } from '../similarity';
import { fmt2, type SignalFamily } from './family';

export const title: SignalFamily = {
  id: 'title',
  signals: [{ name: 'title_similarity', kind: 'identity' }],
  features: [
    'cos_words',
    'cos_grams',
    'jaccard',
    'cover_item',
    'cover_listing',
    'monge_elkan',
    'listing_words',
    'item_words',
    'has_description',
    'missing_item_max',
    'missing_item_sum',
    'extra_listing_max',
    'extra_listing_sum',
    'in_order',
  ],
  // More of the item's name in the listing never lowers a score; more of it missing never raises one.
  monotone: {
    cos_words: 1,
    cos_grams: 1,
    jaccard: 1,
    cover_item: 1,
    cover_listing: 1,
    monge_elkan: 1,
    in_order: 1,
    missing_item_max: -1,
    missing_item_sum: -1,
  },
  absent: 'title unlike the item',
  compute({ text, item }, out, at) {
    const v = text.vectors!;
    let cw = 0;
    let cg = 0;
    let jac = 0;
    let cover = 0;
    let me = 0;
    for (const key of item.keys) {
      cw = Math.max(cw, cosine(key.words, v.words));
      cg = Math.max(cg, cosine(key.grams, v.grams));
      jac = Math.max(jac, jaccard(key.set, text.titleTokens));
      let got = 0;
      for (let k = 0; k < key.distinct.length; k++) if (text.allTokens.has(key.distinct[k]!)) got += key.idfs[k]!;
      if (key.idfTotal > 0) cover = Math.max(cover, got / key.idfTotal);
      if (text.titleList.length)
        me = Math.max(me, mongeElkan(key.distinct, text.titleList, text.titleTokens, text.mongeElkanMemo));
    }
    // The most telling word each side has that the other lacks ("extended", "mac", "pro").
    let got = 0;
    let extraMax = 0;
    let extraSum = 0;
    for (const [t, idf] of v.titleIdfs) {
      if (item.tokens.has(t)) got += idf;
      else {
        extraSum += idf;
        if (idf > extraMax) extraMax = idf;
      }
    }
    let missingMax = 0;
    let missingSum = 0;
    const key = item.keys[0];
    if (key) {
      for (let k = 0; k < key.distinct.length; k++) {
        if (text.allTokens.has(key.distinct[k]!)) continue;
        missingSum += key.idfs[k]!;
        if (key.idfs[k]! > missingMax) missingMax = key.idfs[k]!;
      }
    }
    out[at] = cw;
    out[at + 1] = cg;
    out[at + 2] = jac;
    out[at + 3] = cover;
    out[at + 4] = v.titleIdf > 0 ? got / v.titleIdf : 0;
    out[at + 5] = me;
    out[at + 6] = Math.min(40, text.titleTokens.size);
    out[at + 7] = Math.min(40, item.keys[0]?.set.size ?? 0);
    out[at + 8] = text.descriptionList.length ? 1 : 0;
    out[at + 9] = missingMax;
    out[at + 10] = Math.min(60, missingSum);
    out[at + 11] = extraMax;
    out[at + 12] = Math.min(60, extraSum);
    out[at + 13] = key ? lcsShare(key.tokens, text.titleList) : 0;
  },
  explain({ text, item }, values, at) {
    // Name the item's name that is closest in words.
    let best = item.keys[0];
    let bestCos = -1;
    for (const key of item.keys) {
      const c = cosine(key.words, text.vectors!.words);
      if (c > bestCos) [best, bestCos] = [key, c];
    }
    const found = best ? best.tokens.filter((t) => text.allTokens.has(t)) : [];
    return [
      {
        name: 'title_similarity',
        evidence:
          `words ${fmt2(values[at]!)}, 3-grams ${fmt2(values[at + 1]!)}, Monge-Elkan ${fmt2(values[at + 5]!)} ` +
          `against "${best?.text ?? ''}"${found.length ? `: ${[...new Set(found)].slice(0, 8).join(', ')}` : ''}`,
      },
    ];
  },
};
