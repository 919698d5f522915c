import { appendAudit } from './audit-repo';
import type { Db } from './db';
import { isoUtc } from './sql';

export type CandidateStatus = 'new' | 'accepted' | 'rejected' | 'official';
export type CandidateSourceKind = 'ct' | 'lookalike' | 'search' | 'blocklist' | 'referral';
export type SiteKind = 'shop' | 'streaming' | 'torrent' | 'parked' | 'unrelated' | 'unreachable';

/** Where a candidate was found: the log, the permutation family, the query, the list, the reviewer. */
export interface CandidateSource {
  source: CandidateSourceKind;
  detail: string;
  /** The exact name seen (a subdomain, a URL's host), when it differs from the candidate's domain. */
  name?: string;
  by?: string;
}

export interface CandidateCheck {
  addresses: string[] | null;
  origin: string | null;
  kind: SiteKind;
  named: { term: string; kind: string; holderIds: string[] }[];
  signals: { signal: string; detail: string; weight: number }[];
  template: string | null;
  fingerprint: unknown;
  hosting: unknown;
  mirrorOf: { domain: string; score: number; reasons: { signal: string; detail: string }[] }[];
  score: number;
  infringing: boolean;
}

export interface Candidate extends Partial<CandidateCheck> {
  id: number;
  domain: string;
  unicode: string;
  status: CandidateStatus;
  sources: CandidateSource[];
  nameReasons: { kind: string; term: string; termKind: string; detail: string }[];
  holderIds: string[];
  score: number;
  infringing: boolean;
  pirateSiteId: number | null;
  adapter: string | null;
  sweepStatus: 'queued' | 'done' | 'failed' | null;
  sweepId: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  firstSeen: string;
  checkedAt: string | null;
}

const SELECT = `SELECT id::int AS id, domain, unicode, status, sources, name_reasons AS "nameReasons",
  holder_ids AS "holderIds", addresses, origin, kind, named, signals, template, fingerprint, hosting,
  mirror_of AS "mirrorOf", score, infringing, pirate_site_id::int AS "pirateSiteId", adapter,
  sweep_status AS "sweepStatus", sweep_id AS "sweepId", decided_by AS "decidedBy",
  decision_reason AS "decisionReason", ${isoUtc('first_seen')} AS "firstSeen",
  ${isoUtc('checked_at')} AS "checkedAt"
  FROM discovery_candidates`;

