/**
 * `counterscan discover` in child processes, as an operator runs it, over a
 * small simulated internet: a run from the settings (CT log, DNS server,
 * site URLs, a search engine), the queue, an acceptance with its mirrors, the
 * queued sweep with its hits, a rejection, and a bad list refused by line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, runCommand } from './helpers/command';
import { startSimulation, type Simulation } from './helpers/discovery-sim/simulate';

describe('counterscan discover', () => {
  let sim: Simulation;
  let tmp: string;
  const run = async (args: string[]) => {
    const r = await runCommand(
      args,
      childEnv({
        COUNTERSCAN_DATA_DIR: join(tmp, 'data'),
        COUNTERSCAN_DISCOVERY_CT_LOGS: sim.log.url,
        COUNTERSCAN_DISCOVERY_CT_INTERVAL_MS: '0',
        COUNTERSCAN_DISCOVERY_DNS: sim.dns.server,
        COUNTERSCAN_DISCOVERY_SITE_URLS: sim.siteUrls.join(','),
        COUNTERSCAN_OUTBOUND_ALLOW: '127.0.0.0/8',
        COUNTERSCAN_HOST_DELAY_MS: '0',
        COUNTERSCAN_RETRIES: '0',
      }),
    );
    return { code: r.code, out: r.stdout, err: r.stderr };
  };

  beforeAll(async () => {
    sim = await startSimulation({ unrelatedCerts: 300 });
    tmp = await mkdtemp(join(tmpdir(), 'cs-discover-'));
  });
  afterAll(async () => {
    await sim?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('runs, lists, accepts with mirrors, sweeps the accepted site, rejects, and refuses a bad list', async () => {
    const search = `duckduckgo=http://${sim.world.searchHost}:${sim.world.port}`;
    const r = await run([
      'discover',
      'run',
      '--catalogue',
      'demo/catalogue.json',
      '--no-lookalikes',
      '--search',
      search,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/discover: ct log=\S+ entries=0\.\.\d+ names=\d+/);
    const found = /discovery: candidates=(\d+) checked=\d+ infringing_found=(\d+)/.exec(r.out);
    expect(Number(found?.[2])).toBeGreaterThan(10);

    const list = await run(['discover', 'list', '--format', 'json', '--limit', '500']);
    expect(list.code, list.err).toBe(0);
    const queue = JSON.parse(list.out) as { domain: string; kind: string; infringing: boolean }[];
    const [primary = '', ...mirrors] = sim.world.networks[0]!;
    expect(queue.find((c) => c.domain === primary)).toMatchObject({ kind: 'streaming', infringing: true });

    const accepted = await run(['discover', 'accept', primary, '--reason', 'streams our films']);
    expect(accepted.code, accepted.err).toBe(0);
    expect(accepted.out).toContain('sweep queued with pirate-streaming');
    for (const m of mirrors) expect(accepted.out).toContain(m);

    const swept = await run(['discover', 'sweep', '--max-listings', '20']);
    expect(swept.code, swept.err).toBe(0);
    const line = new RegExp(`swept ${primary.replace(/\./g, '\\.')}: listings=(\\d+) hits=(\\d+)`).exec(swept.out);
    expect(Number(line?.[2])).toBeGreaterThan(0);

    const parked = queue.find((c) => c.kind === 'parked')!;
    const rejected = await run(['discover', 'reject', parked.domain, '--reason', 'parked']);
    expect(rejected.out).toContain(`${parked.domain} rejected`);
    const again = await run(['discover', 'reject', parked.domain]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already decided: rejected/);

    await writeFile(join(tmp, 'bad.txt'), 'fine.example.com\nnot a domain at all\n');
    const bad = await run(['discover', 'import', join(tmp, 'bad.txt')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 2/);
  }, 400_000); // seven commands, each starting tsx and the embedded store
});
