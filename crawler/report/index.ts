import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { HitRow, Store } from '../store';
import { hitsToCsv } from './csv';
import { hitsToHtml } from './html';
import { hitThumbnails } from './thumbnails';

export { HITS_CSV_HEADER, hitsCsvRows, hitsToCsv } from './csv';
export { hitsTable } from './table';

/**
 * Writes `<name>.html` and `<name>.csv` into `dir`; returns their absolute paths. With `store`, the HTML
 * report carries thumbnails of the hits' screenshots.
 */
export async function writeReports(
  dir: string,
  name: string,
  hits: readonly HitRow[],
  o: { summary?: string; store?: Pick<Store, 'captures' | 'evidence'> } = {},
): Promise<{ html: string; csv: string }> {
  await mkdir(dir, { recursive: true });
  const thumbnails = o.store ? await hitThumbnails(o.store, hits) : undefined;
  const html = resolve(join(dir, `${name}.html`));
  const csv = resolve(join(dir, `${name}.csv`));
  await writeFile(
    html,
    hitsToHtml(hits, {
      title: 'Suspect listings',
      generatedAt: new Date().toISOString(),
      summary: o.summary,
      thumbnails,
    }),
  );
  await writeFile(csv, hitsToCsv(hits));
  return { html, csv };
}
