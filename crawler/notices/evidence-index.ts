import { escapeHtml as esc } from '../../shared/notices';
import { CJK_FONT_STACK, CJK_MONO_STACK } from '../../shared/text';
import type { PackageListing, PackageManifest } from './evidence-package';
import type { PackageImageMatch, PackagePhoto } from './evidence-photos';

const STYLE = `body{font-family:${CJK_FONT_STACK};margin:2rem;color:#1d232a;line-height:1.45}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccd3da;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
code{font-family:${CJK_MONO_STACK};font-size:.8rem;word-break:break-all}
img{max-width:480px;border:1px solid #ccd3da;display:block;margin:.5rem 0}
.pair{display:flex;gap:1.5rem;align-items:flex-start}.pair figure{margin:0;max-width:220px}
.pair figcaption{font-size:.8rem;word-break:break-all}.pair .none{width:160px;height:120px;border:1px dashed #ccd3da;
display:flex;align-items:center;justify-content:center;font-size:.8rem;color:#5b6670;text-align:center}`;

/** The `image_match` pair side by side, from the listing's own folder (the page loads nothing remote). */
function photoPair(m: PackageImageMatch | null): string {
  if (!m) return '';
  const half = (p: PackagePhoto, label: string) =>
    `<figure>${
      p.path ? `<img src="${esc(p.path)}" alt="${label}">` : `<div class="none">no thumbnail kept</div>`
    }<figcaption><b>${label}</b><br>${esc(p.url)}${p.sha256 ? `<br>SHA-256 <code>${p.sha256}</code>` : ''}${
      p.missing ? `<br>${esc(p.missing)}` : ''
    }</figcaption></figure>`;
  const how =
    m.distance === null
      ? esc(m.kind)
      : `${m.kind === 'whole' ? 'whole photo' : 'crop'}, ${m.distance} of ${m.bits} bits apart` +
        (m.mirrored ? ', mirrored' : '');
  return `<h3>Matched photo (${how}; weight +${m.weight})</h3>
<p>${esc(m.evidence)}</p>
<div class="pair">${half(m.listingPhoto, 'listing photo')}${half(m.referencePhoto, 'reference photo')}</div>`;
}

function listingSection(l: PackageListing): string {
  const shot = l.files.find((f) => f.kind === 'screenshot');
  const capture = l.capture
    ? `<tr><th>Fetched</th><td>${esc(l.capture.fetchedAt)} — HTTP ` +
      `${l.capture.status}${l.capture.rendered ? ' (rendered in a browser)' : ''}</td></tr>
<tr><th>Fetched URL</th><td>${esc(l.capture.url)}</td></tr>`
    : '<tr><th>Capture</th><td>no crawler capture (evidence uploaded by a reviewer)</td></tr>';
  const files = l.files
    .map(
      (f) =>
        `<tr><td><a href="${esc(f.path)}">${esc(f.path)}</a></td><td>${esc(f.contentType)}</td><td>${f.size}</td>` +
        `<td><code>${f.sha256}</code></td></tr>`,
    )
    .join('\n');
  return `<section><h2>${esc(l.folder)}: ${esc(l.title ?? l.url)}</h2>
<table><tr><th>Listing</th><td>${esc(l.url)}</td></tr>
<tr><th>Site</th><td>${esc(l.site ?? '')}</td></tr>
<tr><th>Protected item</th><td>${esc(l.item.title)} (${esc(l.item.id)})</td></tr>
<tr><th>Score</th><td>${l.score.toFixed(2)}</td></tr>
${capture}</table>
${shot ? `<img src="${esc(shot.path)}" alt="screenshot of ${esc(l.url)}">` : ''}
${photoPair(l.imageMatch)}
<table><tr><th>File</th><th>Type</th><th>Bytes</th><th>SHA-256</th></tr>
${files}</table></section>`;
}

/** The package's index.html: every listing with its capture and files, all text escaped. */
export function renderPackageIndex(
  notice: PackageManifest['notice'],
  listings: PackageListing[],
  noticeTextSha256: string,
): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evidence for notice ${notice.id}</title>
<style>${STYLE}</style></head><body>
<h1>Evidence for notice ${notice.id}: ${esc(notice.subject)}</h1>
<p>Regime ${esc(notice.regime)}, to ${esc(notice.recipient)}, made ${esc(notice.createdAt)} (case ${notice.caseId}).
Each file's SHA-256 is listed here and in <a href="manifest.json">manifest.json</a>; each <code>capture.warc</code> is a
WARC/1.1 file any web-archive replay tool opens. The notice itself is in <a href="notice.txt">notice.txt</a>
(SHA-256 <code>${noticeTextSha256}</code>).</p>
${listings.map(listingSection).join('\n')}
</body></html>
`;
}
