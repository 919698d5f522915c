import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { evidencePackageOf } from '../../notices';
import type { Store } from '../../store';
import { bearerOf, scopeOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { errors, IdParam } from '../schemas';

const sameKey = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * A notice's evidence package. With a token: a holder its own notices', reviewers and admins
 * any. Without one, the `key` from the link in the notice's text opens that notice's package
 * only: it is how the platform or lawyer who received the notice downloads it.
 */
export const noticeEvidenceRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/notices/:id/evidence.zip',
    {
      // Public so the key alone may open it; a bearer token, when sent, is checked here as everywhere.
      config: { public: true },
      schema: {
        tags: ['notices'],
        summary: "The notice's evidence package (ZIP: screenshots, HTML, WARC captures, metadata, manifest)",
        description:
          'Send a bearer token, or the `key` the notice text links with. The package is built once per notice; ' +
          'its SHA-256 is in the notice text and in the ETag.',
        params: IdParam,
        querystring: z.object({ key: z.string().max(200).optional() }),
        produces: ['application/zip'],
        response: { 200: z.any(), ...errors(401, 404) },
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const bearer = bearerOf(req);
      let allowed: boolean;
      if (bearer) {
        const principal = await app.authenticateToken(bearer, req.ip);
        allowed = (await store.noticeEvidence.get(id, scopeOf(principal))) !== null;
      } else if (req.query.key) {
        const kept = await store.noticeEvidence.get(id, { holderId: null });
        allowed = !!kept?.key && sameKey(kept.key, req.query.key);
      } else {
        throw new ApiError(401, 'unauthenticated', 'send a bearer token, or the key the notice links with');
      }
      if (!allowed) throw notFound(`notice ${id}`, 'id');
      const notice = await store.notices.get(id, { holderId: null });
      if (!notice) throw notFound(`notice ${id}`, 'id');
      const { bytes, sha256 } = await evidencePackageOf(store, notice);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="evidence-notice-${id}.zip"`)
        .header('etag', `"${sha256}"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );
};
