import { appendAudit } from './audit-repo';
import type { Db, Queryable } from './db';
import type { Scope } from './inbox-repo';
import { isoUtc } from './sql';
import { LIVE_CONFIRMED_STATUSES } from '../../shared/model';

type Reason = { signal: string; detail: string };

/** What the store reads of a blocking request's package (crawler/blocking builds the rest and renders it). */
export interface StoredBlockingPackage {
  addressees: { role: string; name: string | null; email: string | null }[];
}

/** A holder's confirmed hit on one of a pirate site's domains, with what a blocking request cites. */
export interface SiteHit {
  hitId: number;
  url: string;
  title: string;
  itemId: string;
  itemTitle: string;
  ipType: string;
  registrations: { number: string; office: string }[];
  views: number | null;
  firstSeen: string;
  lastSeen: string;
  evidence: { sha256: string; capturedAt: string }[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A holder's mirror for a shared site, pending a reviewer's decision (or decided). */
export interface MirrorSuggestion {
  id: number;
  domain: string;
  holderId: string;
  reasons: Reason[];
  status: 'pending' | 'accepted' | 'rejected';
  suggestedAt: string;
  decisionReason: string | null;
}

export interface PirateSite {
  id: number;
  name: string;
  holderId: string | null;
  /** The domains a blocking request covers: recorded by the site's owner, or accepted by a reviewer. */
  domains: { domain: string; role: 'primary' | 'mirror'; reasons: Reason[] }[];
  /** Holders' mirror suggestions for a shared site: all of them for reviewers, a holder's own for a holder. */
  suggestions: MirrorSuggestion[];
}

/** The site with its domains, and the suggestions the holder in parameter `holder` may see (all when it is NULL). */
const siteSelect = (holder: string) => `SELECT s.id::int AS id, s.name, s.holder_id AS "holderId",
  COALESCE((SELECT json_agg(json_build_object('domain', d.domain, 'role', d.role, 'reasons', d.reasons)
  ORDER BY d.role DESC, d.domain)
    FROM pirate_site_domains d WHERE d.site_id = s.id), '[]'::json) AS domains,
  COALESCE((SELECT json_agg(json_build_object('id', x.id, 'domain', x.domain, 'holderId', x.holder_id, 'reasons',
  x.reasons, 'status', x.status,
      'suggestedAt', ${isoUtc('x.suggested_at')}, 'decisionReason', x.decision_reason) ORDER BY x.id)
    FROM pirate_site_suggestions x WHERE x.site_id = s.id AND (${holder}::text IS NULL OR x.holder_id = ${holder})),
    '[]'::json) AS suggestions
  FROM pirate_sites s`;
/** Holders see the sites they recorded and those reviewers share; reviewers and admins see all. */
const VISIBLE = '($2::text IS NULL OR s.holder_id IS NULL OR s.holder_id = $2)';

async function suggestion(q: Queryable, siteId: number, id: number): Promise<MirrorSuggestion | null> {
  const { rows } = await q.query<MirrorSuggestion>(
    `SELECT id::int AS id, domain, holder_id AS "holderId", reasons, status,
      ${isoUtc('suggested_at')} AS "suggestedAt", decision_reason AS "decisionReason"
       FROM pirate_site_suggestions WHERE id = $1 AND site_id = $2`,
    [id, siteId],
  );
  return rows[0] ?? null;
}

export function createBlockingRepository(db: Db) {
  const get = async (id: number, scope: Scope) =>
    (await db.query<PirateSite>(`${siteSelect('$2')} WHERE s.id = $1 AND ${VISIBLE}`, [id, scope.holderId])).rows[0] ??
    null;
  return {
    get,
    async list(scope: Scope): Promise<PirateSite[]> {
      return (
        await db.query<PirateSite>(
          `${siteSelect('$1')} WHERE ($1::text IS NULL OR s.holder_id IS NULL OR s.holder_id = $1) ORDER BY s.id`,
          [scope.holderId],
        )
      ).rows;
    },
    async create(o: { name: string; domain: string; actor: string; holderId: string | null }): Promise<PirateSite> {
      const id = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          'INSERT INTO pirate_sites (name, holder_id, created_by) VALUES ($1, $2, $3) RETURNING id::int AS id',
          [o.name, o.holderId, o.actor],
        );
        await tx.query(
          `INSERT INTO pirate_site_domains (site_id, domain, role, added_by) VALUES ($1, $2, 'primary', $3)`,
          [rows[0]!.id, o.domain, o.actor],
        );
        await appendAudit(tx, {
          actor: o.actor,
          action: 'pirate_site.create',
          target: `pirate_site:${rows[0]!.id}`,
          after: { name: o.name, domain: o.domain },
        });
        return rows[0]!.id;
      });
      return (await get(id, { holderId: null }))!;
    },
    /**
     * Links a mirror (a new domain serving the same site), so one request
     * covers it. For a shared site only a reviewer or admin may: holders
     * call `suggestMirror`. Holders' pending suggestions of the domain are
     * settled as accepted.
     */
    async addMirror(siteId: number, domain: string, reasons: Reason[], actor: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO pirate_site_domains (site_id, domain, role, reasons, added_by) VALUES ($1, $2, 'mirror', $3, $4)
           ON CONFLICT (site_id, domain) DO UPDATE SET reasons = excluded.reasons`,
          [siteId, domain, JSON.stringify(reasons), actor],
        );
        await tx.query(
          `UPDATE pirate_site_suggestions SET status = 'accepted', decided_by = $3, decided_at = now(),
            decision_reason = 'linked by a reviewer'
            WHERE site_id = $1 AND domain = $2 AND status = 'pending'`,
          [siteId, domain, actor],
        );
        await appendAudit(tx, {
          actor,
          action: 'pirate_site.mirror',
          target: `pirate_site:${siteId}`,
          after: { domain, reasons },
        });
      });
    },

    /**
     * A holder's mirror for a shared site: recorded as that holder's
     * suggestion, pending review (a rejected one suggested again is pending
     * again). It changes nothing in the site's domains or anyone's requests.
     */
    async suggestMirror(o: {
      siteId: number;
      domain: string;
      reasons: Reason[];
      holderId: string;
      actor: string;
    }): Promise<MirrorSuggestion> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `INSERT INTO pirate_site_suggestions (site_id, domain, holder_id, reasons, suggested_by) VALUES ($1, $2, $3,
            $4, $5)
           ON CONFLICT (site_id, domain, holder_id) DO UPDATE SET reasons = excluded.reasons,
           suggested_by = excluded.suggested_by,
             suggested_at = now(), status = CASE WHEN pirate_site_suggestions.status = 'accepted' THEN 'accepted'
             ELSE 'pending' END,
             decided_by = CASE WHEN pirate_site_suggestions.status = 'accepted' THEN pirate_site_suggestions.decided_by
             END,
             decided_at = CASE WHEN pirate_site_suggestions.status = 'accepted' THEN pirate_site_suggestions.decided_at
             END,
             decision_reason = CASE WHEN pirate_site_suggestions.status = 'accepted' THEN
             pirate_site_suggestions.decision_reason END
           RETURNING id::int AS id`,
          [o.siteId, o.domain, o.holderId, JSON.stringify(o.reasons), o.actor],
        );
        const id = rows[0]!.id;
        await appendAudit(tx, {
          actor: o.actor,
          action: 'pirate_site.mirror_suggest',
          target: `pirate_site:${o.siteId}`,
          after: { suggestion: id, domain: o.domain, reasons: o.reasons },
        });
        return (await suggestion(tx, o.siteId, id))!;
      });
    },

    /**
     * A reviewer's decision on a pending suggestion (null when there is no
     * such pending suggestion on the site). Accepted, the domain joins the
     * site — the holder's reasons kept as the holder's, with the reviewer's.
     */
    async decideSuggestion(o: {
      siteId: number;
      suggestionId: number;
      accept: boolean;
      reason: string;
      actor: string;
    }): Promise<MirrorSuggestion | null> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ domain: string; holderId: string; reasons: Reason[] }>(
          `SELECT domain, holder_id AS "holderId", reasons FROM pirate_site_suggestions WHERE id = $1 AND site_id = $2
            AND status = 'pending' FOR UPDATE`,
          [o.suggestionId, o.siteId],
        );
        const s = rows[0];
        if (!s) return null;
        if (o.accept) {
          const reasons = [
            ...s.reasons,
            { signal: 'reviewer', detail: `accepted ${s.holderId}'s suggestion: ${o.reason}` },
          ];
          await tx.query(
            `INSERT INTO pirate_site_domains (site_id, domain, role, reasons, added_by) VALUES ($1, $2, 'mirror', $3,
              $4) ON CONFLICT (site_id, domain) DO NOTHING`,
            [o.siteId, s.domain, JSON.stringify(reasons), o.actor],
          );
        }
        await tx.query(
          `UPDATE pirate_site_suggestions SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4
            WHERE id = $1`,
          [o.suggestionId, o.accept ? 'accepted' : 'rejected', o.actor, o.reason],
        );
        await appendAudit(tx, {
          actor: o.actor,
          action: o.accept ? 'pirate_site.mirror_accept' : 'pirate_site.mirror_reject',
          target: `pirate_site:${o.siteId}`,
          after: { suggestion: o.suggestionId, domain: s.domain, holderId: s.holderId },
          reason: o.reason,
        });
        return suggestion(tx, o.siteId, o.suggestionId);
      });
    },
    /**
     * The confirmed hits (confirmed, noticed, relisted, or rejected by a platform) on any of
     * `domains` or their subdomains — one holder's when `holderId` is given — with their
     * evidence: what a blocking request for the site cites.
     */
    async hitsOn(domains: readonly string[], holderId: string | null): Promise<SiteHit[]> {
      const patterns = domains.map((d) => `^https?://([^/]*\\.)?${escapeRe(d)}(:[0-9]+)?(/|$)`);
      const { rows } = await db.query<SiteHit>(
        `SELECT h.id::int AS "hitId", h.listing_url AS url, l.title, h.item_id AS "itemId", i.title AS "itemTitle",
          i.ip_type AS "ipType",
                COALESCE(i.data->'registrations', '[]'::jsonb) AS registrations, (l.data->>'views')::int AS views,
                ${isoUtc('h.first_seen_at')} AS "firstSeen",
                ${isoUtc('h.last_seen_at')} AS "lastSeen",
                COALESCE((SELECT json_agg(json_build_object('sha256', e.sha256, 'capturedAt',
                ${isoUtc('e.captured_at')}) ORDER BY e.sha256)
                   FROM evidence e WHERE e.sha256 IN (SELECT sha256 FROM hit_evidence WHERE hit_id = h.id)
                   OR e.sha256 = h.evidence_sha256), '[]'::json) AS evidence
           FROM hits h JOIN hit_listings l ON l.hit_id = h.id JOIN items i ON i.id = h.item_id
          WHERE l.url ~* ANY($1::text[]) AND h.status IN (${LIVE_CONFIRMED_STATUSES.map((s) => `'${s}'`).join(', ')})
            AND ($2::text IS NULL OR i.holder_id = $2)
          ORDER BY i.id, h.listing_url`,
        [patterns, holderId],
      );
      return rows;
    },
    async saveRequest(o: {
      siteId: number;
      holderId: string | null;
      pkg: StoredBlockingPackage;
      text: string;
      html: string;
      actor: string;
    }): Promise<number> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          'INSERT INTO blocking_requests (site_id, holder_id, package, body_text, body_html, created_by) ' +
            'VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::int AS id',
          [o.siteId, o.holderId, JSON.stringify(o.pkg), o.text, o.html, o.actor],
        );
        await appendAudit(tx, {
          actor: o.actor,
          action: 'blocking_request.create',
          target: `blocking_request:${rows[0]!.id}`,
          after: { siteId: o.siteId, addressees: o.pkg.addressees.map((a) => `${a.role}:${a.email ?? a.name}`) },
        });
        return rows[0]!.id;
      });
    },
    /** A stored request; its package as crawler/blocking built it. */
    async request(
      id: number,
      scope: Scope,
    ): Promise<{ id: number; siteId: number; package: unknown; text: string; html: string; createdAt: string } | null> {
      const { rows } = await db.query<{
        id: number;
        siteId: number;
        package: unknown;
        text: string;
        html: string;
        createdAt: string;
      }>(
        `SELECT id::int AS id, site_id::int AS "siteId", package, body_text AS text, body_html AS html,
                ${isoUtc('created_at')} AS "createdAt"
           FROM blocking_requests WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2)`,
        [id, scope.holderId],
      );
      return rows[0] ?? null;
    },
  };
}
export type BlockingRepository = ReturnType<typeof createBlockingRepository>;
