/**
 * Old embedded-store templates (one per PGlite version and migration set) are pruned once unused for 30
 * days; the current one, recently used ones and files that are not templates stay.
 */
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { pruneTemplates } from '../../crawler/store/pglite-template';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('removes templates unused for 30 days, keeps the current one, recent ones and other files', async () => {
  dir = await mkdtemp(join(tmpdir(), 'cs-templates-'));
  const day = 24 * 3600_000;
  const files: [string, number][] = [
    ['pglite-0.5.15-aaaaaaaaaaaa.tar.gz', 90 * day],
    ['pglite-0.5.16-bbbbbbbbbbbb.tar.gz', 31 * day],
    ['pglite-0.5.16-cccccccccccc.tar.gz.1234.partial', 40 * day],
    ['pglite-0.5.16-dddddddddddd.tar.gz', 29 * day],
    ['pglite-0.5.16-current00000.tar.gz', 400 * day],
    ['notes.txt', 400 * day],
  ];
  for (const [name, age] of files) {
    const path = join(dir, name);
    await writeFile(path, 'x');
    const t = new Date(Date.now() - age);
    await utimes(path, t, t);
  }
  const removed = await pruneTemplates(dir, join(dir, 'pglite-0.5.16-current00000.tar.gz'));
  expect(removed.sort()).toEqual([
    'pglite-0.5.15-aaaaaaaaaaaa.tar.gz',
    'pglite-0.5.16-bbbbbbbbbbbb.tar.gz',
    'pglite-0.5.16-cccccccccccc.tar.gz.1234.partial',
  ]);
  expect((await readdir(dir)).sort()).toEqual([
    'notes.txt',
    'pglite-0.5.16-current00000.tar.gz',
    'pglite-0.5.16-dddddddddddd.tar.gz',
  ]);
});

it('does nothing when the folder does not exist yet', async () => {
  expect(await pruneTemplates(join(tmpdir(), 'cs-no-such-folder-7f3a'), 'x')).toEqual([]);
});
