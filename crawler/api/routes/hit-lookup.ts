import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sellerKey } from '../../sellers';
import type { Store } from '../../store';
import { scopeOf } from '../auth';
import { HitLookupSchema } from '../../../shared/model';
import { errors } from '../schemas';

const MAX = 500;
const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * What the review side already knows about the listings on one page: the
 * extension's content script asks once per page (not once per listing), so a
 * badge can say a listing is already confirmed, noticed or removed, and that
 * its seller is blacklisted. A holder's token answers from that holder's hits
 * and its own view of sellers only.
 */
export const hitLookupRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.post(
    '/v1/hits/lookup',
    {
      schema: {
        tags: ['hits'],
        summary: "The hits on these listing URLs, and which of these sellers are blacklisted (one page's worth)",
        description:
          'URLs are compared as given: send the canonical listing URLs (what the extension and the crawler ' +
          "record). A seller is its id on the site, else its name. A holder's token sees only its own hits, " +
          "and the blacklist as that holder's own view has it.",
        body: z.object({
          urls: z.array(Text(4096)).max(MAX),
          sellers: z
            .array(z.object({ site: Text(100), id: Text(500).optional(), name: Text(500).optional() }))
            .max(MAX)
            .default([]),
        }),
        response: { 200: HitLookupSchema, ...errors(400) },
      },
    },
    async (req) => {
      const scope = scopeOf(req.principal);
      const urls = [...new Set(req.body.urls)];
      const hits = urls.length
        ? (await store.inbox.list(scope, { listingUrls: urls }, { sort: 'score', order: 'desc', limit: MAX * 20 })).hits
        : [];
      const ids = [
        ...new Set(
          req.body.sellers.flatMap((s) => {
            const key = sellerKey(s.id, s.name);
            return key ? [`${s.site}/${key}`] : [];
          }),
        ),
      ];
      const scores = ids.length ? await store.sellers.scoresOf(ids, scope.holderId) : [];
      return {
        hits: hits.map((h) => ({
          url: h.listingUrl,
          id: h.id,
          status: h.status,
          itemId: h.itemId,
          itemTitle: h.itemTitle,
          score: h.score,
          sellerBlacklisted: h.sellerBlacklisted,
        })),
        blacklistedSellers: scores.filter((s) => s.blacklisted).map((s) => ({ site: s.site, key: s.key })),
      };
    },
  );
};
