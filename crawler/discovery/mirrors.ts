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

/**
 * Sites on one WordPress theme share most of their page structure and their
 * stock tagline ("Watch Movies Online Free"): what more than a fifth of the
 * infringing sites have (and at least four) says nothing about which network
 * a site belongs to, so it is left out before sites are compared.
 */
function withoutBoilerplate(prints: SiteFingerprint[]): SiteFingerprint[] {
  const limit = Math.max(3, Math.floor(prints.length / 5));
  const common = (pick: (f: SiteFingerprint) => string[]) => {
    const df = new Map<string, number>();
    for (const f of prints) for (const x of new Set(pick(f))) df.set(x, (df.get(x) ?? 0) + 1);
    return new Set([...df].filter(([, n]) => n > limit).map(([x]) => x));
  };
  const shingles = common((f) => f.template);
  const words = common((f) => f.titleTokens);
  return prints.map((f) => ({
    ...f,
    template: f.template.filter((x) => !shingles.has(x)),
    titleTokens: f.titleTokens.filter((x) => !words.has(x)),
  }));
}

export async function linkMirrors(
  repo: Pick<DiscoveryRepository, 'fingerprints' | 'saveMirrors'>,
  checkedIds: ReadonlySet<number>,
  threshold: number,
): Promise<number> {
  const stored = await repo.fingerprints();
  const prints = withoutBoilerplate(stored.map((c) => c.fingerprint as SiteFingerprint));
  const all = stored.map((c, i) => ({ ...c, fingerprint: prints[i]! }));
  const links = new Map<number, CandidateCheck['mirrorOf']>(all.map((c) => [c.id, [...(c.mirrorOf ?? [])]]));
  const changed = new Set<number>();
  let found = 0;
  for (const a of all.filter((c) => checkedIds.has(c.id))) {
    for (const b of all) {
      if (b.id === a.id || (checkedIds.has(b.id) && b.id < a.id)) continue; // each pair once
      const sim = similarity(a.fingerprint, b.fingerprint);
      // A mirror copies the site wholesale: its own page structure must agree. Shared hosting (a CDN, a
      // bulletproof host) or a stock title alone links unrelated sites.
      const template = sim.reasons.find((r) => r.signal === 'template');
      if (sim.score < threshold || !template?.agreed) continue;
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
