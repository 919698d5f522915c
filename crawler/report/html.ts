import { photoPairOf } from '../../shared/match/image-signal';
import { CJK_FONT_STACK } from '../../shared/text';
import type { HitRow } from '../store';
import { esc } from './enforcement-charts';
import { ReportFilters } from './sweep-filters';
import { sweepSummary } from './sweep-summary';
import type { Thumbnail } from './thumbnails';

/** Only http(s) links become hrefs; anything else (javascript:, data:) is shown as text. */
const safeHref = (url: string) => (/^https?:\/\//i.test(url) ? esc(url) : '#');

const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  amount === null || amount === undefined
    ? '—'
    : `${amount.toLocaleString('en', { maximumFractionDigits: 2 })} ${currency ?? ''}`;

/**
 * The matched pair of an `image_match` signal, side by side: the listing's
 * photo and the holder's reference photo (http(s) ones only; an uploaded
 * reference is named, not shown). The report's only images, loaded from
 * where they are, without a referrer.
 */
function photoPair(evidence: string | undefined): string {
  const pair = photoPairOf(evidence);
  if (!pair) return '';
  const img = (url: string, label: string) =>
    /^https?:\/\//i.test(url)
      ? `<figure><img src="${esc(url)}" alt="${label}" width="96" loading="lazy" referrerpolicy="no-referrer">` +
        `<figcaption>${label}</figcaption></figure>`
      : `<figure><figcaption>${label}: ${esc(url)}</figcaption></figure>`;
  const listing = img(pair.listingImageUrl, 'listing photo');
  return `<div class="pair">${listing}${img(pair.referenceUrl, 'reference photo')}</div>`;
}

function hitRow(h: HitRow, classes: string[], thumb: Thumbnail | undefined): string {
  const reasons = h.signals
    .map(
      (s) =>
        `<li class="${s.weight < 0 ? 'neg' : ''}">` +
        `<b>${esc(s.name)}</b> ${s.weight >= 0 ? '+' : ''}${s.weight} ` +
        `<span>${esc(s.evidence)}</span>${s.name === 'image_match' ? photoPair(s.evidence) : ''}</li>`,
    )
    .join('');
  // The thumbnail is inlined (data: URI), never the listing's own image URL: opening the report fetches nothing.
  const shot = thumb
    ? `<img class="thumb" src="${thumb.dataUri}" alt="screenshot of the listing" data-sha256="${esc(thumb.sha256)}">`
    : '<span class="muted">—</span>';
  return (
    `<tr class="hit ${classes.join(' ')}" data-hit="${h.id}">
  <td class="score" style="--s:${h.score}">${h.score.toFixed(2)}</td>
  <td><a href="${safeHref(h.listingUrl)}" rel="noopener noreferrer nofollow">${esc(h.title)}</a>` +
    `<div class="muted">${esc(h.site)} · ${esc(h.status)}</div></td>
  <td>${esc(money(h.price, h.currency))}<div class="muted">ref ` +
    `${esc(money(h.referencePrice?.amount, h.referencePrice?.currency))}</div></td>
  <td class="seller">${esc(h.sellerName ?? h.sellerId ?? '—')}</td>
  <td><ul>${reasons}</ul></td>
  <td class="shot">${shot}</td>
</tr>`
  );
}

const style = (total: number) =>
  `body{font:14px/1.45 ${CJK_FONT_STACK};margin:2rem auto;max-width:1200px;color:#1d232a;padding:0 1rem 3rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #1d232a;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin:1.4rem 0 .4rem}.muted{color:#6a737d;font-weight:normal;font-size:.9em}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.45rem;border-bottom:1px solid #e1e4e8}
th{background:#f6f8fa}td.score{font-weight:700;width:4rem;background:rgb(220 38 38 / calc(var(--s) * 0.35))}
ul{margin:0;padding-left:1rem}li span{color:#444}li.neg b{color:#1a7f37}
td.shot{width:170px}img.thumb{display:block;width:160px;height:auto;border:1px solid #d0d7de;border-radius:3px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(135px,1fr));gap:.6rem;margin:1rem 0}
.card{border:1px solid #e1e4e8;border-radius:6px;padding:.7rem .9rem;background:#fbfcfd}
.cv{font-size:1.45rem;font-weight:700;white-space:nowrap}.cl{font-weight:600}
figure{margin:.5rem 0;overflow-x:auto}.pair{display:flex;gap:.5rem;margin:.3rem 0}` +
  `.pair figure{margin:0;font-size:.8em;color:#6a737d}.pair img{display:block;border:1px solid #ddd}` +
  `svg.chart{max-width:100%;height:auto;font:12px ${CJK_FONT_STACK}}
svg .lb{fill:#1d232a}svg .v,svg .ax{fill:#444}svg .lg{fill:#1d232a}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start;margin:1rem 0;padding:.6rem;
  background:#f6f8fa;border-radius:6px}
fieldset{border:1px solid #d0d7de;border-radius:4px;margin:0;padding:.2rem .5rem .4rem;max-width:100%}
legend{font-weight:600;padding:0 .2rem}
fieldset label{display:inline-block;margin:.1rem .5rem .1rem 0;white-space:nowrap}
body{counter-reset:shown}tr.hit{counter-increment:shown}
.shown{position:fixed;right:1rem;bottom:.6rem;background:#1d232a;color:#fff;border-radius:4px;padding:.2rem .6rem}
.shown::before{content:counter(shown) " of ${total} listings shown"}`;

const HEAD = ['Score', 'Listing', 'Price', 'Seller', 'Why', 'Screenshot'].map((h) => `<th>${h}</th>`).join('');

/**
 * A self-contained report (no scripts, no outside assets, every string
 * escaped): a summary with charts, CSS-only filters, then the hits grouped by
 * rights holder and item, each with its screenshot's thumbnail where it has one.
 */
export function hitsToHtml(
  hits: readonly HitRow[],
  meta: { title: string; generatedAt: string; summary?: string; thumbnails?: ReadonlyMap<number, Thumbnail> },
): string {
  const thumbs = meta.thumbnails ?? new Map<number, Thumbnail>();
  const filters = new ReportFilters(hits);
  const byHolder = new Map<string, Map<string, HitRow[]>>();
  for (const h of hits) {
    const holder = byHolder.get(h.holderName) ?? new Map<string, HitRow[]>();
    byHolder.set(h.holderName, holder);
    const key = `${h.itemId}\u0000${h.itemTitle}`;
    holder.set(key, [...(holder.get(key) ?? []), h]);
  }
  const sections = [...byHolder.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([holder, items]) => {
      const all = [...items.values()].flat();
      const blocks = [...items.entries()]
        .map(([key, rows]) => {
          const [itemId, itemTitle] = key.split('\u0000');
          const count = `${rows.length} suspect listing${rows.length === 1 ? '' : 's'}`;
          return `<div class="block ${filters.group(rows)}">
<h3>${esc(itemTitle)} <span class="muted">${esc(itemId)} · ${count}</span></h3>
<table><thead><tr>${HEAD}</tr></thead><tbody>${rows
            .map((r) => hitRow(r, filters.row(r), thumbs.get(r.id)))
            .join('')}</tbody></table></div>`;
        })
        .join('\n');
      const h2 = `<h2>${esc(holder)} <span class="muted">${all.length} hits</span></h2>`;
      return `<section class="holder ${filters.group(all)}">${h2}${blocks}</section>`;
    })
    .join('\n');
  const withShots = hits.filter((h) => thumbs.has(h.id)).length;
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data: ` +
    `http: https:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(meta.title)}</title>
<style>
${style(hits.length)}
${filters.css()}
</style></head><body>
<h1>${esc(meta.title)}</h1>
<p class="muted">Generated ${esc(meta.generatedAt)} · ${hits.length} suspect listings${
      meta.summary ? ` · ${esc(meta.summary)}` : ''
    }</p>
${sweepSummary(hits, withShots)}
${hits.length ? `<h2>Listings</h2>${filters.form()}` : ''}
${sections || '<p>No suspect listings.</p>'}
${hits.length ? '<p class="shown" aria-live="polite"></p>' : ''}
</body></html>
`
  );
}
