import type { FlagReason, Listing, Signal } from '../../shared/model';
import { appendAudit } from './audit-repo';
import type { Db } from './db';
import { createListingRepository } from './listing-repo';

export interface FlagInput {
  flagId: string;
  tokenId: string;
  actor: string;
  listing: Listing;
  itemId: string;
  score: number;
  signals: Signal[];
  reason: FlagReason;
  note?: string;
  evidence: string[];
  at: string;
}

class FlagReplayed extends Error {}

export function createFlagRepository(db: Db) {
  return {
    /** The hit an earlier flag with this id (from this token) made, if any. */
    async replayed(tokenId: string, flagId: string): Promise<number | null> {
      const { rows } = await db.query<{ hitId: number }>(
        'SELECT hit_id::int AS "hitId" FROM flags WHERE token_id = $1 AND flag_id = $2',
        [tokenId, flagId],
      );
      return rows[0]?.hitId ?? null;
    },

    /**
     * Keeps the flag's listing data as a version of the hit's holder (the
     * crawler's row and other holders' hits are left as they are), creates or
     * updates the hit for the chosen item (keeping a reviewer's status),
     * attaches the evidence and audits it, all in one transaction. A flag id
     * seen before changes nothing.
     */
    async record(f: FlagInput): Promise<{ hitId: number; created: boolean; replayed: boolean }> {
      try {
        return await db.transaction(async (tx) => {
          // The flag's listing data is the flagger's: a version for the hit's holder, never the shared row.
          const { rows: owner } = await tx.query<{ holderId: string }>(
            'SELECT holder_id AS "holderId" FROM items WHERE id = $1',
            [f.itemId],
          );
          await createListingRepository(tx).recordFlagVersion(f.listing, {
            holderId: owner[0]!.holderId,
            actor: f.actor,
          });
          const l = f.listing;
          const listing = {
            title: l.title,
            price: l.price ?? null,
            currency: l.currency ?? null,
            sellerId: l.seller?.id ?? null,
            sellerName: l.seller?.name ?? null,
          };
          const flag = { by: f.actor, reason: f.reason, note: f.note ?? null, at: f.at, listing };
          const { rows } = await tx.query<{ id: number; created: boolean }>(
            `INSERT INTO hits (listing_url, item_id, score, signals, flag) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (listing_url, item_id) DO UPDATE SET score = excluded.score, signals = excluded.signals,
               flag = excluded.flag, last_seen_at = now(), updated_at = now()
             RETURNING id::int AS id, (xmax = 0) AS created`,
            [f.listing.url, f.itemId, f.score, JSON.stringify(f.signals), JSON.stringify(flag)],
          );
          const { id: hitId, created } = rows[0]!;
          const { rows: fresh } = await tx.query(
            'INSERT INTO flags (token_id, flag_id, hit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING hit_id',
            [f.tokenId, f.flagId, hitId],
          );
          if (!fresh.length) throw new FlagReplayed();
          for (const sha of f.evidence)
            await tx.query('INSERT INTO hit_evidence (hit_id, sha256) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
              hitId,
              sha,
            ]);
          await appendAudit(tx, {
            actor: f.actor,
            action: 'hit.flag',
            target: `hit:${hitId}`,
            after: {
              itemId: f.itemId,
              reason: f.reason,
              note: f.note ?? null,
              evidence: f.evidence,
              flagId: f.flagId,
              listing,
            },
            reason: f.note ?? null,
          });
          return { hitId, created, replayed: false };
        });
      } catch (e) {
        // A concurrent copy of the same flag won the race: answer as a replay.
        if (e instanceof FlagReplayed)
          return { hitId: (await this.replayed(f.tokenId, f.flagId))!, created: false, replayed: true };
        throw e;
      }
    },
  };
}
export type FlagRepository = ReturnType<typeof createFlagRepository>;
