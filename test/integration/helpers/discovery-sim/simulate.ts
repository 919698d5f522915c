/**
 * Discovery end to end over the simulated internet: the CT log, the DNS
 * server and the sites on loopback, a blocklist and a referral imported,
 * then one discovery run; precision and recall of the infringing sites it
 * found against the world's truth.
 */
import { discoveryQueries, discoveryTerms, NameFlagger } from '../../../../shared/discovery';
import { searchEngines } from '../../../../shared/sites';
import {
  CandidateResolver,
  CtLogClient,
  importBlocklist,
  referSite,
  runDiscovery,
  type DiscoveryRunSummary,
} from '../../../../crawler/discovery';
import { DEFAULT_MIRROR_THRESHOLD } from '../../../../crawler/blocking';
import { OutboundPolicy } from '../../../../crawler/fetch/outbound-policy';
import { PoliteFetcher } from '../../../../crawler/stages/polite-fetcher';
import type { Store } from '../../../../crawler/store';
import { startCtLog, type CtLogServer } from './ct-log';
import { startDnsServer, type DnsServer } from './dns-server';
import { buildWorld, type World } from './world';

export interface Simulation {
  world: World;
  log: CtLogServer;
  dns: DnsServer;
  resolver: CandidateResolver;
  outbound: OutboundPolicy;
  fetcher: PoliteFetcher;
  flagger: NameFlagger;
  siteUrls: string[];
  close(): Promise<void>;
}

export async function startSimulation(o: { unrelatedCerts?: number } = {}): Promise<Simulation> {
  const world = await buildWorld(o);
  const log = await startCtLog(world.ctEntries);
  const dns = await startDnsServer(world.dnsRecords);
  const resolver = new CandidateResolver({ servers: [dns.server], timeoutMs: 1000, tries: 1 });
  const outbound = new OutboundPolicy({ allow: ['127.0.0.0/8'], resolve: resolver.lookup });
  const fetcher = new PoliteFetcher({
    userAgent: 'counterscan-test/1 (discovery)',
    timeoutMs: 5000,
    hostConcurrency: 2,
    hostDelayMs: 0,
    retries: 0,
    retryBaseDelayMs: 10,
    outbound,
  });
  const flagger = new NameFlagger(discoveryTerms(world.catalogue.items));
  return {
    world,
    log,
    dns,
    resolver,
    outbound,
    fetcher,
    flagger,
    siteUrls: [`http://{domain}:${world.port}/`],
    async close() {
      await fetcher.close();
      await outbound.dispatcher.close();
      await Promise.all([world.close(), log.close(), dns.close()]);
    },
  };
}

export interface DiscoveryFigures {
  candidates: number;
  infringingFound: number;
  precision: number;
  recall: number;
  falsePositives: string[];
  missed: string[];
  summary: DiscoveryRunSummary;
}

export async function discoverOnce(sim: Simulation, store: Pick<Store, 'discovery'>): Promise<DiscoveryFigures> {
  const terms = discoveryTerms(sim.world.catalogue.items);
  await importBlocklist(store.discovery, sim.flagger, sim.world.blocklist, { list: 'partner-list.csv', by: 'test' });
  await referSite(store.discovery, sim.flagger, `http://${sim.world.referral}/product/x`, {
    by: 'reviewer (test)',
    note: 'whole site sells replicas',
  });
  const ct = new CtLogClient({
    url: sim.log.url,
    outbound: sim.outbound,
    userAgent: 'counterscan-test/1 (discovery)',
    minIntervalMs: 0,
    baseDelayMs: 10,
  });
  const duckduckgo = searchEngines.find((e) => e.id === 'duckduckgo')!;
  const summary = await runDiscovery(
    {
      store,
      terms,
      flagger: sim.flagger,
      fetcher: sim.fetcher,
      resolver: sim.resolver,
      siteUrls: sim.siteUrls,
      mirrorThreshold: DEFAULT_MIRROR_THRESHOLD,
    },
    {
      ctLogs: [ct],
      ctBatchSize: 256,
      lookalikes: true,
      engines: [{ engine: duckduckgo, origin: `http://${sim.world.searchHost}:${sim.world.port}` }],
      queries: discoveryQueries(sim.world.catalogue.items),
      concurrency: 32,
    },
  );
  const all = await store.discovery.list({ status: 'all', limit: 100_000 });
  const found = all.filter((c) => c.infringing).map((c) => c.domain);
  const truth = sim.world.truth;
  const hits = found.filter((d) => truth.has(d));
  return {
    candidates: all.length,
    infringingFound: found.length,
    precision: found.length === 0 ? 0 : hits.length / found.length,
    recall: truth.size === 0 ? 1 : hits.length / truth.size,
    falsePositives: found
      .filter((d) => !truth.has(d))
      .map((d) => `${d} (${sim.world.kinds.get(d) ?? 'not in the world'})`),
    missed: [...truth]
      .filter((d) => !found.includes(d))
      .map((d) => {
        const c = all.find((x) => x.domain === d);
        return `${d}: ${c ? `${c.kind} ${c.signals?.map((s) => s.signal).join(',')}` : 'never a candidate'}`;
      }),
    summary,
  };
}

export const figureLine = (f: DiscoveryFigures) =>
  `discovery: candidates=${f.candidates} infringing_found=${f.infringingFound} precision=${f.precision.toFixed(3)} ` +
  `recall=${f.recall.toFixed(3)}`;
