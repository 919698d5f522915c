import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IMAGE_URL_MAX_LENGTH,
  IMAGE_URLS_PER_ITEM,
  ImageUrlsChangeSchema,
  ItemImageUrlsChangedSchema,
} from '../../../shared/model';
import type { Store } from '../../store';
import { actorOf } from '../auth';
import { mayWriteCatalogue } from '../catalogue-access';
import type { CatalogueMatchers } from '../catalogue-matchers';
import { ApiError, notFound } from '../errors';
import type { ReferencePhotos } from '../reference-photos';
import { errors } from '../schemas';

const ItemId = z.object({ itemId: z.string().min(1).max(200) });

/**
 * Reference photo URLs added to and taken off one item, on the list as the store has it then: unlike PATCH's whole
 * list, two people adding at once both land (what the options page sends).
 */
export const itemImageUrlRoutes: FastifyPluginAsyncZod<{
  store: Store;
  matchers: CatalogueMatchers;
  photos: ReferencePhotos;
}> = async (app, { store, matchers, photos }) => {
  app.post(
    '/v1/items/:itemId/image-urls',
    {
      schema: {
        tags: ['catalogue'],
        summary: "Add reference photo URLs to an item, or take them off, without resending the item's list",
        description:
          '`add` puts each URL after the ones the item lists (a listed one stays where it is); `remove` takes each ' +
          "one it lists off, with that photo's hash, so it stops matching at once. Both apply to the list as it is " +
          `when the request arrives, in one transaction. A URL added must be absolute http(s), at most ` +
          `${IMAGE_URL_MAX_LENGTH} characters (400 naming it, e.g. \`add[2]\`); a list that would exceed ` +
          `${IMAGE_URLS_PER_ITEM} URLs is refused whole (409 too_many_image_urls). The API fetches none of them: ` +
          "the crawler's next reference refresh does, through its host gate and outbound policy.",
        params: ItemId,
        body: ImageUrlsChangeSchema,
        response: { 200: ItemImageUrlsChangedSchema, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => {
      const item = await store.catalogue.item(req.params.itemId);
      if (!item || (req.principal.role === 'holder' && item.holder !== req.principal.holderId))
        throw notFound(`item ${req.params.itemId}`, 'itemId');
      mayWriteCatalogue(req.principal, item.holder);
      // The holder is checked again under the row's lock: an admin may have moved the item meanwhile.
      const done = await store.catalogue.changeImageUrls(item.id, {
        add: req.body.add,
        remove: req.body.remove,
        holder: item.holder,
        max: IMAGE_URLS_PER_ITEM,
      });
      if (!done) throw notFound(`item ${req.params.itemId}`, 'itemId');
      if (done.tooMany)
        throw new ApiError(
          409,
          'too_many_image_urls',
          `body field add: an item takes at most ${IMAGE_URLS_PER_ITEM} image URLs; it has ` +
            `${done.before.imageUrls.length}, and this would make more`,
          'add',
        );
      if (done.added.length > 0 || done.removed.length > 0) {
        await store.audit.append({
          actor: actorOf(req.principal),
          action: 'item.image_urls',
          target: `item:${item.id}`,
          before: { imageUrls: done.before.imageUrls },
          after: { imageUrls: done.after.imageUrls, added: done.added, removed: done.removed },
        });
        matchers.invalidate();
        if (done.removed.length > 0) photos.invalidate();
      }
      return { itemId: item.id, imageUrls: done.after.imageUrls, added: done.added, removed: done.removed };
    },
  );
};
