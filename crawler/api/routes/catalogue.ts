import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CatalogueItemSchema,
  IMAGE_URL_MAX_LENGTH,
  IMAGE_URLS_PER_ITEM,
  ImageUrlSchema,
  ReadinessSchema,
  RightsHolderInputSchema,
  RightsHolderSchema,
} from '../../../shared/model';
import type { Store } from '../../store';
import { actorOf, allow, holderFilter } from '../auth';
import { checkItemNamespace, holderItemIds, mayWriteCatalogue } from '../catalogue-access';
import type { CatalogueMatchers } from '../catalogue-matchers';
import { holderReadiness } from '../../notices';
import { ApiError, notFound } from '../errors';
import { catalogueImportRoute } from './catalogue-import';
import { decodeCursor, encodeCursor, errors, limitParam } from '../schemas';

const ItemId = z.object({ itemId: z.string().min(1) });
const HolderId = z.object({ holderId: z.string().min(1) });
/** A patch replaces whole fields; its new image URLs are checked in the handler (`checkNewImageUrls`). */
const ItemPatchSchema = CatalogueItemSchema.omit({ id: true, holder: true })
  .partial()
  .extend({ imageUrls: z.array(z.string().max(IMAGE_URL_MAX_LENGTH)).max(IMAGE_URLS_PER_ITEM).optional() })
  .strict();

/**
 * The patch's image URLs with each one the item does not list yet checked as a client's (absolute http(s)): one
 * it already lists stays as it is, so an item imported with a site-relative URL can still take a new one.
 */
function checkNewImageUrls(urls: readonly string[], listed: readonly string[]): string[] {
  const known = new Set(listed);
  return urls.map((url, i) => {
    if (known.has(url)) return url;
    const checked = ImageUrlSchema.safeParse(url);
    if (checked.success) return checked.data;
    const why = checked.error.issues[0]?.message ?? 'not an image URL';
    throw new ApiError(400, 'invalid_request', `body field imageUrls[${i}]: ${why}`, `imageUrls[${i}]`);
  });
}

