import { randomBytes } from 'node:crypto';
import { appendAudit } from './audit-repo';
import type { Db } from './db';
import type { Scope } from './inbox-repo';
import { isoUtc } from './sql';

export interface Watch {
  id: number;
  holderId: string;
  itemId: string | null;
  minScore: number;
  webhookUrl: string | null;
  email: string | null;
  intervalSeconds: number;
  lastHitId: number;
  lastRunAt: string | null;
}

export interface AlertHit {
  id: number;
  score: number;
  listingUrl: string;
  title: string;
  site: string;
  itemId: string;
  itemTitle: string;
  sellerName: string | null;
  price: number | null;
  currency: string | null;
  reasons: string[];
}

const COLUMNS =
  `id::int AS id, holder_id AS "holderId", item_id AS "itemId", min_score::numeric::float8 AS ` +
  `"minScore", webhook_url AS "webhookUrl",
  email, interval_seconds AS "intervalSeconds", last_hit_id::int AS "lastHitId",
  ${isoUtc('last_run_at', 'us')} AS "lastRunAt"`;

export function createWatchRepository(db: Db) {
  const get = async (id: number, scope: Scope) =>
    (
      await db.query<Watch>(`SELECT ${COLUMNS} FROM watches WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2)`, [
        id,
        scope.holderId,
      ])
    ).rows[0] ?? null;
  return {
    get,
    async list(scope: Scope): Promise<Watch[]> {
      return (
        await db.query<Watch>(`SELECT ${COLUMNS} FROM watches WHERE ($1::text IS NULL OR holder_id = $1) ORDER BY id`, [
          scope.holderId,
        ])
      ).rows;
    },
    /**
     * A new watch starts at the newest hit so far: it announces what appears
     * from now on, not the backlog. Returns the webhook secret once.
     */
    async create(o: {
      holderId: string;
      itemId?: string;
      minScore: number;
      webhookUrl?: string;
      email?: string;
      intervalSeconds: number;
      actor: string;
    }): Promise<{ watch: Watch; webhookSecret: string | null }> {
      const secret = o.webhookUrl ? randomBytes(24).toString('base64url') : null;
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `INSERT INTO watches (holder_id, item_id, min_score, webhook_url, webhook_secret, email, interval_seconds,
            last_hit_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(max(id), 0) FROM hits), $8) RETURNING id::int AS id`,
          [
            o.holderId,
            o.itemId ?? null,
            o.minScore,
            o.webhookUrl ?? null,
            secret,
            o.email ?? null,
            o.intervalSeconds,
            o.actor,
          ],
        );
        await appendAudit(tx, {
          actor: o.actor,
          action: 'watch.create',
          target: `watch:${rows[0]!.id}`,
          after: {
            holderId: o.holderId,
            itemId: o.itemId ?? null,
            minScore: o.minScore,
            webhookUrl: o.webhookUrl ?? null,
            email: o.email ?? null,
            intervalSeconds: o.intervalSeconds,
          },
        });
        const watch = (await tx.query<Watch>(`SELECT ${COLUMNS} FROM watches WHERE id = $1`, [rows[0]!.id])).rows[0]!;
        return { watch, webhookSecret: secret };
      });
    },
    async remove(id: number, actor: string, scope: Scope): Promise<boolean> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query(
          'SELECT 1 FROM watches WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2)',
          [id, scope.holderId],
        );
        if (!rows.length) return false;
        await tx.query('DELETE FROM alert_deliveries WHERE watch_id = $1', [id]);
        await tx.query('DELETE FROM watches WHERE id = $1', [id]);
        await appendAudit(tx, { actor, action: 'watch.delete', target: `watch:${id}` });
        return true;
      });
    },

    /**
     * Claims the watches whose interval has passed at `now` (their run time
     * becomes `now`), so two API processes never both send one batch.
     */
    async claimDue(now: Date): Promise<(Watch & { webhookSecret: string | null })[]> {
      const { rows } = await db.query<Watch & { webhookSecret: string | null }>(
        `UPDATE watches SET last_run_at = $1 WHERE id IN (
           SELECT id FROM watches WHERE last_run_at IS NULL
           OR last_run_at + make_interval(secs => interval_seconds) <= $1 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}, webhook_secret AS "webhookSecret"`,
        [now.toISOString()],
      );
      return rows.sort((a, b) => a.id - b.id);
    },

    /** Hits new to the watch (id above its cursor) at or above its score, for its holder and item. */
    async newHits(w: Watch, limit = 500): Promise<AlertHit[]> {
      const { rows } = await db.query<AlertHit & { signals: { name: string; weight: number; evidence: string }[] }>(
        `SELECT h.id::int AS id, h.score::numeric::float8 AS score, h.listing_url AS "listingUrl", l.title, l.site,
          h.item_id AS "itemId",
                i.title AS "itemTitle", l.seller_name AS "sellerName", l.price::float8 AS price, l.currency, h.signals
           FROM hits h JOIN items i ON i.id = h.item_id JOIN hit_listings l ON l.hit_id = h.id
          WHERE h.id > $1 AND i.holder_id = $2 AND ($3::text IS NULL OR h.item_id = $3) AND h.score >= $4::real
          ORDER BY h.id LIMIT $5`,
        [w.lastHitId, w.holderId, w.itemId, w.minScore, limit],
      );
      return rows.map(({ signals, ...h }) => ({
        ...h,
        reasons: signals.filter((s) => s.weight > 0).map((s) => `${s.name}: ${s.evidence}`),
      }));
    },

    /** After a run: the cursor moves past the hits delivered (or, with nothing new, only the run time moves). */
    async advance(id: number, lastHitId: number | null, now: Date): Promise<void> {
      await db.query(
        `UPDATE watches SET last_run_at = $2, last_hit_id = GREATEST(last_hit_id, COALESCE($3, last_hit_id))
          WHERE id = $1`,
        [id, now.toISOString(), lastHitId],
      );
    },

    async recordDelivery(
      watchId: number,
      channel: 'webhook' | 'email',
      hitIds: number[],
      error: string | null,
    ): Promise<void> {
      await db.query(
        'INSERT INTO alert_deliveries (watch_id, channel, hit_ids, ok, error) VALUES ($1, $2, $3, $4, $5)',
        [watchId, channel, hitIds, error === null, error],
      );
    },

    async deliveries(
      watchId: number,
    ): Promise<{ channel: string; hitIds: number[]; ok: boolean; error: string | null }[]> {
      return (
        await db.query<{ channel: string; hitIds: number[]; ok: boolean; error: string | null }>(
          'SELECT channel, hit_ids::int[] AS "hitIds", ok, error FROM alert_deliveries WHERE watch_id = $1 ORDER BY id',
          [watchId],
        )
      ).rows;
    },
  };
}
export type WatchRepository = ReturnType<typeof createWatchRepository>;
