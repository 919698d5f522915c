import type { Signal } from '../../shared/model';
import type { Db } from './db';
import type { Scope } from './inbox-repo';
import { isoUtc } from './sql';

/** Where a notice's evidence package is, and the key that opens its link without a token. */
export interface NoticeEvidence {
  noticeId: number;
  holderId: string;
  packageSha256: string | null;
  key: string | null;
}

/** A listing a notice cites, with every evidence file its hit carries. */
export interface NoticeListingEvidence {
  hitId: number;
  url: string;
  title: string | null;
  site: string | null;
  itemId: string;
  itemTitle: string;
  score: number;
  /** The page the crawler kept for the hit (its HTML), when it kept one. */
  evidenceSha256: string | null;
  /** The hit's signals as scored (an `image_match` names the matched photo pair). */
  signals: Signal[];
  files: { sha256: string; kind: string; contentType: string; size: number; capturedAt: string }[];
}

export function createNoticeEvidenceRepository(db: Db) {
  return {
    /** What the notice cites, in the notice's URL order. */
    async listings(noticeId: number): Promise<NoticeListingEvidence[]> {
      const { rows } = await db.query<NoticeListingEvidence>(
        `SELECT h.id::int AS "hitId", u.url, l.title, l.site, h.item_id AS "itemId", i.title AS "itemTitle",
                h.score::numeric::float8 AS score, h.evidence_sha256 AS "evidenceSha256",
                h.signals,
                COALESCE((SELECT json_agg(json_build_object('sha256', e.sha256, 'kind', e.kind,
                    'contentType', e.content_type, 'size', e.size, 'capturedAt', ${isoUtc('e.captured_at', 'ms')})
                    ORDER BY e.captured_at, e.sha256)
                   FROM evidence e
                  WHERE e.sha256 IN (SELECT sha256 FROM hit_evidence WHERE hit_id = h.id)
                  OR e.sha256 = h.evidence_sha256),
                  '[]'::json) AS files
           FROM notice_urls u JOIN hits h ON h.id = u.hit_id JOIN items i ON i.id = h.item_id
           LEFT JOIN hit_listings l ON l.hit_id = h.id
          WHERE u.notice_id = $1 ORDER BY u.url`,
        [noticeId],
      );
      return rows;
    },

    async get(noticeId: number, scope: Scope): Promise<NoticeEvidence | null> {
      const { rows } = await db.query<NoticeEvidence>(
        `SELECT id::int AS "noticeId", holder_id AS "holderId", evidence_package_sha256 AS "packageSha256",
                evidence_key AS key
           FROM notices WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2)`,
        [noticeId, scope.holderId],
      );
      return rows[0] ?? null;
    },

    /** The first package built is the notice's for good: a later build (a race) gets the kept one back. */
    async setPackage(noticeId: number, sha256: string): Promise<string> {
      const { rows } = await db.query<{ sha256: string }>(
        `UPDATE notices SET evidence_package_sha256 = COALESCE(evidence_package_sha256, $2) WHERE id = $1
         RETURNING evidence_package_sha256 AS sha256`,
        [noticeId, sha256],
      );
      return rows[0]?.sha256 ?? sha256;
    },

    /** The package's key, and the notice's text and HTML with the link to it (set once, at creation). */
    async setLink(noticeId: number, o: { key: string; text: string; html: string }): Promise<void> {
      await db.query('UPDATE notices SET evidence_key = $2, body_text = $3, body_html = $4 WHERE id = $1', [
        noticeId,
        o.key,
        o.text,
        o.html,
      ]);
    },
  };
}
export type NoticeEvidenceRepository = ReturnType<typeof createNoticeEvidenceRepository>;
