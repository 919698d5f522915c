import { readFile } from 'node:fs/promises';
import { discoveryQueries, discoveryTerms, NameFlagger } from '../../shared/discovery';
import { Matcher } from '../../shared/match';
import { searchEngines } from '../../shared/sites';
import { DEFAULT_MIRROR_THRESHOLD, RdapClient } from '../blocking';
import { loadCatalogueFile } from '../catalogue';
import {
  acceptCandidate,
  CandidateResolver,
  CtLogClient,
  decideCandidate,
  importBlocklist,
  referSite,
  runDiscovery,
  TriageStateError,
} from '../discovery';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { sweepAcceptedSites } from '../runner/discovered-sweeps';
import { PoliteFetcher } from '../stages/polite-fetcher';
import type { CandidateStatus, Store } from '../store';
import { CliError, configFrom, parseNumber, withStore, type GlobalOptions } from './context';
import type { Config } from '../config';

export interface DiscoverRunOptions extends GlobalOptions {
  catalogue?: string;
  ct?: boolean;
  lookalikes?: boolean;
  search?: string;
  maxCtEntries?: string;
  rdap?: boolean;
}

/** The fetch stage for discovery: candidates' names resolved by the discovery DNS server, for pages as for DNS. */
function discoveryFetch(config: Config) {
  const resolver = new CandidateResolver({ servers: config.discoveryDnsServers });
  const outbound = new OutboundPolicy({
    allow: config.outboundAllow,
    ...(config.discoveryDnsServers.length > 0 ? { resolve: resolver.lookup } : {}),
  });
  const fetcher = new PoliteFetcher({
    userAgent: config.userAgent,
    timeoutMs: config.timeoutMs,
    hostConcurrency: config.hostConcurrency,
    hostDelayMs: config.hostDelayMs,
    retries: config.retries,
    retryBaseDelayMs: config.retryBaseDelayMs,
    outbound,
  });
  return { resolver, outbound, fetcher };
}

async function catalogueItems(store: Store, file: string | undefined) {
  if (file) {
    const catalogue = await loadCatalogueFile(file);
    await store.catalogue.upsert(catalogue);
  }
  const items = await store.catalogue.items();
  if (items.length === 0) throw new CliError('no catalogue: give --catalogue FILE (or import one first)');
  return items;
}

/** `discover run`: the sources, then every new candidate checked; prints the summary line. */
export async function discoverRunCommand(o: DiscoverRunOptions): Promise<void> {
  const config = configFrom(o);
  const engines = (o.search ?? '')
    .split(',')
    .filter(Boolean)
    .map((spec) => {
      const [id, origin] = spec.split('=');
      const engine = searchEngines.find((e) => e.id === id);
      if (!engine)
        throw new CliError(`--search: no engine "${id}" (known: ${searchEngines.map((e) => e.id).join(', ')})`);
      return { engine, ...(origin ? { origin } : {}) };
    });
  const maxCtEntries = o.maxCtEntries
    ? parseNumber('--max-ct-entries', o.maxCtEntries, { min: 1, int: true })
    : undefined;
  await withStore(config, async (store) => {
    const items = await catalogueItems(store, o.catalogue);
    const terms = discoveryTerms(items);
    const { resolver, outbound, fetcher } = discoveryFetch(config);
    try {
      const ctLogs =
        o.ct === false
          ? []
          : config.discoveryCtLogs.map(
              (url) =>
                new CtLogClient({
                  url,
                  outbound,
                  userAgent: config.userAgent,
                  minIntervalMs: config.discoveryCtIntervalMs,
                }),
            );
      const summary = await runDiscovery(
        {
          store,
          terms,
          flagger: new NameFlagger(terms),
          fetcher,
          resolver,
          siteUrls: config.discoverySiteUrls,
          mirrorThreshold: DEFAULT_MIRROR_THRESHOLD,
          ...(o.rdap
            ? {
                rdap: new RdapClient({
                  bootstrapBaseUrl: config.rdapBootstrapUrl,
                  timeoutMs: config.rdapTimeoutMs,
                  outbound,
                }),
              }
            : {}),
        },
        {
          ctLogs,
          lookalikes: o.lookalikes !== false,
          engines,
          queries: discoveryQueries(items),
          concurrency: config.concurrency,
          maxCtEntries,
        },
      );
      for (const r of summary.ct)
        console.log(`discover: ct log=${r.log} entries=${r.from}..${r.to} names=${r.names} unreadable=${r.unreadable}`);
      if (summary.lookalikes)
        console.log(
          `discover: lookalikes generated=${summary.lookalikes.generated} resolved=${summary.lookalikes.resolved}`,
        );
      if (summary.search)
        console.log(
          `discover: search queries=${summary.search.queries} results=${summary.search.results} ` +
            `failed=${summary.search.failed}`,
        );
      const counts = await store.discovery.counts();
      console.log(
        `discovery: candidates=${counts.candidates} checked=${summary.checked} ` +
          `infringing_found=${counts.infringing} new_infringing=${summary.found}`,
      );
    } finally {
      await fetcher.close();
      await outbound.dispatcher.close();
    }
  });
}

