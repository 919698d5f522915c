/**
 * The top of the sweep report: headline counts and bar charts of the hits
 * per rights holder, per site and per reason (the same inline SVG charts as
 * the enforcement report), each with the count of high-scoring hits beside
 * the total.
 */
import type { HitRow } from '../store';
import { esc, groupedBarChart, type Series } from './enforcement-charts';
import { reasonsOf } from './sweep-filters';

const HIGH = 0.8;
const SERIES: readonly Series[] = [
  { name: 'Hits', color: '#9aa4ae' },
  { name: `Score ≥ ${HIGH}`, color: '#dc2626' },
];
/** Reasons past this many are summed up in the table below the charts, not charted. */
const MAX_BARS = 12;

function tally(hits: readonly HitRow[], keys: (h: HitRow) => string[]): { label: string; values: number[] }[] {
  const counts = new Map<string, [number, number]>();
  for (const h of hits)
    for (const k of keys(h)) {
      const c = counts.get(k) ?? [0, 0];
      c[0]++;
      if (h.score >= HIGH) c[1]++;
      counts.set(k, c);
    }
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y[0] - x[0] || a.localeCompare(b))
    .map(([label, values]) => ({ label, values }));
}

const card = (label: string, value: number) =>
  `<div class="card"><div class="cv">${value.toLocaleString('en-US')}</div><div class="cl">${esc(label)}</div></div>`;

export function sweepSummary(hits: readonly HitRow[], thumbnails: number): string {
  if (hits.length === 0) return '';
  const holders = tally(hits, (h) => [h.holderName]);
  const sites = tally(hits, (h) => [h.site]);
  const reasons = tally(hits, (h) => reasonsOf(h).map((r) => r.replace(/_/g, ' ')));
  const chart = (title: string, groups: typeof holders, id: string) =>
    `<figure>${groupedBarChart(title, SERIES, groups.slice(0, MAX_BARS), id)}${
      groups.length > MAX_BARS ? `<figcaption class="muted">and ${groups.length - MAX_BARS} more</figcaption>` : ''
    }</figure>`;
  return `<section class="summary"><h2>Summary</h2>
<div class="cards">
${card('Suspect listings', hits.length)}
${card(`Score ≥ ${HIGH}`, hits.filter((h) => h.score >= HIGH).length)}
${card('Rights holders', holders.length)}
${card('Sites', sites.length)}
${card('Catalogue items', new Set(hits.map((h) => h.itemId)).size)}
${card('With a screenshot', thumbnails)}
</div>
<div class="charts">
<div><h3>Per rights holder</h3>${chart('Hits per rights holder', holders, 'chart-holders')}</div>
<div><h3>Per site</h3>${chart('Hits per site', sites, 'chart-sites')}</div>
<div><h3>Per reason</h3>${chart('Hits per reason (signals that added to the score)', reasons, 'chart-reasons')}</div>
</div>
</section>`;
}
