import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CatalogueItemSchema, RightsHolderSchema, type Catalogue } from '../../../shared/model';
import { parseCatalogue } from '../../catalogue';
import type { Store } from '../../store';
import { actorOf, allow, holderFilter } from '../auth';
import type { CatalogueMatchers } from '../catalogue-matchers';
import { ApiError, forbidden, notFound } from '../errors';
import { decodeCursor, encodeCursor, errors, limitParam } from '../schemas';

const ItemId = z.object({ itemId: z.string().min(1) });
const HolderId = z.object({ holderId: z.string().min(1) });
const ItemPatchSchema = CatalogueItemSchema.omit({ id: true, holder: true }).partial().strict();

export const catalogueRoutes: FastifyPluginAsyncZod<{ store: Store; matchers: CatalogueMatchers }> = async (app, { store, matchers }) => {
  // CSV catalogues arrive as text; the importer reports their problems by row and column.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  /** Catalogue writes: admins for anyone, a holder for itself; reviewers read only. */
  const mayWrite = (role: string, holderId: string | null, target: string) => {
    if (role === 'reviewer') throw forbidden('reviewers read the catalogue; holders and admins change it');
    if (role === 'holder' && holderId !== target) throw forbidden('a holder token changes only its own catalogue');
  };

  app.get('/v1/holders', { schema: { tags: ['catalogue'], summary: 'Rights holders you may see', response: { 200: z.object({ holders: z.array(RightsHolderSchema) }), ...errors() } } }, async (req) => {
    const all = await store.catalogue.holders();
    return { holders: req.principal.role === 'holder' ? all.filter((h) => h.id === req.principal.holderId) : all };
  });

  app.get('/v1/holders/:holderId', { schema: { tags: ['catalogue'], summary: 'One rights holder', params: HolderId, response: { 200: RightsHolderSchema, ...errors(404) } } }, async (req) => {
    const id = holderFilter(req.principal, req.params.holderId)!;
    const holder = await store.catalogue.holder(id);
    if (!holder) throw notFound(`holder ${id}`, 'holderId');
    return holder;
  });

  app.put(
    '/v1/holders/:holderId',
    { preHandler: allow('admin'), schema: { tags: ['catalogue'], summary: 'Create or replace a rights holder (admin)', params: HolderId, body: RightsHolderSchema, response: { 200: RightsHolderSchema, ...errors(400, 403) } } },
    async (req) => {
      if (req.body.id !== req.params.holderId) throw new ApiError(400, 'invalid_request', 'body field id: must equal the holder id in the path', 'id');
      const before = await store.catalogue.holder(req.body.id);
      await store.catalogue.upsert({ holders: [req.body], items: [] });
      await store.audit.append({ actor: actorOf(req.principal), action: 'holder.put', target: `holder:${req.body.id}`, before: before ?? null, after: req.body });
      return req.body;
    },
  );

  app.get(
    '/v1/items',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Catalogue items you may see, by id, a page at a time',
        querystring: z.object({ holderId: z.string().optional(), limit: limitParam(200, 500), cursor: z.string().optional() }),
        response: { 200: z.object({ items: z.array(CatalogueItemSchema), nextCursor: z.string().nullable() }), ...errors(400, 404) },
      },
    },
    async (req) => {
      const holder = holderFilter(req.principal, req.query.holderId);
      const afterId = decodeCursor(req.query.cursor, z.object({ id: z.string() }))?.id;
      const items = await store.catalogue.page({ holder, afterId, limit: req.query.limit });
      return { items, nextCursor: items.length === req.query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
    },
  );

  app.get('/v1/items/:itemId', { schema: { tags: ['catalogue'], summary: 'One catalogue item', params: ItemId, response: { 200: CatalogueItemSchema, ...errors(404) } } }, async (req) => {
    const item = await store.catalogue.item(req.params.itemId);
    if (!item || (req.principal.role === 'holder' && item.holder !== req.principal.holderId)) throw notFound(`item ${req.params.itemId}`, 'itemId');
    return item;
  });

  app.post(
    '/v1/items',
    { schema: { tags: ['catalogue'], summary: 'Add a catalogue item', body: CatalogueItemSchema, response: { 201: CatalogueItemSchema, ...errors(400, 403, 409) } } },
    async (req, reply) => {
      mayWrite(req.principal.role, req.principal.holderId, req.body.holder);
      if (!(await store.catalogue.holder(req.body.holder))) throw new ApiError(422, 'invalid_holder', `no holder ${req.body.holder}; create it first`, 'holder');
      // Item ids are global: say only that the id is taken, not whose it is.
      if (await store.catalogue.item(req.body.id)) throw new ApiError(409, 'id_taken', `item id ${req.body.id} is taken; choose another`, 'id');
      await store.catalogue.upsert({ holders: [], items: [req.body] });
      await store.audit.append({ actor: actorOf(req.principal), action: 'item.create', target: `item:${req.body.id}`, after: req.body });
      matchers.invalidate();
      return reply.code(201).send(req.body);
    },
  );

  app.patch(
    '/v1/items/:itemId',
    { schema: { tags: ['catalogue'], summary: 'Change fields of a catalogue item', params: ItemId, body: ItemPatchSchema, response: { 200: CatalogueItemSchema, ...errors(400, 403, 404) } } },
    async (req) => {
      const before = await store.catalogue.item(req.params.itemId);
      if (!before || (req.principal.role === 'holder' && before.holder !== req.principal.holderId)) throw notFound(`item ${req.params.itemId}`, 'itemId');
      mayWrite(req.principal.role, req.principal.holderId, before.holder);
      const after = CatalogueItemSchema.parse({ ...before, ...req.body });
      await store.catalogue.upsert({ holders: [], items: [after] });
      await store.audit.append({ actor: actorOf(req.principal), action: 'item.update', target: `item:${after.id}`, before, after });
      matchers.invalidate();
      return after;
    },
  );

  app.post(
    '/v1/catalogue/import',
    {
      // A whole catalogue is larger than any other request body.
      bodyLimit: 64 * 1_048_576,
      schema: {
        tags: ['catalogue'],
        summary: 'Import a whole catalogue (JSON body, or CSV as text/csv): every row or none',
        description: 'The same validation as `counterscan import`; problems are listed by row, line and field.',
        response: { 200: z.object({ holders: z.number(), items: z.number() }), ...errors(400, 403, 409, 413) },
      },
    },
    async (req) => {
      const csv = typeof req.body === 'string';
      let text: string;
      if (csv) text = req.body as string;
      else text = JSON.stringify(req.body ?? null);
      const catalogue: Catalogue = parseCatalogue(text, csv ? 'upload.csv' : 'upload.json');
      const holders = new Set([...catalogue.holders.map((h) => h.id), ...catalogue.items.map((i) => i.holder)]);
      for (const h of holders) mayWrite(req.principal.role, req.principal.holderId, h);
      if (req.principal.role === 'holder') {
        const owners = await store.catalogue.owners(catalogue.items.map((i) => i.id));
        const taken = [...owners].find(([, holder]) => holder !== req.principal.holderId);
        if (taken) throw new ApiError(409, 'id_taken', `item id ${taken[0]} is taken; choose another`, 'id');
      }
      const counts = await store.catalogue.upsert(catalogue);
      await store.audit.append({ actor: actorOf(req.principal), action: 'catalogue.import', target: `holders:${[...holders].sort().join(',')}`, after: counts });
      matchers.invalidate();
      return counts;
    },
  );
};
