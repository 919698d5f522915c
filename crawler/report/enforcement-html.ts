import { CJK_FONT_STACK } from '../../shared/text';
import { esc, groupedBarChart, rateBarChart, type Series } from './enforcement-charts';
import type { EnforcementCounts, EnforcementFigures, ReportSeller } from './enforcement-figures';
import { formatCount, formatDuration, formatMoney, formatPercent, formatTurnover } from './enforcement-format';

export interface EnforcementHtmlMeta {
  /** The holder's display name when the report is for one holder (the filter has only its id). */
  holderName?: string | null;
}

const SERIES: readonly Series[] = [
  { name: 'Hits found', color: '#9aa4ae' },
  { name: 'Confirmed', color: '#d97706' },
  { name: 'Noticed', color: '#2563eb' },
  { name: 'Removed', color: '#16a34a' },
];

/** "2027-03-04T10:20:30.000Z" → "2027-03-04 10:20 UTC". */
const readableDate = (iso: string) => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
};

function card(label: string, value: string, note = ''): string {
  return (
    `<div class="card"><div class="cv">${esc(value)}</div>` +
    `<div class="cl">${esc(label)}</div>${note ? `<div class="cn">${esc(note)}</div>` : ''}</div>`
  );
}

function headline(o: EnforcementCounts): string {
  return `<div class="cards">
${card('Hits found', formatCount(o.hits))}
${card('Confirmed', formatCount(o.confirmed), o.hits ? `${formatPercent(o.confirmed / o.hits)} of hits` : '')}
${card('Noticed', formatCount(o.noticed))}
${card('Removed', formatCount(o.removed), o.noticed ? `of ${formatCount(o.noticed)} noticed` : '')}
${card('Removal rate', o.noticed ? formatPercent(o.removalRate) : '—')}
${card('Median time to removal', formatDuration(o.medianTimeToRemovalMs), 'notice → first check finding it gone')}
${card('Relisted', formatCount(o.relisted))}
${card('Still up', formatCount(o.stillUp), 'after a notice, at the last check')}
</div>`;
}

const NUM_HEAD =
  '<th class="n">Hits</th><th class="n">Confirmed</th><th class="n">Noticed</th><th class="n">Removed</th><th ' +
  'class="n">Removal rate</th><th class="n">Median time to removal</th><th class="n">Relisted</th><th ' +
  'class="n">Still up</th>';

function numCells(c: EnforcementCounts): string {
  return [
    formatCount(c.hits),
    formatCount(c.confirmed),
    formatCount(c.noticed),
    formatCount(c.removed),
    c.noticed ? formatPercent(c.removalRate) : '—',
    formatDuration(c.medianTimeToRemovalMs),
    formatCount(c.relisted),
    formatCount(c.stillUp),
  ]
    .map((v) => `<td class="n">${esc(v)}</td>`)
    .join('');
}

function groupTable<T extends EnforcementCounts>(
  heads: string[],
  rows: readonly T[],
  cells: (r: T) => string[],
): string {
  if (rows.length === 0) return '<p class="muted">None in this scope.</p>';
  const body = rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c) => `<td>${c}</td>`)
          .join('')}${numCells(r)}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${heads.map((h) => `<th>${esc(h)}</th>`).join('')}${NUM_HEAD}</tr></thead><tbody>
