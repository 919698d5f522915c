import type { Catalogue, CatalogueItem, RightsHolder } from '../../shared/model';
import { CatalogueItemSchema, RightsHolderSchema } from '../../shared/model';
import type { Db } from './db';

/** Nothing but an id (and the id as its name): a placeholder so an item's holder reference holds. */
function isStub(h: RightsHolder): boolean {
  return h.name === h.id && Object.keys(h).every((k) => k === 'id' || k === 'name');
}

export function createCatalogueRepository(db: Db) {
  return {
    /** Inserts or updates every holder and item in one transaction: all or nothing. */
    async upsert(catalogue: Catalogue): Promise<{ holders: number; items: number }> {
      await db.transaction(async (tx) => {
        const holders = new Map(catalogue.holders.map((h) => [h.id, h]));
        // Items may name holders the file does not describe; keep a stub so the reference holds.
        for (const item of catalogue.items) if (!holders.has(item.holder)) holders.set(item.holder, { id: item.holder, name: item.holder });
        for (const h of holders.values()) {
          // A holder known only by its id (a CSV without holder columns) must never overwrite a real record.
          const stubOnly = !catalogue.holders.some((x) => x.id === h.id) || isStub(h);
          await tx.query(
            `INSERT INTO holders (id, name, data) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO ${stubOnly ? 'NOTHING' : 'UPDATE SET name = excluded.name, data = excluded.data, updated_at = now()'}`,
            [h.id, h.name, h],
          );
        }
        for (const item of catalogue.items) {
          await tx.query(
            `INSERT INTO items (id, holder_id, ip_type, title, data) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET holder_id = excluded.holder_id, ip_type = excluded.ip_type,
               title = excluded.title, data = excluded.data, updated_at = now()`,
            [item.id, item.holder, item.ipType, item.title, item],
          );
        }
      });
      return { holders: catalogue.holders.length, items: catalogue.items.length };
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
        `SELECT data FROM items WHERE ($1::text IS NULL OR holder_id = $1) AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
        [filter.holder ?? null, filter.afterId ?? null, filter.limit],
      );
      return rows.map((r) => CatalogueItemSchema.parse(r.data));
    },

    async item(id: string): Promise<CatalogueItem | undefined> {
      const { rows } = await db.query<{ data: unknown }>('SELECT data FROM items WHERE id = $1', [id]);
      return rows[0] ? CatalogueItemSchema.parse(rows[0].data) : undefined;
    },

    /** Which holder owns each of these item ids (ids not stored are left out). */
    async owners(ids: string[]): Promise<Map<string, string>> {
      const { rows } = await db.query<{ id: string; holder: string }>('SELECT id, holder_id AS holder FROM items WHERE id = ANY($1)', [ids]);
      return new Map(rows.map((r) => [r.id, r.holder]));
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
