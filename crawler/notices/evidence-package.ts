/**
 * A notice's evidence package: one ZIP a platform's or a lawyer's reviewer opens with any
 * archive tool. Per cited listing the page as kept (HTML), the WARC capture, the screenshot
 * when there is one, the matched photo pair's thumbnails when the hit has an `image_match`, and
 * `metadata.json` (URL, time, HTTP status and headers, SHA-256 of each file); on top
 * `manifest.json` (every file with its SHA-256) and `index.html` to read it all.
 * Built once per notice and kept as evidence, so what was sent and what is served are the same bytes.
 */
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { NoticeListingEvidence, NoticeRecord, PageCapture, Store } from '../store';
import { renderPackageIndex } from './evidence-index';
import { matchedPhotoFiles, type PackageImageMatch } from './evidence-photos';

export type PackageStore = Pick<Store, 'evidence' | 'captures' | 'noticeEvidence' | 'images'>;

export interface PackageFile {
  path: string;
  sha256: string;
  size: number;
  contentType: string;
  /**
   * What the file is: html, warc, screenshot, metadata, listing_photo / reference_photo (the matched pair's
   * thumbnails), an uploaded file's kind, or the package's own index.
   */
  kind: string;
}

export interface PackageListing {
  folder: string;
  hitId: number;
  url: string;
  title: string | null;
  site: string | null;
  item: { id: string; title: string };
  score: number;
  /** The hit's evidence hash: the HTML the crawler (or a flag) kept. */
  evidenceSha256: string | null;
  capture: Omit<PageCapture, 'warcSha256' | 'htmlSha256' | 'screenshotSha256'> | null;
  /** The hit's `image_match`: which listing photo matched which reference photo, and their thumbnails' files. */
  imageMatch: PackageImageMatch | null;
  files: PackageFile[];
}

export interface PackageManifest {
  format: 'counterscan-evidence-package/1';
  notice: {
    id: number;
    caseId: number;
    holderId: string;
    regime: string;
    recipient: string;
    subject: string;
    createdAt: string;
  };
  listings: PackageListing[];
  /** Every file in the ZIP but this manifest. */
  files: PackageFile[];
}

const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const utf8 = (s: string) => new TextEncoder().encode(s);

const EXTENSION: Record<string, string> = {
  'text/html': 'html',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/json': 'json',
  'application/warc': 'warc',
};
const extensionOf = (contentType: string) => EXTENSION[contentType.split(';')[0]!.trim().toLowerCase()] ?? 'bin';

/** Files of one listing, named for a reader; the ZIP's entries are `listings/NN/<name>`. */
async function listingFiles(
  store: PackageStore,
  l: NoticeListingEvidence,
  folder: string,
): Promise<{ listing: PackageListing; entries: [string, Uint8Array][] }> {
  const capture = l.evidenceSha256 ? await store.captures.forHtml(l.evidenceSha256) : null;
  const named = new Map<string, string>();
  if (l.evidenceSha256) named.set(l.evidenceSha256, 'page.html');
  if (capture) named.set(capture.warcSha256, 'capture.warc');
  if (capture?.screenshotSha256) named.set(capture.screenshotSha256, 'screenshot.png');
  const entries: [string, Uint8Array][] = [];
  const files: PackageFile[] = [];
  // Evidence of another capture of the same hit (an earlier sweep's WARC) is left out: the package shows one capture.
  const otherCaptures = new Set(
    l.files.filter((f) => (f.kind === 'warc' || f.kind === 'screenshot') && !named.has(f.sha256)).map((f) => f.sha256),
  );
  // The page, its WARC and its screenshot first, under their names; uploads after.
  const order = (sha: string) => (sha === l.evidenceSha256 ? 0 : named.has(sha) ? 1 : 2);
  for (const f of [...l.files].sort((a, b) => order(a.sha256) - order(b.sha256))) {
    if (otherCaptures.has(f.sha256)) continue;
    const stored = await store.evidence.read(f.sha256);
    if (!stored) throw new Error(`evidence ${f.sha256} of hit ${l.hitId} is described but its bytes are missing`);
    const name = named.get(f.sha256) ?? `uploads/${f.kind}-${f.sha256.slice(0, 12)}.${extensionOf(f.contentType)}`;
    const path = `${folder}/${name}`;
    entries.push([path, stored.bytes]);
    files.push({
      path,
      sha256: sha256Of(stored.bytes),
      size: stored.bytes.byteLength,
      contentType: f.contentType,
      kind: f.kind,
    });
  }
  const photos = await matchedPhotoFiles(store, l, folder);
  entries.push(...photos.entries);
  files.push(...photos.files);
  const summary = capture
    ? {
        url: capture.url,
        listingUrl: capture.listingUrl,
        status: capture.status,
        headers: capture.headers,
        fetchedAt: capture.fetchedAt,
        rendered: capture.rendered,
      }
    : null;
  const metadata = utf8(
    `${JSON.stringify(
      {
        listingUrl: l.url,
        hitId: l.hitId,
        item: { id: l.itemId, title: l.itemTitle },
        score: l.score,
        evidenceSha256: l.evidenceSha256,
        capture: summary,
        imageMatch: photos.imageMatch,
        files: files.map(({ path, sha256, size, contentType }) => ({ path, sha256, size, contentType })),
      },
      null,
      2,
    )}\n`,
  );
  const metaPath = `${folder}/metadata.json`;
  entries.push([metaPath, metadata]);
  files.push({
    path: metaPath,
    sha256: sha256Of(metadata),
    size: metadata.byteLength,
    contentType: 'application/json',
    kind: 'metadata',
  });
  return {
    listing: {
      folder,
      hitId: l.hitId,
      url: l.url,
      title: l.title,
      site: l.site,
      item: { id: l.itemId, title: l.itemTitle },
      score: l.score,
      evidenceSha256: l.evidenceSha256,
      capture: summary,
      imageMatch: photos.imageMatch,
      files,
    },
    entries,
  };
}