export const catalogueRoutes: FastifyPluginAsyncZod<{ store: Store; matchers: CatalogueMatchers }> = async (
  app,
  { store, matchers },
) => {
  app.get(
    '/v1/holders',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Rights holders you may see',
        response: { 200: z.object({ holders: z.array(RightsHolderSchema) }), ...errors() },
      },
    },
    async (req) => {
      const all = await store.catalogue.holders();
      return { holders: req.principal.role === 'holder' ? all.filter((h) => h.id === req.principal.holderId) : all };
    },
  );

  app.get(
    '/v1/holders/:holderId',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'One rights holder',
        params: HolderId,
        response: { 200: RightsHolderSchema, ...errors(404) },
      },
    },
    async (req) => {
      const id = holderFilter(req.principal, req.params.holderId)!;
      const holder = await store.catalogue.holder(id);
      if (!holder) throw notFound(`holder ${id}`, 'holderId');
      return holder;
    },
  );

  app.get(
    '/v1/holders/:holderId/readiness',
    {
      schema: {
        tags: ['catalogue'],
        summary: "What the holder's profile still lacks, per notice regime and delivery channel",
        description:
          "Read from the regimes' required elements: each gap names the element, its legal basis and the " +
          'profile fields to fill (`agent.*` when an agent sends the notices). A holder reads only its own.',
        params: HolderId,
        response: { 200: ReadinessSchema, ...errors(404) },
      },
    },
    async (req) => {
      const id = holderFilter(req.principal, req.params.holderId)!;
      const holder = await store.catalogue.holder(id);
      if (!holder) throw notFound(`holder ${id}`, 'holderId');
      return holderReadiness(holder);
    },
  );

  app.put(
    '/v1/holders/:holderId',
    {
      preHandler: allow('admin'),
      schema: {
        tags: ['catalogue'],
        summary: 'Create or replace a rights holder (admin)',
        params: HolderId,
        description:
          'Every element a notice regime asks of the holder has a field here (see GET /v1/holders/{id}/readiness); ' +
          'a field this API does not know is refused (400), never dropped.',
        body: RightsHolderInputSchema,
        response: { 200: RightsHolderSchema, ...errors(400, 403) },
      },
    },
    async (req) => {
      if (req.body.id !== req.params.holderId)
        throw new ApiError(400, 'invalid_request', 'body field id: must equal the holder id in the path', 'id');
      const before = await store.catalogue.holder(req.body.id);
      await store.catalogue.upsert({ holders: [req.body], items: [] });
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'holder.put',
        target: `holder:${req.body.id}`,
        before: before ?? null,
        after: req.body,
      });
      return req.body;
    },
  );

  app.get(
    '/v1/items',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Catalogue items you may see, by id, a page at a time',
        querystring: z.object({
          holderId: z.string().optional(),
          limit: limitParam(200, 500),
          cursor: z.string().optional(),
        }),
        response: {
          200: z.object({ items: z.array(CatalogueItemSchema), nextCursor: z.string().nullable() }),
          ...errors(400, 404),
        },
      },
    },
    async (req) => {
      const holder = holderFilter(req.principal, req.query.holderId);
      const afterId = decodeCursor(req.query.cursor, z.object({ id: z.string() }))?.id;
      const items = await store.catalogue.page({ holder, afterId, limit: req.query.limit });
      return { items, nextCursor: items.length === req.query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
    },
  );

  app.get(
    '/v1/items/:itemId',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'One catalogue item',
        params: ItemId,
        response: { 200: CatalogueItemSchema, ...errors(404) },
      },
    },
    async (req) => {
      const item = await store.catalogue.item(req.params.itemId);
      if (!item || (req.principal.role === 'holder' && item.holder !== req.principal.holderId))
        throw notFound(`item ${req.params.itemId}`, 'itemId');
      return item;
    },
  );

  app.post(
    '/v1/items',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Add a catalogue item',
        description:
          "A holder's new item goes into its namespace: an id it does not already own is stored as `<holder " +
          "id>:<id>` (the answer carries the id), so no holder can collide with, or learn of, another's ids. " +
          '409 only for an id the caller itself already has.',
        body: CatalogueItemSchema,
        response: { 201: CatalogueItemSchema, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => {
      mayWriteCatalogue(req.principal, req.body.holder);
      checkItemNamespace(req.body);
      if (!(await store.catalogue.holder(req.body.holder)))
        throw new ApiError(422, 'invalid_holder', `no holder ${req.body.holder}; create it first`, 'holder');
      const id =
        req.principal.role === 'holder'
          ? (await holderItemIds(store, req.body.holder, [req.body.id]))[0]!
          : req.body.id;
      const item = { ...req.body, id };
      // For a holder this can only be its own item; for an admin, say only that the id is taken, not whose it is.
      if (await store.catalogue.item(id))
        throw new ApiError(409, 'id_taken', `item id ${id} is taken; choose another`, 'id');
      await store.catalogue.upsert({ holders: [], items: [item] });
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'item.create',
        target: `item:${id}`,
        after: item,
      });
      matchers.invalidate();
      return reply.code(201).send(item);
    },
  );

  app.patch(
    '/v1/items/:itemId',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Change fields of a catalogue item',
        description:
          "Each field sent replaces the item's. `imageUrls` (the reference photos' URLs, the whole list: to add or " +
          'remove some without overwriting a change made meanwhile, use POST /v1/items/{id}/image-urls) takes at ' +
          `most ${IMAGE_URLS_PER_ITEM} URLs of at most ${IMAGE_URL_MAX_LENGTH} ` +
          'characters, each one the item did not list yet an absolute http(s) URL (duplicates are dropped). The ' +
          "API fetches none of them: the crawler's next reference refresh does, through its host gate and " +
          'outbound policy, and hashes them; an uploaded photo (POST /v1/items/{id}/images) is hashed at once.',
        params: ItemId,
        body: ItemPatchSchema,
        response: { 200: CatalogueItemSchema, ...errors(400, 403, 404) },
      },
    },
    async (req) => {
      const before = await store.catalogue.item(req.params.itemId);
      if (!before || (req.principal.role === 'holder' && before.holder !== req.principal.holderId))
        throw notFound(`item ${req.params.itemId}`, 'itemId');
      mayWriteCatalogue(req.principal, before.holder);
      const patch = req.body.imageUrls
        ? { ...req.body, imageUrls: [...new Set(checkNewImageUrls(req.body.imageUrls, before.imageUrls))] }
        : req.body;
      const after = CatalogueItemSchema.parse({ ...before, ...patch });
      await store.catalogue.upsert({ holders: [], items: [after] });
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'item.update',
        target: `item:${after.id}`,
        before,
        after,
      });
      matchers.invalidate();
      return after;
    },
  );

  await app.register(catalogueImportRoute, { store, matchers });
};
