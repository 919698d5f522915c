/**
 * Inline SVG bar charts for the enforcement report: no script, no outside
 * asset, every label escaped. Each chart is an `<svg role="img">` with a
 * title, so a screen reader names it; the tables next to it carry the same
 * numbers.
 */

export const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export interface Series {
  name: string;
  color: string;
}

export interface BarGroup {
  label: string;
  values: readonly number[];
}

const WIDTH = 760;
const LABEL_W = 170;
const VALUE_W = 70;
const BAR_H = 14;
const BAR_GAP = 2;
const GROUP_GAP = 14;
const LEGEND_H = 26;

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Cuts a label to `max` columns with an ellipsis; a CJK (wide) character takes two, as it is drawn twice as wide. */
const columns = (ch: string) => (WIDE.test(ch) ? 2 : 1);
const clip = (s: string, max: number) => {
  if ([...s].reduce((w, ch) => w + columns(ch), 0) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    if (w + columns(ch) > max - 1) break;
    out += ch;
    w += columns(ch);
  }
  return `${out}…`;
};

function legend(series: readonly Series[]): string {
  let x = LABEL_W;
  return series
    .map((s) => {
      const out =
        `<rect x="${x}" y="4" width="12" height="12" rx="2" fill="${s.color}"/>` +
        `<text x="${x + 16}" y="14" class="lg">${esc(s.name)}</text>`;
      x += 28 + s.name.length * 7;
      return out;
    })
    .join('');
}

/**
 * Horizontal grouped bars: one group per label, one bar per series, all on
 * one scale (the largest value), each bar with its value written after it.
 */
export function groupedBarChart(
  title: string,
  series: readonly Series[],
  groups: readonly BarGroup[],
  id: string,
): string {
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const plot = WIDTH - LABEL_W - VALUE_W;
  const groupH = series.length * BAR_H + (series.length - 1) * BAR_GAP;
  const height = LEGEND_H + groups.length * (groupH + GROUP_GAP);
  const body = groups
    .map((g, gi) => {
      const top = LEGEND_H + gi * (groupH + GROUP_GAP);
      const bars = series
        .map((s, si) => {
          const v = g.values[si] ?? 0;
          const w = v > 0 ? Math.max(2, (v / max) * plot) : 0;
          const y = top + si * (BAR_H + BAR_GAP);
          return (
            `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${s.color}">` +
            `<title>${esc(`${g.label}: ${s.name} ${v}`)}</title></rect>` +
            (`<text x="${(LABEL_W + w + 4).toFixed(1)}" y="${y + BAR_H - 3}" ` +
              `class="v">${esc(v.toLocaleString('en-US'))}</text>`)
          );
        })
        .join('');
      return (
        `<text x="${LABEL_W - 8}" y="${top + groupH / 2 + 4}" text-anchor="end" ` +
        `class="lb">${esc(clip(g.label, 24))}</text>${bars}`
      );
    })
    .join('\n');
  return (
    `<svg class="chart" role="img" aria-labelledby="${id}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" ` +
    `height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${id}">${esc(title)}</title>${legend(series)}
${body}
</svg>`
  );
}

export interface RateBar {
  label: string;
  /** 0..1 */
  rate: number;
  /** Written after the bar ("4 of 6 · median 3 h 20 min"). */
  note: string;
}

/** Horizontal bars on a 0–100 % scale with grid lines at each quarter. */
export function rateBarChart(title: string, bars: readonly RateBar[], color: string, id: string): string {
  const plot = 300;
  const rowH = BAR_H + 12;
  const height = 22 + bars.length * rowH;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const x = LABEL_W + t * plot;
      return (
        `<line x1="${x}" y1="16" x2="${x}" y2="${height}" class="grid"/>` +
        `<text x="${x}" y="11" text-anchor="middle" class="ax">${t * 100} %</text>`
      );
    })
    .join('');
  const body = bars
    .map((b, i) => {
      const y = 22 + i * rowH;
      const w = Math.max(0, Math.min(1, b.rate)) * plot;
      return (
        `<text x="${LABEL_W - 8}" y="${y + BAR_H - 3}" text-anchor="end" class="lb">${esc(clip(b.label, 24))}</text>` +
        `<rect x="${LABEL_W}" y="${y}" width="${plot}" height="${BAR_H}" class="track"/>` +
        (`<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${color}">` +
          `<title>${esc(`${b.label}: ${b.note}`)}</title></rect>`) +
        `<text x="${LABEL_W + plot + 8}" y="${y + BAR_H - 3}" class="v">${esc(clip(b.note, 48))}</text>`
      );
    })
    .join('\n');
  return (
    `<svg class="chart" role="img" aria-labelledby="${id}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" ` +
    `height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${id}">${esc(title)}</title>${grid}
${body}
</svg>`
  );
}
