import type { HitRow } from '../store';

/** Terminal width of a string: CJK and other wide characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return w;
}

function fit(s: string, cols: number): string {
  let out = '';
  let w = 0;
  for (const ch of s.replace(/\s+/g, ' ')) {
    const cw = width(ch);
    if (w + cw > cols - 1 && width(s) > cols) return out + '…' + ' '.repeat(Math.max(0, cols - w - 1));
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(Math.max(0, cols - w));
}

/** A ranked plain-text table: score, item, listing, and the reasons in short. */
export function hitsTable(hits: readonly HitRow[], limit = 25): string {
  const head = `${fit('score', 6)} ${fit('item', 28)} ${fit('listing', 40)} reasons`;
  const lines = hits.slice(0, limit).map((h) => {
    const reasons = h.signals.map((s) => `${s.name}${s.weight >= 0 ? '+' : ''}${s.weight}`).join(' ');
    return `${fit(h.score.toFixed(2), 6)} ${fit(h.itemTitle, 28)} ${fit(h.title, 40)} ${reasons}`;
  });
  const more = hits.length > limit ? [`… and ${hits.length - limit} more (see the report)`] : [];
  return [head, '-'.repeat(110), ...lines, ...more].join('\n');
}
