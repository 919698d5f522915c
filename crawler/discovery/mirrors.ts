/**
 * Linking candidates that are mirrors of each other, after a run's checks:
 * each infringing site checked in this run is compared with every infringing
 * candidate (by page template, title and hosting, as blocking does) and a
 * link is kept on both sides, so accepting either brings the other along.
 * Done after the checks, not during them, so the order pages were fetched in
 * does not decide which mirrors are seen.
 */
import { similarity, type SiteFingerprint } from '../blocking/mirrors';
import type { CandidateCheck, DiscoveryRepository } from '../store';
import { MIRROR_WEIGHT } from './check';

export async function linkMirrors(
  repo: Pick<DiscoveryRepository, 'fingerprints' | 'saveMirrors'>,
  checkedIds: ReadonlySet<number>,
  threshold: number,
): Promise<number> {
  const all = await repo.fingerprints();
  const links = new Map<number, CandidateCheck['mirrorOf']>(all.map((c) => [c.id, [...(c.mirrorOf ?? [])]]));
  const changed = new Set<number>();
  let found = 0;
  for (const a of all.filter((c) => checkedIds.has(c.id))) {
    for (const b of all) {
      if (b.id === a.id || (checkedIds.has(b.id) && b.id < a.id)) continue; // each pair once
      const sim = similarity(a.fingerprint as SiteFingerprint, b.fingerprint as SiteFingerprint);
      if (sim.score < threshold) continue;
      const reasons = sim.reasons.filter((r) => r.agreed).map((r) => ({ signal: r.signal, detail: r.detail }));
      const score = Math.round(sim.score * 1000) / 1000;
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const list = links.get(x.id)!;
        if (list.some((m) => m.domain === y.domain)) continue;
        list.push({ domain: y.domain, score, reasons });
        changed.add(x.id);
      }
      found++;
    }
  }
  for (const id of changed) await repo.saveMirrors(id, links.get(id)!, MIRROR_WEIGHT);
  return found;
}