${body}
</tbody></table>`;
}

function sellerRow(s: ReportSeller): string {
  const approx =
    s.approxTurnover && s.approxTurnover.amount > 0
      ? formatMoney(s.approxTurnover.amount, s.approxTurnover.currency)
      : '—';
  const who =
    `<span class="sn">${esc(s.name ?? s.key)}</span>` +
    `<div class="muted">${esc(s.site)} · ${esc(s.key)}${s.blacklisted ? ' · <b class="bl">blacklisted</b>' : ''}</div>`;
  const referral = s.referralCandidate
    ? `<span class="badge">Referral candidate</span>` +
      `<ul>${s.referralReasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`
    : '<span class="muted">no</span>';
  return (
    `<tr class="${s.referralCandidate ? 'referral' : ''}">
  <td>${who}</td><td class="n">${esc(formatCount(s.confirmed))}</td>` +
    `<td class="n">${esc(formatCount(s.listingsWithHits))}</td>
  <td class="n">${esc(formatCount(s.soldCount))}</td><td class="n">${esc(formatTurnover(s.turnover))}</td>
  <td class="n">${esc(approx)}</td>
  <td class="n">${esc(formatCount(s.removed))} / ${esc(formatCount(s.relisted))}</td>
  <td class="n">${esc(s.score === null ? '—' : s.score.toFixed(2))}</td><td>${referral}</td>
</tr>`
  );
}

function sellersSection(f: EnforcementFigures): string {
  const t = f.referralThreshold;
  const own = Object.entries(t.perCurrency).map(([c, v]) => formatMoney(v, c));
  const fallback = formatMoney(t.amount, t.currency);
  const threshold =
    own.length === 0
      ? fallback
      : `${own.join(' or ')} (${own.includes(fallback) ? '' : `${fallback} for `}other currencies converted ` +
        `approximately)`;
  const candidates = f.topSellers.filter((s) => s.referralCandidate).length;
  const intro =
    `<p class="muted">Estimated turnover is price × sold count of each seller's confirmed listings, ` +
    `from the sites' own counters — an estimate for a lawyer to check, not a finding.
Sellers whose estimated turnover reaches ${esc(threshold)} are marked as criminal-referral candidates: ` +
    `${esc(formatCount(candidates))} of the ${esc(formatCount(f.topSellers.length))} listed here.</p>`;
  if (f.topSellers.length === 0) return `${intro}<p class="muted">No sellers with hits in this scope.</p>`;
  return (
    `${intro}<table><thead><tr><th>Seller</th><th class="n">Confirmed listings</th>` +
    `<th class="n">Listings with hits</th><th class="n">Sold</th>
<th class="n">Est. turnover</th><th class="n">≈ total</th><th class="n">Removed / relisted</th>` +
    `<th class="n">Risk</th><th class="ref">Referral</th></tr></thead><tbody>
${f.topSellers.map(sellerRow).join('\n')}
</tbody></table>`
  );
}

function charts(f: EnforcementFigures): string {
  if (f.bySite.length === 0) return '<p class="muted">No hits in this scope.</p>';
  const bars = groupedBarChart(
    'Hits found, confirmed, noticed and removed per site',
    SERIES,
    f.bySite.map((s) => ({ label: s.site, values: [s.hits, s.confirmed, s.noticed, s.removed] })),
    'chart-sites',
  );
  const noticed = f.bySite.filter((s) => s.noticed > 0);
  const rates = noticed.length
    ? rateBarChart(
        'Removal rate per site',
        noticed.map((s) => ({
          label: s.site,
          rate: s.removalRate,
          note:
            `${formatPercent(s.removalRate)} (${s.removed} of ${s.noticed}) · median ` +
            `${formatDuration(s.medianTimeToRemovalMs)}`,
        })),
        '#16a34a',
        'chart-rates',
      )
    : '<p class="muted">No notices sent in this scope yet.</p>';
  return `<figure>${bars}</figure>\n<h3>Removal rate and median time to removal</h3>\n<figure>${rates}</figure>`;
}