/** `discover list`: the triage queue, best evidence first. */
export async function discoverListCommand(o: GlobalOptions & { status?: string; limit?: string; format?: string }) {
  const config = configFrom(o);
  const status = (o.status ?? 'new') as CandidateStatus | 'all';
  if (!['new', 'accepted', 'rejected', 'official', 'all'].includes(status))
    throw new CliError(`--status: new|accepted|rejected|official|all, not "${o.status}"`);
  const limit = o.limit ? parseNumber('--limit', o.limit, { min: 1, int: true }) : 50;
  await withStore(config, async (store) => {
    const rows = await store.discovery.list({ status, limit });
    if (o.format === 'json') return console.log(JSON.stringify(rows, null, 2));
    for (const c of rows) {
      const named = (c.named ?? []).map((n) => n.term).join(', ');
      const via = [...new Set(c.sources.map((s) => s.source))].join('+');
      console.log(
        `${String(c.id).padStart(5)}  ${c.score.toFixed(2)}  ${c.infringing ? 'INFRINGING' : '          '}  ` +
          `${(c.kind ?? 'unchecked').padEnd(11)} ${c.unicode}  via ${via}${named ? `  names: ${named}` : ''}`,
      );
    }
    console.log(`discover: ${rows.length} candidates (${status})`);
  });
}

async function candidateId(store: Store, ref: string): Promise<number> {
  const c = /^\d+$/.test(ref)
    ? await store.discovery.byId(Number(ref))
    : await store.discovery.byDomain(ref.toLowerCase());
  if (!c) throw new CliError(`no discovery candidate "${ref}"`);
  return c.id;
}

/** `discover accept|reject|official <id|domain>`. */
export async function discoverDecideCommand(
  decision: 'accept' | 'reject' | 'official',
  ref: string,
  o: GlobalOptions & { reason?: string },
): Promise<void> {
  const config = configFrom(o);
  await withStore(config, async (store) => {
    const id = await candidateId(store, ref);
    const actor = 'cli';
    try {
      if (decision === 'accept') {
        const r = await acceptCandidate(store, { id, actor, reason: o.reason ?? null });
        console.log(
          `discover: accepted ${r.candidate.domain} as pirate site ${r.pirateSiteId}; mirrors: ` +
            `${r.mirrors.join(', ') || 'none'}; ` +
            (r.sweepQueued
              ? `sweep queued with ${r.adapter} (counterscan discover sweep)`
              : 'no template reader: sweep it with counterscan scan --site URL once an adapter reads it') +
            `; blocking request: POST /v1/pirate-sites/${r.pirateSiteId}/blocking-requests`,
        );
      } else {
        const c = await decideCandidate(store, {
          id,
          status: decision === 'reject' ? 'rejected' : 'official',
          actor,
          reason: o.reason ?? null,
        });
        console.log(`discover: ${c.domain} ${c.status}`);
      }
    } catch (e) {
      if (e instanceof TriageStateError) throw new CliError(e.message);
      throw e;
    }
  });
}

/** `discover import <file>`: a domain list as candidates. */
export async function discoverImportCommand(file: string, o: GlobalOptions & { list?: string }): Promise<void> {
  const config = configFrom(o);
  const text = await readFile(file, 'utf8');
  await withStore(config, async (store) => {
    const flagger = new NameFlagger(discoveryTerms(await store.catalogue.items()));
    const r = await importBlocklist(store.discovery, flagger, text, { list: o.list ?? file, by: 'cli' }).catch((e) => {
      throw new CliError((e as Error).message);
    });
    console.log(
      `discover: imported ${r.entries} domains, ${r.added} new candidates; official, skipped: ` +
        `${r.official.join(', ') || 'none'}`,
    );
  });
}

/** `discover refer <url>`: a whole site as a candidate. */
export async function discoverReferCommand(url: string, o: GlobalOptions & { note?: string }): Promise<void> {
  const config = configFrom(o);
  await withStore(config, async (store) => {
    const flagger = new NameFlagger(discoveryTerms(await store.catalogue.items()));
    const r = await referSite(store.discovery, flagger, url, { by: 'cli', note: o.note ?? null }).catch(
      () => undefined,
    );
    if (!r) throw new CliError(`${url} is no site's address, or is an official domain`);
    console.log(
      `discover: ${r.candidate.domain} ${r.created ? 'added' : 'already a candidate'} (id ${r.candidate.id})`,
    );
  });
}

/** `discover sweep`: sweeps the accepted sites whose sweep is queued. */
export async function discoverSweepCommand(o: GlobalOptions & { maxListings?: string }): Promise<void> {
  const config = configFrom(o);
  await withStore(config, async (store) => {
    const items = await catalogueItems(store, undefined);
    const { outbound, fetcher } = discoveryFetch(config);
    try {
      const done = await sweepAcceptedSites({
        store,
        fetcher,
        items,
        matcher: new Matcher(items, { threshold: config.threshold }),
        concurrency: config.concurrency,
        maxSearchPages: config.maxSearchPages,
        maxListings: o.maxListings ? parseNumber('--max-listings', o.maxListings, { min: 1, int: true }) : undefined,
      });
      for (const d of done)
        console.log(
          `discover: swept ${d.domain}: ` +
            `${
              d.error
                ? `failed ` + `(${d.error})`
                : `listings=${d.stats!.fetched} hits=${d.stats!.hits} sweep=${d.sweepId}`
            }`,
        );
      console.log(`discover: ${done.length} queued sweeps run`);
    } finally {
      await fetcher.close();
      await outbound.dispatcher.close();
    }
  });
}
