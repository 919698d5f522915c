import type { Catalogue, CatalogueItem, RightsHolder } from '../../shared/model';
import { CatalogueItemSchema, RightsHolderSchema } from '../../shared/model';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from './db';

/** Items per INSERT statement (PGlite runs one in-process: ~20 ms), and ids per ownership query. */
const ITEM_BATCH = 100;
const OWNER_BATCH = 5_000;

/** Nothing but an id (and the id as its name): a placeholder so an item's holder reference holds. */
function isStub(h: RightsHolder): boolean {
  return h.name === h.id && Object.keys(h).every((k) => k === 'id' || k === 'name');
}

/** What `changeImageUrls` did: the item before and after, the URLs it added and removed, or that it had too many. */
export interface ImageUrlsChangeResult {
  before: CatalogueItem;
  after: CatalogueItem;
  added: string[];
  removed: string[];
  tooMany: boolean;
}

export function createCatalogueRepository(db: Db) {
  return {
    /**
     * Inserts or updates every holder and item in one transaction: all or
     * nothing. Items go in batches, with a turn of the event loop between
     * batches, so a 100,000-item import does not stall the process.
     */
    async upsert(catalogue: Catalogue): Promise<{ holders: number; items: number }> {
      await db.transaction(async (tx) => {
        const records = catalogue.holders.filter((h) => !isStub(h));
        const recorded = new Set(records.map((h) => h.id));
        // Items may name holders the file does not describe; keep a stub so the reference holds.
        // A holder known only by its id (a CSV without holder columns) must never overwrite a real record.
        const stubs = new Map<string, RightsHolder>();
        for (const h of catalogue.holders) if (!recorded.has(h.id)) stubs.set(h.id, h);
        for (const item of catalogue.items)
          if (!recorded.has(item.holder) && !stubs.has(item.holder))
            stubs.set(item.holder, { id: item.holder, name: item.holder });
        for (const h of records) {
          await tx.query(
            `INSERT INTO holders (id, name, data) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data, updated_at = now()`,
            [h.id, h.name, h],
          );
        }
        const stubList = [...stubs.values()];
        for (let i = 0; i < stubList.length; i += ITEM_BATCH) {
          await tx.query(
            `INSERT INTO holders (id, name, data)
             SELECT x.id, x.name, x.data FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, data jsonb)
             ON CONFLICT (id) DO NOTHING`,
            [JSON.stringify(stubList.slice(i, i + ITEM_BATCH).map((h) => ({ id: h.id, name: h.name, data: h })))],
          );
          await nextTurn();
        }
        // One row per id (the last wins, as one statement per item did): a statement may not update a row twice.
        const items = [...new Map(catalogue.items.map((item) => [item.id, item])).values()];
        for (let i = 0; i < items.length; i += ITEM_BATCH) {
          const batch = items
            .slice(i, i + ITEM_BATCH)
            .map((item) => ({ id: item.id, holder: item.holder, ip_type: item.ipType, title: item.title, data: item }));
          await tx.query(
            `INSERT INTO items (id, holder_id, ip_type, title, data)
             SELECT x.id, x.holder, x.ip_type, x.title, x.data
               FROM jsonb_to_recordset($1::jsonb) AS x(id text, holder text, ip_type text, title text, data jsonb)
             ON CONFLICT (id) DO UPDATE SET holder_id = excluded.holder_id, ip_type = excluded.ip_type,
               title = excluded.title, data = excluded.data, updated_at = now()`,
            [JSON.stringify(batch)],
          );
          // PGlite answers in-process: without this the whole import would run as one task.
          await nextTurn();
        }
      });
      return { holders: catalogue.holders.length, items: catalogue.items.length };
    },

    /**
     * Adds and removes reference photo URLs of one item in one transaction, on the list as it is at that moment (the
     * row is locked), so concurrent changes never overwrite each other. Added URLs go after the item's (in order,
     * once each); a removed URL's hashed photo goes with it, so it stops matching at once. Nothing is written when
     * the list would be over `max` (`tooMany`) or when the item is not `holder`'s (undefined, as for no item).
     */
    async changeImageUrls(
      id: string,
      change: { add: readonly string[]; remove: readonly string[]; holder?: string; max: number },
    ): Promise<ImageUrlsChangeResult | undefined> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ data: unknown }>(
          `SELECT data FROM items WHERE id = $1 AND ($2::text IS NULL OR holder_id = $2) FOR UPDATE`,
          [id, change.holder ?? null],
        );
        if (!rows[0]) return undefined;
        const before = CatalogueItemSchema.parse(rows[0].data);
        const gone = new Set(change.remove);
        const kept = before.imageUrls.filter((u) => !gone.has(u));
        const removed = before.imageUrls.filter((u) => gone.has(u));
        const known = new Set(kept);
        const added = [...new Set(change.add)].filter((u) => !known.has(u));
        const after = { ...before, imageUrls: [...kept, ...added] };
        if (after.imageUrls.length > change.max)
          return { before, after: before, added: [], removed: [], tooMany: true };
        if (added.length === 0 && removed.length === 0) return { before, after, added, removed, tooMany: false };
        await tx.query(`UPDATE items SET data = $2, updated_at = now() WHERE id = $1`, [id, after]);
        await tx.query(`DELETE FROM reference_images WHERE item_id = $1 AND url = ANY($2::text[])`, [id, removed]);
        return { before, after, added, removed, tooMany: false };
      });
    },

    async items(filter: { holder?: string } = {}): Promise<CatalogueItem[]> {
      const { rows } = await db.query<{ data: unknown }>(
        `SELECT data FROM items WHERE ($1::text IS NULL OR holder_id = $1) ORDER BY id`,
        [filter.holder ?? null],
      );
      return rows.map((r) => CatalogueItemSchema.parse(r.data));
    },

    /** One page of items in id order, after `afterId`. */
    async page(filter: { holder?: string; afterId?: string; limit: number }): Promise<CatalogueItem[]> {
      const { rows } = await db.query<{ data: unknown }>(
        `SELECT data FROM items WHERE ($1::text IS NULL OR holder_id = $1) AND ($2::text IS NULL OR id > $2)
          ORDER BY id LIMIT $3`,
        [filter.holder ?? null, filter.afterId ?? null, filter.limit],
      );
      return rows.map((r) => CatalogueItemSchema.parse(r.data));
    },

    async item(id: string): Promise<CatalogueItem | undefined> {
      const { rows } = await db.query<{ data: unknown }>('SELECT data FROM items WHERE id = $1', [id]);
      return rows[0] ? CatalogueItemSchema.parse(rows[0].data) : undefined;
    },

    /** Which holder owns each of these item ids (ids not stored are left out); asked in batches. */
    async owners(ids: string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < ids.length; i += OWNER_BATCH) {
        const { rows } = await db.query<{ id: string; holder: string }>(
          'SELECT id, holder_id AS holder FROM items WHERE id = ANY($1)',
          [ids.slice(i, i + OWNER_BATCH)],
        );
        for (const r of rows) out.set(r.id, r.holder);
        if (ids.length > OWNER_BATCH) await nextTurn();
      }
      return out;
    },

    async holder(id: string): Promise<RightsHolder | undefined> {
      const { rows } = await db.query<{ data: unknown }>('SELECT data FROM holders WHERE id = $1', [id]);
      return rows[0] ? RightsHolderSchema.parse(rows[0].data) : undefined;
    },

    async holders(): Promise<RightsHolder[]> {
      const { rows } = await db.query<{ data: unknown }>('SELECT data FROM holders ORDER BY id');
      return rows.map((r) => RightsHolderSchema.parse(r.data));
    },
  };
}
export type CatalogueRepository = ReturnType<typeof createCatalogueRepository>;
