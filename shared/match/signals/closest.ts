/**
 * closest_candidate: how this item compares with the listing's other
 * shortlisted items — a listing names one product, so the item whose title
 * is clearly the closest is likelier the one than a sibling a little
 * behind it; and when another item's model number is in the listing but
 * this one's is not, this one is likelier a sibling.
 */
import { fmt2, type PeerFamily } from './family';

export const closest: PeerFamily = {
  id: 'closest',
  signals: [{ name: 'closest_candidate', kind: 'identity', identifies: false }],
  features: ['words_gap', 'grams_gap', 'other_has_code', 'rank', 'crowd', 'cover_gap', 'monge_elkan_gap'],
  // Closer than the other candidates never lowers a score.
  monotone: { words_gap: 1, grams_gap: 1, cover_gap: 1, monge_elkan_gap: 1, rank: -1 },
  absent: 'not the closest candidate',
  compute(rows, i, at, layout, peers) {
    const cw = layout.offset('title.cos_words');
    const cg = layout.offset('title.cos_grams');
    const exact = layout.offset('model.exact');
    const ci = layout.offset('title.cover_item');
    const cl = layout.offset('title.cover_listing');
    const me_ = layout.offset('title.monge_elkan');
    const me = rows[i]!;
    const mine = me[cw]! + me[cg]!;
    let bestW = 0;
    let bestG = 0;
    let otherCode = 0;
    let rank = 0;
    let crowd = 0;
    let bestCover = 0;
    let bestMe = 0;
    for (let j = 0; j < peers; j++) {
      if (j === i) continue;
      const r = rows[j]!;
      bestCover = Math.max(bestCover, r[ci]! + r[cl]!);
      bestMe = Math.max(bestMe, r[me_]!);
      bestW = Math.max(bestW, r[cw]!);
      bestG = Math.max(bestG, r[cg]!);
      if (r[exact] === 1 && me[exact] !== 1) otherCode = 1;
      const theirs = r[cw]! + r[cg]!;
      if (theirs > mine || (theirs === mine && j < i)) rank++;
      if (Math.abs(r[cw]! - me[cw]!) < 0.05) crowd++;
    }
    me[at] = me[cw]! - bestW;
    me[at + 1] = me[cg]! - bestG;
    me[at + 2] = otherCode;
    me[at + 3] = Math.min(10, rank);
    me[at + 4] = Math.min(10, crowd);
    me[at + 5] = me[ci]! + me[cl]! - bestCover;
    me[at + 6] = me[me_]! - bestMe;
  },
  explain(_pair, values, at) {
    const rank = values[at + 3]!;
    const gap = values[at]!;
    const where =
      rank === 0
        ? 'the closest shortlisted item'
        : `${rank + 1}${['st', 'nd', 'rd'][rank] ?? 'th'} closest shortlisted item`;
    const code = values[at + 2] ? '; another item’s model number is in the listing' : '';
    return [
      {
        name: 'closest_candidate',
        evidence: `${where} (word cosine ${gap >= 0 ? '+' : ''}${fmt2(gap)} against the next best)${code}`,
      },
    ];
  },
};
