/**
 * One discovery run: read the CT logs on from where they were left, try the
 * look-alike names, query the search engines, then check every new
 * candidate (resolve, fetch politely, classify, fingerprint, score). Each
 * source can be left out; imported lists and referrals are already
 * candidates and are checked here with the rest.
 */
import type { DiscoveryQuery, NameFlagger, DiscoveryTerms } from '../../shared/discovery';
import type { SearchEngineAdapter } from '../../shared/sites';
import type { Store } from '../store';
import { checkCandidate, type CheckDeps } from './check';
import { linkMirrors } from './mirrors';
import type { CtLogClient } from './ct/client';
import { followLog, type FollowResult } from './ct/follow';
import { lookalikeCandidates, lookalikeNames, noteCandidate, searchCandidates } from './sources';

export interface DiscoveryRunOptions {
  ctLogs: readonly CtLogClient[];
  ctBatchSize?: number;
  /** Entries read per log in this run at most. */
  maxCtEntries?: number;
  lookalikes: boolean;
  engines: readonly { engine: SearchEngineAdapter; origin?: string }[];
  queries: readonly DiscoveryQuery[];
  /** DNS look-ups and page checks in flight. */
  concurrency: number;
}

export interface DiscoveryRunSummary {
  ct: FollowResult[];
  lookalikes: { generated: number; resolved: number } | null;
  search: { queries: number; results: number; failed: number } | null;
  checked: number;
  found: number;
  /** Mirror pairs linked in this run. */
  mirrors: number;
}

export type RunDeps = CheckDeps & {
  /** How alike two sites must be to be linked as mirrors. */
  mirrorThreshold: number;
  store: Pick<Store, 'discovery'>;
  terms: DiscoveryTerms;
  flagger: NameFlagger;
};

export async function runDiscovery(deps: RunDeps, o: DiscoveryRunOptions): Promise<DiscoveryRunSummary> {
  const repo = deps.store.discovery;
  const ct: FollowResult[] = [];
  for (const log of o.ctLogs) {
    ct.push(
      await followLog(
        log,
        repo,
        async (names) => {
          for (const n of names) {
            await noteCandidate(
              repo,
              deps.flagger,
              n.name,
              { source: 'ct', detail: `${log.url} #${n.index}` },
              { requireFlag: true },
            );
          }
        },
        { batchSize: o.ctBatchSize, maxEntries: o.maxCtEntries },
      ),
    );
  }
  const lookalikes = o.lookalikes
    ? await lookalikeCandidates(repo, deps.flagger, deps.resolver, lookalikeNames(deps.terms), o.concurrency)
    : null;
  const search =
    o.engines.length > 0 ? await searchCandidates(repo, deps.flagger, deps.fetcher, o.engines, o.queries) : null;

  let checked = 0;
  const checkedIds = new Set<number>();
  let found = 0;
  for (;;) {
    const batch = await repo.unchecked(200);
    if (batch.length === 0) break;
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const c = batch[next++]!;
        const result = await checkCandidate(deps, c);
        checkedIds.add(c.id);
        await repo.saveCheck(c.id, result);
        checked++;
        if (result.infringing) found++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, batch.length) }, worker));
  }
  const mirrors = await linkMirrors(repo, checkedIds, deps.mirrorThreshold);
  return { ct, lookalikes, search, checked, found, mirrors };
}
