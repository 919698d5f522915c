import { appendAudit } from '../../store/audit-repo';
import type { Db } from '../../store/db';
import type { Scope } from '../../store/inbox-repo';
import type { BlockingPackage } from './request-package';
import { isoUtc } from '../../store/sql';

export interface PirateSite {
  id: number;
  name: string;
  holderId: string | null;
  domains: { domain: string; role: 'primary' | 'mirror'; reasons: { signal: string; detail: string }[] }[];
}

const SITE = `SELECT s.id::int AS id, s.name, s.holder_id AS "holderId",
  COALESCE((SELECT json_agg(json_build_object('domain', d.domain, 'role', d.role, 'reasons', d.reasons) ORDER BY d.role DESC, d.domain)
    FROM pirate_site_domains d WHERE d.site_id = s.id), '[]'::json) AS domains FROM pirate_sites s`;
/** Holders see the sites they recorded and those reviewers share; reviewers and admins see all. */
const VISIBLE = '($2::text IS NULL OR s.holder_id IS NULL OR s.holder_id = $2)';

export function createBlockingRepository(db: Db) {
  const get = async (id: number, scope: Scope) =>
    (await db.query<PirateSite>(`${SITE} WHERE s.id = $1 AND ${VISIBLE}`, [id, scope.holderId])).rows[0] ?? null;
  return {
    get,
    async list(scope: Scope): Promise<PirateSite[]> {
      return (await db.query<PirateSite>(`${SITE} WHERE ($1::text IS NULL OR s.holder_id IS NULL OR s.holder_id = $1) ORDER BY s.id`, [scope.holderId])).rows;
    },
    async create(o: { name: string; domain: string; actor: string; holderId: string | null }): Promise<PirateSite> {
      const id = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>('INSERT INTO pirate_sites (name, holder_id, created_by) VALUES ($1, $2, $3) RETURNING id::int AS id', [o.name, o.holderId, o.actor]);
        await tx.query(`INSERT INTO pirate_site_domains (site_id, domain, role, added_by) VALUES ($1, $2, 'primary', $3)`, [rows[0]!.id, o.domain, o.actor]);
        await appendAudit(tx, { actor: o.actor, action: 'pirate_site.create', target: `pirate_site:${rows[0]!.id}`, after: { name: o.name, domain: o.domain } });
        return rows[0]!.id;
      });
      return (await get(id, { holderId: null }))!;
    },
    /** Links a mirror (a new domain serving the same site), so one request covers it. */
    async addMirror(siteId: number, domain: string, reasons: { signal: string; detail: string }[], actor: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO pirate_site_domains (site_id, domain, role, reasons, added_by) VALUES ($1, $2, 'mirror', $3, $4)
           ON CONFLICT (site_id, domain) DO UPDATE SET reasons = excluded.reasons`,
          [siteId, domain, JSON.stringify(reasons), actor],
        );
        await appendAudit(tx, { actor, action: 'pirate_site.mirror', target: `pirate_site:${siteId}`, after: { domain, reasons } });
      });
    },
    async saveRequest(o: { siteId: number; holderId: string | null; pkg: BlockingPackage; text: string; html: string; actor: string }): Promise<number> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          'INSERT INTO blocking_requests (site_id, holder_id, package, body_text, body_html, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::int AS id',
          [o.siteId, o.holderId, JSON.stringify(o.pkg), o.text, o.html, o.actor],
        );
        await appendAudit(tx, { actor: o.actor, action: 'blocking_request.create', target: `blocking_request:${rows[0]!.id}`, after: { siteId: o.siteId, addressees: o.pkg.addressees.map((a) => `${a.role}:${a.email ?? a.name}`) } });
        return rows[0]!.id;
      });
    },
    async request(id: number, scope: Scope): Promise<{ id: number; siteId: number; package: BlockingPackage; text: string; html: string; createdAt: string } | null> {
      const { rows } = await db.query<{ id: number; siteId: number; package: BlockingPackage; text: string; html: string; createdAt: string }>(
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
