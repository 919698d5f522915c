import type { HitRow } from '../store';

const esc = (v: unknown) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

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
  const m = /^listing photo (\S+) is reference photo (\S+) of item/.exec(evidence ?? '');
  if (!m) return '';
  const img = (url: string, label: string) =>
    /^https?:\/\//i.test(url)
      ? `<figure><img src="${esc(url)}" alt="${label}" width="96" loading="lazy" referrerpolicy="no-referrer"><figcaption>${label}</figcaption></figure>`
      : `<figure><figcaption>${label}: ${esc(url)}</figcaption></figure>`;
  return `<div class="pair">${img(m[1]!, 'listing photo')}${img(m[2]!, 'reference photo')}</div>`;
}

function hitRow(h: HitRow): string {
  const reasons = h.signals
    .map(
      (s) =>
        `<li class="${s.weight < 0 ? 'neg' : ''}"><b>${esc(s.name)}</b> ${s.weight >= 0 ? '+' : ''}${s.weight} <span>${esc(s.evidence)}</span>${s.name === 'image_match' ? photoPair(s.evidence) : ''}</li>`,
    )
    .join('');
  return `<tr>
  <td class="score" style="--s:${h.score}">${h.score.toFixed(2)}</td>
  <td><a href="${safeHref(h.listingUrl)}" rel="noopener noreferrer nofollow">${esc(h.title)}</a><div class="muted">${esc(h.site)} · ${esc(h.status)}</div></td>
  <td>${esc(money(h.price, h.currency))}<div class="muted">ref ${esc(money(h.referencePrice?.amount, h.referencePrice?.currency))}</div></td>
  <td>${esc(h.sellerName ?? h.sellerId ?? '—')}</td>
  <td><ul>${reasons}</ul></td>
</tr>`;
}

/** A self-contained report (no scripts; no outside assets but an image match's photos), grouped by rights holder, then item. */
export function hitsToHtml(
  hits: readonly HitRow[],
  meta: { title: string; generatedAt: string; summary?: string },
): string {
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
      const count = [...items.values()].reduce((n, l) => n + l.length, 0);
      const blocks = [...items.entries()]
        .map(([key, rows]) => {
          const [itemId, itemTitle] = key.split('\u0000');
          return `<h3>${esc(itemTitle)} <span class="muted">${esc(itemId)} · ${rows.length} suspect listing${rows.length === 1 ? '' : 's'}</span></h3>
<table><thead><tr><th>Score</th><th>Listing</th><th>Price</th><th>Seller</th><th>Why</th></tr></thead><tbody>${rows.map(hitRow).join('')}</tbody></table>`;
        })
        .join('\n');
      return `<section><h2>${esc(holder)} <span class="muted">${count} hits</span></h2>${blocks}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src http: https:">
<title>${esc(meta.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#1d232a;padding:0 1rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #1d232a;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin:1.4rem 0 .4rem}.muted{color:#6a737d;font-weight:normal;font-size:.9em}
.pair{display:flex;gap:.5rem;margin:.3rem 0}.pair figure{margin:0;font-size:.8em;color:#6a737d}.pair img{display:block;border:1px solid #ddd}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.45rem;border-bottom:1px solid #e1e4e8}
th{background:#f6f8fa}td.score{font-weight:700;width:4rem;background:rgb(220 38 38 / calc(var(--s) * 0.35))}
ul{margin:0;padding-left:1rem}li span{color:#444}li.neg b{color:#1a7f37}
</style></head><body>
<h1>${esc(meta.title)}</h1>
<p class="muted">Generated ${esc(meta.generatedAt)} · ${hits.length} suspect listings${meta.summary ? ` · ${esc(meta.summary)}` : ''}</p>
${sections || '<p>No suspect listings.</p>'}
</body></html>
`;
}