const STYLE =
  `body{font:14px/1.45 ${CJK_FONT_STACK};margin:2rem auto;max-width:1200px;color:#1d232a;padding:0 1rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #1d232a;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin:1.4rem 0 .4rem}.muted{color:#6a737d;font-weight:normal;font-size:.9em}
table{border-collapse:collapse;width:100%}` +
  `th,td{text-align:left;vertical-align:top;padding:.45rem;border-bottom:1px solid #e1e4e8}
th{background:#f6f8fa}th.n,td.n{text-align:right;white-space:nowrap}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(135px,1fr));gap:.6rem;margin:1rem 0}
.card{border:1px solid #e1e4e8;border-radius:6px;padding:.7rem .9rem;background:#fbfcfd}
.cv{font-size:1.45rem;font-weight:700;white-space:nowrap}.cl{font-weight:600}.cn{color:#6a737d;font-size:.85em}
figure{margin:1rem 0;overflow-x:auto}svg.chart{max-width:100%;height:auto;font:12px ${CJK_FONT_STACK}}
svg .lb{fill:#1d232a}svg .v,svg .ax{fill:#444}svg .lg{fill:#1d232a}svg .grid{stroke:#e1e4e8}svg .track{fill:#f1f3f5}
tr.referral td{background:#fef2f2}` +
  `.badge{display:inline-block;background:#b91c1c;color:#fff;border-radius:3px;padding:0 .4rem;font-weight:600;` +
  `font-size:.85em}
.bl{color:#b91c1c}th.ref{min-width:15rem}.sn{font-weight:600}ul{margin:.2rem 0 0;padding-left:1rem}` +
  `dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}`;

/**
 * A self-contained enforcement report (no scripts, no outside assets; every
 * string from a site, seller or catalogue escaped): headline figures, a
 * chart per site, removal rate and median time to removal, tables per site,
 * holder and item, and the top sellers with referral candidates marked.
 */
export function enforcementToHtml(f: EnforcementFigures, meta: EnforcementHtmlMeta = {}): string {
  const title = f.filter.campaign
    ? `Enforcement report: campaign ${f.filter.campaign}`
    : 'Enforcement report: all campaigns';
  const scope = [
    f.filter.holderId
      ? `holder ${meta.holderName ? `${meta.holderName} (${f.filter.holderId})` : f.filter.holderId}`
      : 'all holders',
    f.filter.site ? `site ${f.filter.site}` : 'all sites',
    ...(f.filter.itemId ? [`item ${f.filter.itemId}`] : []),
  ].join(' · ');
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
${STYLE}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="muted">Generated ${esc(readableDate(f.generatedAt))} · ${esc(scope)}</p>
<section><h2>Headline figures</h2>
${headline(f.overall)}
</section>
<section><h2>Per site</h2>
${charts(f)}
${groupTable(['Site'], f.bySite, (s) => [esc(s.site)])}
</section>
<section><h2>Per rights holder</h2>
${groupTable(['Holder'], f.byHolder, (h) => [`${esc(h.holderName)}<div class="muted">${esc(h.holderId)}</div>`])}
</section>
<section><h2>Per item</h2>
${groupTable(['Item', 'Holder'], f.byItem, (i) => [
  `${esc(i.itemTitle)}<div ` + `class="muted">${esc(i.itemId)}</div>`,
  esc(i.holderName),
])}
</section>
<section><h2>Top sellers</h2>
${sellersSection(f)}
</section>
<section><h2>How these figures are counted</h2>
<dl>
<dt>Hits found</dt><dd>Suspect listings recorded against a catalogue item, one hit per listing and ` +
    `item${f.filter.campaign ? ", recorded by this campaign's sweeps" : ''}.</dd>
<dt>Confirmed</dt><dd>Hits a reviewer confirmed: status confirmed or any later one (notice sent, removed, rejected, ` +
    `relisted).</dd>
<dt>Noticed</dt><dd>Hits with a notice sent, as the audit log records it.</dd>
<dt>Removed</dt><dd>Noticed hits a verification check later found gone (404/410, the site's "unavailable" page, ` +
    `redirected away). A listing relisted after that still counts as removed once.</dd>
<dt>Removal rate</dt><dd>Removed ÷ noticed.</dd>
<dt>Median time to removal</dt><dd>From the notice to the first check that found the listing gone, so it is only as ` +
    `fine as the checking interval.</dd>
<dt>Still up</dt><dd>Noticed hits whose last check found the listing still there.</dd>
</dl>
</section>
</body></html>
`
  );
}
