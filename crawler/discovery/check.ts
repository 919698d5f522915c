/**
 * Checking one candidate: resolve its name, fetch its home page politely
 * (robots.txt, per-host caps, the outbound policy), classify the page,
 * fingerprint its template for mirrors, look up who hosts and registered it
 * (RDAP, when a client is given), and score the evidence for the queue.
 */
import type { NameFlagger } from '../../shared/discovery';
import { fingerprint, hostsFromContacts } from '../blocking/mirrors';
import type { RdapClient } from '../blocking/rdap';
import { loadBounded } from '../fetch/cheerio-document';
import type { PoliteFetcher } from '../stages/polite-fetcher';
import type { Candidate, CandidateCheck } from '../store';
import { classifyPage, INFRINGING_KINDS, type Signal } from './classify';
import type { CandidateResolver } from './dns';

export interface CheckDeps {
  fetcher: PoliteFetcher;
  resolver: CandidateResolver;
  flagger: NameFlagger;
  rdap?: RdapClient;
  /** Where a candidate's home page is tried, in order; `{domain}` is replaced. */
  siteUrls: readonly string[];
}

/** What being a mirror of another infringing site adds to the evidence score. */
export const MIRROR_WEIGHT = 0.15;
const NAME_WEIGHT: Record<string, number> = { homoglyph: 0.25, term: 0.2, typo: 0.15 };

/** In [0, 1]: how strongly the evidence says the site infringes, for ranking the queue. */
function evidenceScore(c: Candidate, check: Omit<CandidateCheck, 'score' | 'infringing'>): number {
  let s = Math.max(0, ...c.nameReasons.map((r) => NAME_WEIGHT[r.kind] ?? 0));
  if (INFRINGING_KINDS.includes(check.kind)) s += 0.3;
  if (check.named.length > 0) s += 0.2;
  if (check.signals.some((x) => x.signal === 'piracy-words' || x.signal === 'counterfeit-words')) s += 0.1;
  if (check.mirrorOf.length > 0) s += MIRROR_WEIGHT;
  const kinds = new Set(c.sources.map((x) => x.source));
  if (kinds.has('referral') || kinds.has('blocklist')) s += 0.1;
  s += Math.min(0.1, 0.05 * (kinds.size - 1));
  return Math.round(Math.min(1, s) * 1000) / 1000;
}

async function fetchHome(deps: CheckDeps, domain: string) {
  let last: unknown;
  for (const template of deps.siteUrls) {
    const url = template.replace('{domain}', domain);
    try {
      const page = await deps.fetcher.get(url);
      if (page.status < 400) return { page, problem: null };
      last = new Error(`HTTP ${page.status}`);
    } catch (e) {
      last = e;
    }
  }
  return { page: null, problem: (last as Error | undefined)?.message ?? 'not fetched' };
}

export async function checkCandidate(deps: CheckDeps, c: Candidate): Promise<CandidateCheck> {
  const base = { template: null, fingerprint: null, hosting: null, mirrorOf: [], named: [] };
  let addresses: string[];
  try {
    addresses = await deps.resolver.addresses(c.domain);
  } catch (e) {
    return unreachable(c, null, `DNS: ${(e as Error).message}`);
  }
  if (addresses.length === 0) return unreachable(c, [], 'no address in DNS');
  const { page, problem } = await fetchHome(deps, c.domain);
  if (!page) return unreachable(c, addresses, problem ?? 'not fetched');

  const $ = loadBounded(page.body, page.url);
  const cls = classifyPage($, deps.flagger);
  const signals: Signal[] = [...cls.signals];
  let hosting: CandidateCheck['hosting'] = null;
  let hosts: ReturnType<typeof hostsFromContacts> = addresses.map((ip) => ({ ip }));
  if (deps.rdap) {
    try {
      const contacts = await deps.rdap.siteAbuseContacts(c.domain);
      hosts = hostsFromContacts(contacts);
      hosting = {
        registrar: contacts.registrar?.name ?? null,
        networks: contacts.hosts.map((h) => ({ ip: h.ip, network: h.network.name ?? h.network.handle })),
        problems: contacts.problems.map((p) => p.message),
      };
    } catch (e) {
      hosting = { registrar: null, networks: [], problems: [(e as Error).message] };
    }
  }
  const print = fingerprint({ domain: c.domain, html: page.body, hosts });
  const named = cls.named.map((t) => ({ term: t.text, kind: t.kind, holderIds: t.holderIds }));
  const partial = {
    addresses,
    origin: new URL(page.url).origin,
    kind: cls.kind,
    named,
    signals,
    template: cls.template,
    fingerprint: print,
    hosting,
    mirrorOf: [],
  };
  const infringing = INFRINGING_KINDS.includes(cls.kind) && named.length > 0;
  return { ...base, ...partial, infringing, score: evidenceScore(c, partial) };
}

function unreachable(c: Candidate, addresses: string[] | null, why: string): CandidateCheck {
  const check = {
    addresses,
    origin: null,
    kind: 'unreachable' as const,
    named: [],
    signals: [{ signal: 'unreachable', detail: why, weight: 0 }],
    template: null,
    fingerprint: null,
    hosting: null,
    mirrorOf: [],
  };
  return { ...check, infringing: false, score: evidenceScore(c, check) };
}