export function createDiscoveryRepository(db: Db) {
  const byId = async (id: number): Promise<Candidate | null> =>
    (await db.query<Candidate>(`${SELECT} WHERE id = $1`, [id])).rows[0] ?? null;
  const byDomain = async (domain: string): Promise<Candidate | null> =>
    (await db.query<Candidate>(`${SELECT} WHERE domain = $1`, [domain])).rows[0] ?? null;
  return {
    byId,
    byDomain,

    /**
     * Records that `domain` was found (again): a new candidate, or one more
     * source and name reason on the known one. Its status is kept, so a
     * rejected site found again stays rejected (remembered, not re-queued).
     */
    async noteFound(c: {
      domain: string;
      unicode: string;
      source: CandidateSource;
      nameReasons: Candidate['nameReasons'];
      holderIds: string[];
    }): Promise<{ candidate: Candidate; created: boolean }> {
      const { rows } = await db.query<{ id: number; created: boolean }>(
        `INSERT INTO discovery_candidates (domain, unicode, sources, name_reasons, holder_ids)
         VALUES ($1, $2, jsonb_build_array($3::jsonb), $4::jsonb, $5::jsonb)
         ON CONFLICT (domain) DO UPDATE SET
           sources = CASE WHEN discovery_candidates.sources @> jsonb_build_array($3::jsonb)
                          THEN discovery_candidates.sources
                          ELSE discovery_candidates.sources || jsonb_build_array($3::jsonb) END,
           name_reasons = (SELECT COALESCE(jsonb_agg(DISTINCT r), '[]'::jsonb) FROM jsonb_array_elements(
                             discovery_candidates.name_reasons || excluded.name_reasons) r),
           holder_ids = (SELECT COALESCE(jsonb_agg(DISTINCT h), '[]'::jsonb) FROM jsonb_array_elements(
                           discovery_candidates.holder_ids || excluded.holder_ids) h)
         RETURNING id::int AS id, (xmax = 0) AS created`,
        [c.domain, c.unicode, JSON.stringify(c.source), JSON.stringify(c.nameReasons), JSON.stringify(c.holderIds)],
      );
      return { candidate: (await byId(rows[0]!.id))!, created: rows[0]!.created };
    },

    /** Candidates still to resolve, fetch and classify: new ones never checked, oldest first. */
    async unchecked(limit: number): Promise<Candidate[]> {
      return (
        await db.query<Candidate>(`${SELECT} WHERE status = 'new' AND checked_at IS NULL ORDER BY id LIMIT $1`, [limit])
      ).rows;
    },

    async saveCheck(id: number, c: CandidateCheck): Promise<void> {
      await db.query(
        `UPDATE discovery_candidates SET addresses = $2::jsonb, origin = $3, kind = $4, named = $5::jsonb,
           signals = $6::jsonb, template = $7, fingerprint = $8::jsonb, hosting = $9::jsonb, mirror_of = $10::jsonb,
           score = $11, infringing = $12, checked_at = now()
         WHERE id = $1`,
        [
          id,
          JSON.stringify(c.addresses),
          c.origin,
          c.kind,
          JSON.stringify(c.named),
          JSON.stringify(c.signals),
          c.template,
          JSON.stringify(c.fingerprint ?? null),
          JSON.stringify(c.hosting ?? null),
          JSON.stringify(c.mirrorOf),
          c.score,
          c.infringing,
        ],
      );
    },

    /** Infringing candidates with a page fingerprint: what mirrors are looked for among. */
    async fingerprints(): Promise<
      { id: number; domain: string; fingerprint: unknown; mirrorOf: CandidateCheck['mirrorOf'] }[]
    > {
      return (
        await db.query<{ id: number; domain: string; fingerprint: unknown; mirrorOf: CandidateCheck['mirrorOf'] }>(
          `SELECT id::int AS id, domain, fingerprint, mirror_of AS "mirrorOf" FROM discovery_candidates
            WHERE fingerprint IS NOT NULL AND fingerprint <> 'null'::jsonb AND infringing ORDER BY id`,
        )
      ).rows;
    },

    /** The sites a candidate looks like; the first link adds its weight to the evidence score. */
    async saveMirrors(id: number, mirrorOf: CandidateCheck['mirrorOf'], weight: number): Promise<void> {
      await db.query(
        `UPDATE discovery_candidates
            SET score = CASE WHEN mirror_of = '[]'::jsonb AND $2::jsonb <> '[]'::jsonb THEN LEAST(1, score + $3)
            ELSE score END,
                mirror_of = $2::jsonb
          WHERE id = $1`,
        [id, JSON.stringify(mirrorOf), weight],
      );
    },

    /** The triage queue: by default the undecided, infringing first, then by evidence score. */
    async list(o: { status?: CandidateStatus | 'all'; limit: number; offset?: number }): Promise<Candidate[]> {
      const status = o.status ?? 'new';
      return (
        await db.query<Candidate>(
          `${SELECT} WHERE ($1 = 'all' OR status = $1)
            ORDER BY infringing DESC, score DESC, id LIMIT $2 OFFSET $3`,
          [status, o.limit, o.offset ?? 0],
        )
      ).rows;
    },

    /** Counts for the run's summary line. */
    async counts(): Promise<{ candidates: number; infringing: number; checked: number }> {
      const { rows } = await db.query<{ candidates: number; infringing: number; checked: number }>(
        `SELECT count(*)::int AS candidates, count(*) FILTER (WHERE infringing)::int AS infringing,
                count(checked_at)::int AS checked FROM discovery_candidates`,
      );
      return rows[0]!;
    },

    /** A reviewer's decision, audited; `site` when an accepted candidate became (or joined) a pirate site. */
    async decide(o: {
      id: number;
      status: Exclude<CandidateStatus, 'new'>;
      actor: string;
      reason: string | null;
      pirateSiteId?: number | null;
      adapter?: string | null;
      queueSweep?: boolean;
    }): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query(
          `UPDATE discovery_candidates SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4,
             pirate_site_id = $5, adapter = $6, sweep_status = CASE WHEN $7 THEN 'queued' ELSE sweep_status END
           WHERE id = $1`,
          [o.id, o.status, o.actor, o.reason, o.pirateSiteId ?? null, o.adapter ?? null, o.queueSweep ?? false],
        );
        await appendAudit(tx, {
          actor: o.actor,
          action: `discovery.${o.status}`,
          target: `discovery_candidate:${o.id}`,
          after: { status: o.status, reason: o.reason, pirateSiteId: o.pirateSiteId ?? null },
        });
      });
    },

    /**
     * Candidates linked to `domain` as mirrors, either way round: those whose
     * page looked like its page, and those its page looked like (`domains`).
     */
    async mirrorsOf(domain: string, domains: readonly string[]): Promise<Candidate[]> {
      return (
        await db.query<Candidate>(
          `${SELECT} WHERE domain <> $1 AND status <> 'rejected' AND status <> 'official'
             AND (mirror_of @> jsonb_build_array(jsonb_build_object('domain', $1::text)) OR domain = ANY($2::text[]))
           ORDER BY id`,
          [domain, [...domains]],
        )
      ).rows;
    },

    /** The pirate site one of `domains` already belongs to, if any. */
    async pirateSiteOf(domains: readonly string[]): Promise<number | null> {
      const { rows } = await db.query<{ id: number }>(
        'SELECT site_id::int AS id FROM pirate_site_domains WHERE domain = ANY($1::text[]) ORDER BY site_id LIMIT 1',
        [[...domains]],
      );
      return rows[0]?.id ?? null;
    },

    /** Accepted sites whose sweep is queued. */
    async queuedSweeps(): Promise<Candidate[]> {
      return (await db.query<Candidate>(`${SELECT} WHERE sweep_status = 'queued' ORDER BY decided_at, id`)).rows;
    },

    async sweepFinished(id: number, sweepId: string | null, ok: boolean): Promise<void> {
      await db.query(`UPDATE discovery_candidates SET sweep_status = $2, sweep_id = $3 WHERE id = $1`, [
        id,
        ok ? 'done' : 'failed',
        sweepId,
      ]);
    },

    /** The next entry to read from a CT log (0 for a log never read). */
    async ctPosition(logUrl: string): Promise<{ nextIndex: number; treeSize: number | null; entriesRead: number }> {
      const { rows } = await db.query<{ nextIndex: string; treeSize: string | null; entriesRead: string }>(
        `SELECT next_index AS "nextIndex", tree_size AS "treeSize", entries_read AS "entriesRead"
           FROM discovery_ct_logs WHERE log_url = $1`,
        [logUrl],
      );
      const r = rows[0];
      return r
        ? {
            nextIndex: Number(r.nextIndex),
            treeSize: r.treeSize === null ? null : Number(r.treeSize),
            entriesRead: Number(r.entriesRead),
          }
        : { nextIndex: 0, treeSize: null, entriesRead: 0 };
    },

    /** Moves a log's position on after a batch was read and its names recorded. */
    async saveCtPosition(logUrl: string, nextIndex: number, treeSize: number, read: number): Promise<void> {
      await db.query(
        `INSERT INTO discovery_ct_logs (log_url, next_index, tree_size, entries_read) VALUES ($1, $2, $3, $4)
         ON CONFLICT (log_url) DO UPDATE SET next_index = excluded.next_index, tree_size = excluded.tree_size,
           entries_read = discovery_ct_logs.entries_read + excluded.entries_read, updated_at = now()`,
        [logUrl, nextIndex, treeSize, read],
      );
    },
  };
}
export type DiscoveryRepository = ReturnType<typeof createDiscoveryRepository>;
