import type { Db } from './db';
import type { Scope } from './inbox-repo';

/** Where a notice's evidence package is, and the key that opens its link without a token. */
export interface NoticeEvidence {
  noticeId: number;
  holderId: string;
  packageSha256: string | null;
  key: string | null;
}

export function createNoticeEvidenceRepository(db: Db) {
  return {
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
