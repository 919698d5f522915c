/**
 * bench:match-cli — the `match` CLI on 100,000 synthetic listings against
 * 10,000 items in one process: wall time and peak RSS (targets: under 2
 * minutes and 1 GB on 2 cores).
 *
 *   npm run bench:match-cli   (BENCH_ITEMS, BENCH_LISTINGS to change the sizes)
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { syntheticCatalogue, syntheticListings } from './synthetic-catalogue';

const ROOT = resolve(import.meta.dirname, '../..');
const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);

const work = mkdtempSync(join(tmpdir(), 'bench-match-cli-'));
try {
  const items = syntheticCatalogue(ITEMS);
  writeFileSync(join(work, 'catalogue.json'), JSON.stringify({ items }));
  const out = createWriteStream(join(work, 'listings.jsonl'));
  // A third of them unrelated to the catalogue, as on a real marketplace.
  for (const l of syntheticListings(items, LISTINGS, 11, 0.33)) {
    const { source: _source, ...listing } = l;
    if (!out.write(`${JSON.stringify(listing)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  // Build the compiled CLI first, so its one-off build is not timed.
  await run(['bin/counterscan.mjs', '--help'], false);
  const t = performance.now();
  const stderr = await run(
    [
      'bin/counterscan.mjs',
      'match',
      '--catalogue',
      join(work, 'catalogue.json'),
      '--listings',
      join(work, 'listings.jsonl'),
      '--out',
      join(work, 'out.jsonl'),
    ],
    true,
  );
  const seconds = (performance.now() - t) / 1000;
  const rssKb = Number(/MAXRSS=(\d+)/.exec(stderr)?.[1] ?? NaN);
  const lines = readFileSync(join(work, 'out.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  console.log(
    `bench:match-cli: items=${ITEMS} listings=${LISTINGS} lines_out=${lines} wall_s=${seconds.toFixed(1)} ` +
      `peak_rss_mb=${(rssKb / 1024).toFixed(0)} ` +
      `listings_per_s=${(LISTINGS / seconds).toFixed(0)}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

function run(args: string[], timed: boolean): Promise<string> {
  return new Promise((ok, fail) => {
    const [cmd, all] = timed
      ? ['/usr/bin/time', ['-f', 'MAXRSS=%M', process.execPath, ...args]]
      : [process.execPath, args];
    const child = spawn(cmd, all as string[], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok(err) : fail(new Error(`${args.join(' ')}: exit ${code}\n${err}`))));
  });
}
