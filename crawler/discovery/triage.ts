/**
 * A reviewer's decisions on the triage queue. Accepting a candidate makes it
 * a pirate site (or a mirror of the one it copies), links the candidates
 * that look like it as its mirrors, picks the reader its template allows and
 * queues its sweep; a site-blocking request can then be built for the site
 * and every mirror. Rejecting is remembered: the site found again stays
 * rejected. Marking as official takes it off the queue for good.
 */
import type { Candidate, Store } from '../store';

/** The candidate was already decided: a decision is not silently replaced. */
export class TriageStateError extends Error {}

export interface AcceptResult {
  candidate: Candidate;
  pirateSiteId: number;
  mirrors: string[];
  /** The site adapter its sweep reads it with; null when no reader knows its template (sweep by hand). */
  adapter: string | null;
  sweepQueued: boolean;
}

/** Which template adapter reads a site of this kind and template: the WordPress video themes', WooCommerce's. */
function readerFor(c: Candidate): string | null {
  if (c.kind === 'streaming' && c.template === 'wordpress-video-theme') return 'pirate-streaming';
  if (c.kind === 'shop' && c.template === 'woocommerce') return 'woocommerce';
  return null;
}

function undecided(c: Candidate | null, id: number): Candidate {
  if (!c) throw new TriageStateError(`no discovery candidate ${id}`);
  if (c.status !== 'new') throw new TriageStateError(`${c.domain} was already decided: ${c.status}`);
  return c;
}

export async function acceptCandidate(
  store: Pick<Store, 'discovery' | 'blocking'>,
  o: { id: number; actor: string; reason: string | null },
): Promise<AcceptResult> {
  const c = undecided(await store.discovery.byId(o.id), o.id);
  const linked = await store.discovery.mirrorsOf(
    c.domain,
    (c.mirrorOf ?? []).map((m) => m.domain),
  );
  const existing = await store.discovery.pirateSiteOf([c.domain, ...linked.map((m) => m.domain)]);
  let siteId: number;
  if (existing !== null) {
    siteId = existing;
    await store.blocking.addMirror(siteId, c.domain, mirrorReasons(c, linked), o.actor);
  } else {
    siteId = (await store.blocking.create({ name: c.unicode, domain: c.domain, actor: o.actor, holderId: null })).id;
  }
  const adapter = readerFor(c);
  await store.discovery.decide({
    id: c.id,
    status: 'accepted',
    actor: o.actor,
    reason: o.reason,
    pirateSiteId: siteId,
    adapter,
    queueSweep: adapter !== null && c.origin != null,
  });
  const mirrors: string[] = [];
  for (const m of linked) {
    const reasons = mirrorReasons(m, [c]).concat(mirrorReasons(c, [m]));
    await store.blocking.addMirror(siteId, m.domain, reasons, o.actor);
    mirrors.push(m.domain);
    if (m.status === 'new') {
      const reader = readerFor(m);
      await store.discovery.decide({
        id: m.id,
        status: 'accepted',
        actor: o.actor,
        reason: `mirror of ${c.domain}`,
        pirateSiteId: siteId,
        adapter: reader,
        queueSweep: reader !== null && m.origin != null,
      });
    }
  }
  return {
    candidate: (await store.discovery.byId(c.id))!,
    pirateSiteId: siteId,
    mirrors,
    adapter,
    sweepQueued: adapter !== null && c.origin != null,
  };
}

/** The template/title/hosting reasons `c`'s check gave for looking like any of `others`. */
function mirrorReasons(c: Candidate, others: readonly Candidate[]): { signal: string; detail: string }[] {
  const names = new Set(others.map((o) => o.domain));
  return (c.mirrorOf ?? [])
    .filter((m) => names.has(m.domain))
    .flatMap((m) => m.reasons.map((r) => ({ signal: r.signal, detail: `${r.detail} (with ${m.domain})` })));
}

export async function decideCandidate(
  store: Pick<Store, 'discovery'>,
  o: { id: number; status: 'rejected' | 'official'; actor: string; reason: string | null },
): Promise<Candidate> {
  const c = undecided(await store.discovery.byId(o.id), o.id);
  await store.discovery.decide({ id: c.id, status: o.status, actor: o.actor, reason: o.reason });
  return (await store.discovery.byId(c.id))!;
}
