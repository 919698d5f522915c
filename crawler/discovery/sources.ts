/**
 * Where candidates come from besides CT logs: look-alike names that resolve,
 * links to unknown hosts in search results, imported domain lists and a
 * reviewer's "this whole site". Each becomes a candidate with its source,
 * so the queue says how it was found.
 */
import {
  cleanDomain,
  domainLookalikes,
  SHOP_WORDS,
  siteDomain,
  termLookalikes,
  toUnicode,
  WATCH_WORDS,
  type DiscoveryQuery,
  type DiscoveryTerms,
  type Lookalike,
  type NameFlagger,
} from '../../shared/discovery';
import {
  adapters,
  adapterServes,
  readSearchResults,
  searchEngineUrl,
  type SearchEngineAdapter,
} from '../../shared/sites';
import { cheerioDocument } from '../fetch/cheerio-document';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import type { Candidate, CandidateSource, DiscoveryRepository } from '../store';
import type { CandidateResolver } from './dns';

type Repo = Pick<DiscoveryRepository, 'noteFound'>;

/**
 * Adds `name` (any host name under the site) as a candidate with its source; undefined for official or invalid names.
 */
export async function noteCandidate(
  repo: Repo,
  flagger: NameFlagger,
  name: string,
  source: CandidateSource,
  o: { requireFlag?: boolean } = {},
): Promise<{ candidate: Candidate; created: boolean } | undefined> {
  const host = cleanDomain(name);
  if (!host || flagger.officialOf(host)) return undefined;
  const domain = siteDomain(host);
  const flag = flagger.flag(host) ?? flagger.flag(domain);
  if (o.requireFlag && !flag) return undefined;
  return repo.noteFound({
    domain,
    unicode: toUnicode(domain),
    source: host === domain ? source : { ...source, name: host },
    nameReasons: flag?.reasons ?? [],
    holderIds: flag?.holderIds ?? [],
  });
}

/** Runs `fn` over `items`, `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  const worker = async () => {
    while (i < items.length) await fn(items[i++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Every look-alike name of the official domains and the protected terms, each once. */
export function lookalikeNames(terms: DiscoveryTerms): Lookalike[] {
  const official = new Set(terms.official.map((o) => o.domain));
  const out = new Map<string, Lookalike>();
  for (const o of terms.official)
    for (const l of domainLookalikes(o.domain)) if (!out.has(l.domain)) out.set(l.domain, l);
  for (const t of terms.terms) {
    if (t.kind === 'official') continue;
    for (const l of termLookalikes(t.slug, t.kind === 'work' ? WATCH_WORDS : SHOP_WORDS, official))
      if (!out.has(l.domain)) out.set(l.domain, l);
  }
  return [...out.values()];
}

/** Resolves each look-alike; those with an address become candidates. */
export async function lookalikeCandidates(
  repo: Repo,
  flagger: NameFlagger,
  resolver: CandidateResolver,
  names: readonly Lookalike[],
  concurrency: number,
): Promise<{ generated: number; resolved: number }> {
  let resolved = 0;
  await pool(names, concurrency, async (l) => {
    const found = await resolver.addresses(l.domain).catch(() => []);
    if (found.length === 0) return;
    resolved++;
    await noteCandidate(repo, flagger, l.domain, { source: 'lookalike', detail: `${l.family} of ${l.base}` });
  });
  return { generated: names.length, resolved };
}

/** Hosts that are never candidates: the known sites' own (marketplaces, video sites) and the engine's. */
function knownHost(host: string, engine: SearchEngineAdapter, engineOrigin: string): boolean {
  if (host === new URL(engineOrigin).hostname || engine.hosts.includes(host)) return true;
  return adapters.some((a) => a.hosts.length > 0 && adapterServes(a, host));
}

/** Queries each engine; links to unknown hosts become candidates (the query and result title as the source). */
export async function searchCandidates(
  repo: Repo,
  flagger: NameFlagger,
  fetcher: PoliteFetcher,
  engines: readonly { engine: SearchEngineAdapter; origin?: string }[],
  queries: readonly DiscoveryQuery[],
): Promise<{ queries: number; results: number; failed: number }> {
  let results = 0;
  let failed = 0;
  for (const { engine, origin = engine.defaultOrigin } of engines) {
    for (const q of queries) {
      let page;
      try {
        page = await fetcher.get(searchEngineUrl(engine, q.query, origin));
      } catch {
        failed++;
        continue;
      }
      for (const r of readSearchResults(engine, cheerioDocument(page.body, page.url))) {
        const host = new URL(r.url).hostname;
        if (knownHost(host, engine, origin)) continue;
        results++;
        await noteCandidate(repo, flagger, host, {
          source: 'search',
          detail: `${engine.id}: "${q.query}"${r.title ? ` → ${r.title.slice(0, 120)}` : ''}`,
        });
      }
    }
  }
  return { queries: queries.length * engines.length, results, failed };
}

export interface BlocklistEntry {
  domain: string;
  reason: string | null;
}

/** A domain list that could not be read, with each bad line named. */
export class BlocklistFormatError extends Error {}

/**
 * One domain a line, or CSV `domain,reason` (a header line naming `domain`
 * is skipped; `#` starts a comment). URLs are taken for their host. Every
 * line that is no domain is reported, with its number.
 */
export function parseBlocklist(text: string): BlocklistEntry[] {
  const out: BlocklistEntry[] = [];
  const bad: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const [first, ...rest] = line.split(/[,;\t]/);
    let name = first!.trim().replace(/^"|"$/g, '');
    if (i === 0 && /^domain$/i.test(name)) return;
    if (/^https?:\/\//i.test(name)) {
      try {
        name = new URL(name).hostname;
      } catch {
        /* reported below */
      }
    }
    const domain = cleanDomain(name);
    if (!domain) bad.push(`line ${i + 1}: "${first}" is not a domain name`);
    else {
      const reason = rest.join(',').trim().replace(/^"|"$/g, '');
      out.push({ domain, reason: reason || null });
    }
  });
  if (bad.length > 0) throw new BlocklistFormatError(bad.slice(0, 20).join('; '));
  return out;
}

/** Imports a domain list as candidates (source `blocklist`, the list's name and each line's reason). */
export async function importBlocklist(
  repo: Repo,
  flagger: NameFlagger,
  text: string,
  o: { list: string; by: string },
): Promise<{ entries: number; added: number; official: string[] }> {
  const entries = parseBlocklist(text);
  let added = 0;
  const official: string[] = [];
  for (const e of entries) {
    const detail = e.reason ? `${o.list}: ${e.reason}` : o.list;
    const r = await noteCandidate(repo, flagger, e.domain, { source: 'blocklist', detail, by: o.by });
    if (!r) official.push(e.domain);
    else if (r.created) added++;
  }
  return { entries: entries.length, added, official };
}

/** A reviewer's "this whole site": the host of `urlOrDomain` becomes a candidate (source `referral`). */
export async function referSite(
  repo: Repo,
  flagger: NameFlagger,
  urlOrDomain: string,
  o: { by: string; note: string | null },
): Promise<{ candidate: Candidate; created: boolean } | undefined> {
  let host = urlOrDomain.trim();
  if (/^https?:\/\//i.test(host)) host = new URL(host).hostname;
  return noteCandidate(repo, flagger, host, { source: 'referral', detail: o.note ?? 'whole site referred', by: o.by });
}
