import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HASH_VERSION } from '../../../shared/image/image-hash';
import { ItemPhotosSchema, type CatalogueItem, type ItemPhoto } from '../../../shared/model';
import type { ItemReferenceRow, Principal, Store } from '../../store';
import { actorOf } from '../auth';
import { mayWriteCatalogue } from '../catalogue-access';
import { notFound } from '../errors';
import type { ReferencePhotos } from '../reference-photos';
import { errors } from '../schemas';

const ItemId = z.object({ itemId: z.string().min(1).max(200) });
const Upload = ItemId.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex') });

/** The item, if the caller may see it: a holder sees only its own, and another's is "no such item". */
async function visibleItem(store: Store, p: Principal, itemId: string): Promise<CatalogueItem> {
  const item = await store.catalogue.item(itemId);
  if (!item || (p.role === 'holder' && item.holder !== p.holderId)) throw notFound(`item ${itemId}`, 'itemId');
  return item;
}

function photoOf(url: string, row: ItemReferenceRow | undefined): ItemPhoto {
  const hashed = row?.hashVersion === HASH_VERSION;
  // A photo that failed its last fetch but kept an older hash is still matched against: it counts as hashed.
  const state = hashed ? 'hashed' : row?.status === 'failed' ? 'failed' : 'pending';
  return {
    url,
    source: url.startsWith('upload:') ? 'upload' : 'url',
    state,
    error: row?.status === 'failed' ? row.error : null,
    checkedAt: row?.checkedAt ?? null,
  };
}

/**
 * An item's reference photos as a holder manages them: its URLs (in the item's order) and its uploads, each with
 * how far it got; and an upload taken off again (a URL goes through POST /v1/items/{id}/image-urls).
 */
export const itemPhotoRoutes: FastifyPluginAsyncZod<{ store: Store; photos: ReferencePhotos }> = async (
  app,
  { store, photos },
) => {
  app.get(
    '/v1/items/:itemId/images',
    {
      schema: {
        tags: ['catalogue'],
        summary: "An item's reference photos and their state",
        description:
          'Its image URLs in order, then its uploaded photos (`upload:<sha256>`). Each is `hashed` (matched ' +
          'against), `pending` (the crawler has not fetched it yet, or not hashed it with the current hash ' +
          'function) or `failed` (its last fetch failed: `error` says why).',
        params: ItemId,
        response: { 200: ItemPhotosSchema, ...errors(404) },
      },
    },
    async (req) => {
      const item = await visibleItem(store, req.principal, req.params.itemId);
      const rows = new Map((await store.images.itemReferences(item.id)).map((r) => [r.url, r] as const));
      const uploads = [...rows.keys()].filter((u) => u.startsWith('upload:'));
      return { itemId: item.id, photos: [...item.imageUrls, ...uploads].map((u) => photoOf(u, rows.get(u))) };
    },
  );

  app.delete(
    '/v1/items/:itemId/images/:sha256',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Take an uploaded reference photo off an item',
        description:
          'The photo stops matching at once. Its bytes stay in the evidence store, where hits and notices may ' +
          'cite them. An image URL is taken off with POST /v1/items/{id}/image-urls (`remove`).',
        params: Upload,
        response: { 204: z.null(), ...errors(400, 403, 404) },
      },
    },
    async (req, reply) => {
      const item = await visibleItem(store, req.principal, req.params.itemId);
      mayWriteCatalogue(req.principal, item.holder);
      const url = `upload:${req.params.sha256}`;
      if (!(await store.images.dropUpload(item.id, url))) throw notFound(`uploaded photo ${url}`, 'sha256');
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'item.image_delete',
        target: `item:${item.id}`,
        before: { url },
      });
      photos.invalidate();
      return reply.code(204).send(null);
    },
  );
};
