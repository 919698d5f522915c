/**
 * bench:cli — the CLI as a user runs it (the compiled bin/counterscan.mjs, a fresh data dir on
 * the embedded store): the demo's wall time and peak RSS, then `hits --limit 50` and
 * `token list` warm (the best of three runs each, after the demo's store exists). Peak RSS is
 * GNU time's maximum resident set size: its largest process, the CLI itself, not the launcher
 * that starts it with its V8 flags (bin/relaunch.mjs: ~49 MB RSS, of which ~40 MB are the node
 * binary's pages it shares with the CLI).
 *
 *   npm run bench:cli    → bench:cli: demo_s=… demo_peak_rss_mb=… hits_s=… hits_peak_rss_mb=… token_list_s=…
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed: apt-get install -y time`);
const root = join(import.meta.dirname, '../..');
const dataDir = await mkdtemp(join(tmpdir(), 'cs-bench-cli-'));

/** Wall seconds and peak RSS (MB) of one CLI run. */
function run(args: string[]): { seconds: number; rssMb: number } {
  const r = spawnSync(
    TIME,
    ['-f', 'BENCH %e %M', process.execPath, join(root, 'bin/counterscan.mjs'), '--data-dir', dataDir, ...args],
    {
      cwd: dataDir,
      env: { ...process.env, COUNTERSCAN_REPORT_DIR: join(dataDir, 'reports') },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const m = /BENCH ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`counterscan ${args.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
  return { seconds: Number(m[1]), rssMb: Math.round(Number(m[2]) / 1024) };
}

const best = (args: string[]) => [run(args), run(args), run(args)].reduce((a, b) => (b.seconds < a.seconds ? b : a));

try {
  const demo = run(['demo']);
  const hits = best(['hits', '--limit', '50']);
  const tokens = best(['token', 'list']);
  console.log(
    `bench:cli: demo_s=${demo.seconds} demo_peak_rss_mb=${demo.rssMb} hits_s=${hits.seconds} ` +
      `hits_peak_rss_mb=${hits.rssMb} token_list_s=${tokens.seconds} token_list_peak_rss_mb=${tokens.rssMb}`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
