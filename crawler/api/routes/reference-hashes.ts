import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HASH_VERSION } from '../../../shared/image/image-hash';
import { ReferenceHashWireSchema, referenceToWire } from '../../../shared/image/wire';
import type { Store } from '../../store';
import { holderFilter } from '../auth';
import { decodeCursor, encodeCursor, errors, limitParam } from '../schemas';

/**
 * The reference photos' hashes for matching elsewhere (the extension matches
 * listing photos locally against them, with the same shared code as the
 * crawler). Only hashes of this server's HASH_VERSION are sent, and it is
 * named: a client whose hash function differs uses none of them.
 */
export const referenceHashRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/reference-images',
    {
      schema: {
        tags: ['catalogue'],
        summary: "Hashes of the catalogue's reference photos you may see, a page at a time",
        description:
          'Each photo as hashed by this server (hashVersion): whole-image views in hex, the crop-grid windows ' +
          'packed and base64. Photos not yet hashed with the current hash function are left out until they are.',
        querystring: z.object({
          holderId: z.string().optional(),
          limit: limitParam(100, 500),
          cursor: z.string().optional(),
        }),
        response: {
          200: z.object({
            hashVersion: z.number().int(),
            images: z.array(ReferenceHashWireSchema),
            nextCursor: z.string().nullable(),
          }),
          ...errors(400, 404),
        },
      },
    },
    async (req) => {
      const holder = holderFilter(req.principal, req.query.holderId);
      const after = decodeCursor(req.query.cursor, z.object({ itemId: z.string(), url: z.string() }));
      const rows = await store.images.references(HASH_VERSION, { holder, after, limit: req.query.limit });
      const last = rows.at(-1);
      return {
        hashVersion: HASH_VERSION,
        images: rows.map(referenceToWire),
        nextCursor:
          rows.length === req.query.limit && last ? encodeCursor({ itemId: last.itemId, url: last.url }) : null,
      };
    },
  );
};