/** The ZIP's bytes and its manifest. Entries carry the notice's time, so a rebuild gives the same bytes. */
export async function buildEvidencePackage(
  store: PackageStore,
  notice: NoticeRecord,
): Promise<{ bytes: Uint8Array; manifest: PackageManifest }> {
  const listings: PackageListing[] = [];
  const entries: [string, Uint8Array][] = [];
  const rows = await store.noticeEvidence.listings(notice.id);
  for (const [i, row] of rows.entries()) {
    const made = await listingFiles(store, row, `listings/${String(i + 1).padStart(2, '0')}`);
    listings.push(made.listing);
    entries.push(...made.entries);
  }
  const head = {
    id: notice.id,
    caseId: notice.caseId,
    holderId: notice.holderId,
    regime: notice.regime,
    recipient: notice.recipient,
    subject: notice.subject,
    createdAt: notice.createdAt,
  };
  const noticeText = utf8(notice.text);
  const index = utf8(renderPackageIndex(head, listings, sha256Of(noticeText)));
  const top: PackageFile[] = [
    { path: 'index.html', sha256: sha256Of(index), size: index.byteLength, contentType: 'text/html', kind: 'index' },
    {
      path: 'notice.txt',
      sha256: sha256Of(noticeText),
      size: noticeText.byteLength,
      contentType: 'text/plain',
      kind: 'notice',
    },
  ];
  const manifest: PackageManifest = {
    format: 'counterscan-evidence-package/1',
    notice: head,
    listings,
    files: [...top, ...listings.flatMap((l) => l.files)],
  };
  const mtime = new Date(notice.createdAt);
  const zippable: Zippable = {
    'manifest.json': [utf8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime }],
    'index.html': [index, { mtime }],
    'notice.txt': [noticeText, { mtime }],
  };
  // PNGs and JPEGs are compressed already; deflating them again only costs time.
  for (const [path, bytes] of entries) zippable[path] = [bytes, { mtime, level: /\.(?:png|jpg)$/.test(path) ? 0 : 6 }];
  return { bytes: zipSync(zippable), manifest };
}

/**
 * The notice's package as kept, built and kept on first use. Two builders at once both store
 * the same content-addressed bytes; the notice keeps the first hash set.
 */
export async function evidencePackageOf(
  store: PackageStore,
  notice: NoticeRecord,
): Promise<{ bytes: Uint8Array; sha256: string }> {
  const kept = await store.noticeEvidence.get(notice.id, { holderId: null });
  if (kept?.packageSha256) {
    const stored = await store.evidence.read(kept.packageSha256);
    if (stored) return { bytes: stored.bytes, sha256: kept.packageSha256 };
  }
  const { bytes } = await buildEvidencePackage(store, notice);
  const sha256 = await store.evidence.save(bytes, {
    kind: 'package',
    contentType: 'application/zip',
    capturedAt: notice.createdAt,
  });
  const set = await store.noticeEvidence.setPackage(notice.id, sha256);
  if (set === sha256) return { bytes, sha256 };
  const other = await store.evidence.read(set);
  return other ? { bytes: other.bytes, sha256: set } : { bytes, sha256 };
}
