import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMAGE_MATCH_SIGNAL, photoPairOf } from '../../../shared/match/image-signal';
import { pairThumbnail } from '../../pipeline';
import type { Store } from '../../store';
import { scopeOf } from '../auth';
import { notFound } from '../errors';
import { errors, IdParam } from '../schemas';

/**
 * The matched photo pair of a hit's `image_match`, as thumbnails: the
 * listing's photo and the holder's reference photo, each a small JPEG kept
 * when the photo was hashed (or made from bytes the evidence store holds: an
 * uploaded reference, a flag's uploaded photo). Nothing is fetched from the
 * photos' URLs: the API is no proxy for a client. Who may see the hit may see
 * its pair.
 */
export const hitPhotoRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/hits/:id/photos/:side',
    {
      schema: {
        tags: ['hits'],
        summary: "A thumbnail of the hit's matched photo pair: the listing's photo or the reference photo (JPEG)",
        params: IdParam.extend({ side: z.enum(['listing', 'reference']) }),
        response: { ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const { id, side } = req.params;
      const hit = await store.inbox.get(id, scopeOf(req.principal));
      if (!hit) throw notFound(`hit ${id}`, 'id');
      const pair = photoPairOf(hit.signals.find((s) => s.name === IMAGE_MATCH_SIGNAL)?.evidence);
      if (!pair) throw notFound(`an image match on hit ${id}`, 'id');
      const jpeg = (await pairThumbnail(store, hit.itemId, pair, side))?.bytes;
      if (!jpeg) throw notFound(`a thumbnail of the ${side} photo of hit ${id}`, 'side');
      return reply
        .header('content-type', 'image/jpeg')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength) as never);
    },
  );
};
