/**
 * colour: the colours the item's title and the listing's name (in any of
 * the shop languages), the same or different — one product line, one
 * product per colour.
 */
import type { SignalFamily } from './family';

function compare(a: ReadonlySet<string>, b: ReadonlySet<string>): { shared: string[]; conflict: boolean } {
  const shared = [...a].filter((c) => b.has(c));
  return { shared, conflict: !shared.length && a.size > 0 && b.size > 0 };
}

export const colour: SignalFamily = {
  id: 'colour',
  signals: [{ name: 'colour', kind: 'identity' }],
  features: ['match', 'conflict'],
  absent: 'no colour to compare',
  compute({ text, item }, out, at) {
    const c = compare(item.colours, text.colours);
    out[at] = c.shared.length ? 1 : 0;
    out[at + 1] = c.conflict ? 1 : 0;
  },
  explain({ text, item }, values, at) {
    if (values[at])
      return [{ name: 'colour', evidence: `both ${compare(item.colours, text.colours).shared.join(', ')}` }];
    if (values[at + 1])
      return [
        { name: 'colour', evidence: `listing ${[...text.colours].join('/')} ≠ item ${[...item.colours].join('/')}` },
      ];
    return [];
  },
};
