import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { HitRow } from '../store';
import { hitsToCsv } from './csv';
import { hitsToHtml } from './html';

export { HITS_CSV_HEADER, hitsCsvRows, hitsToCsv } from './csv';
export { hitsTable } from './table';

/** Writes `<name>.html` and `<name>.csv` into `dir`; returns the HTML report's absolute path. */
export async function writeReports(
  dir: string,
  name: string,
  hits: readonly HitRow[],
  summary?: string,
): Promise<{ html: string; csv: string }> {
  await mkdir(dir, { recursive: true });
  const html = resolve(join(dir, `${name}.html`));
  const csv = resolve(join(dir, `${name}.csv`));
  await writeFile(
    html,
    hitsToHtml(hits, { title: 'Suspect listings', generatedAt: new Date().toISOString(), summary }),
  );
  await writeFile(csv, hitsToCsv(hits));
  return { html, csv };
}
