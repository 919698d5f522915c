import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Matcher } from '../../../shared/match';
import { authorisedFor, holdersOf, matchFlagPhotos, matchListing, withNamedItemPhotos } from '../../pipeline';
import { loadSellerBoostIndex } from '../../sellers';
import { canonicalUrl } from '../../../shared/extract';
import { findAdapter } from '../../../shared/sites';
import { currencySchema, FlagReasonSchema, listingSchema, sellerSchema, type Listing } from '../../../shared/model';
import type { Store } from '../../store';
import { actorOf, scopeOf } from '../auth';
import type { CatalogueMatchers } from '../catalogue-matchers';
import type { ReferencePhotos } from '../reference-photos';
import { ApiError, notFound } from '../errors';
import { errors, HitViewSchema, Sha256Schema } from '../schemas';

const FlagBody = z.object({
  flagId: z
    .string()
    .min(8)
    .max(100)
    .describe('chosen by the client (a UUID); sending the same flag again changes nothing'),
  url: z.url({ protocol: /^https?$/ }),
  listing: z.object({
    title: z.string().min(1).max(2000),
    site: z.string().max(100).optional(),
    kind: z.enum(['product', 'video']).optional(),
    description: z.string().max(20_000).optional(),
    price: z.number().nonnegative().optional(),
    currency: currencySchema().optional(),
    seller: sellerSchema().optional(),
    images: z.array(z.string().max(2000)).max(50).optional(),
    soldCount: z.number().int().nonnegative().optional(),
    views: z.number().int().nonnegative().optional(),
    durationSeconds: z.number().int().nonnegative().optional(),
  }),
  itemId: z.string().min(1).optional().describe('the item the flagger names; unset: the best match in your catalogue'),
  reason: FlagReasonSchema,
  note: z.string().max(4000).optional(),
  evidence: z
    .array(Sha256Schema)
    .max(20)
    .default([])
    .describe('SHA-256s of evidence uploaded before (POST /v1/evidence)'),
  capturedAt: z.iso.datetime({ offset: true }),
});

/**
 * A flag from the extension: the server matches the listing itself (the
 * client's score is never trusted), then creates or updates the hit with the
 * flagger's item, reason, note and evidence.
 */
export const flagRoutes: FastifyPluginAsyncZod<{
  store: Store;
  matchers: CatalogueMatchers;
  photos: ReferencePhotos;
}> = async (app, { store, matchers, photos }) => {
  app.post(
    '/v1/flags',
    {
      schema: {
        tags: ['hits'],
        summary: 'Flag a listing, with evidence',
        body: FlagBody,
        response: {
          200: z.object({ hit: HitViewSchema, created: z.boolean() }),
          201: z.object({ hit: HitViewSchema, created: z.boolean() }),
          ...errors(400, 404, 422),
        },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      const scope = scopeOf(p);
      const body = req.body;
      const replayed = await store.flags.replayed(p.tokenId, body.flagId);
      if (replayed !== null)
        return reply.code(200).send({ hit: (await store.inbox.get(replayed, scope))!, created: false });

      const url = canonicalUrl(body.url);
      const adapter = findAdapter(url);
      const listing: Listing = listingSchema().parse({
        ...body.listing,
        url,
        site: adapter?.id ?? body.listing.site ?? new URL(url).hostname,
        kind: body.listing.kind ?? (adapter?.kind === 'video' ? 'video' : 'product'),
        images: body.listing.images ?? [],
        fetchedAt: body.capturedAt,
      });

      // The same match stage as a sweep (the seller's standing included), so a flag and a
      // crawl of one listing score alike. Flags come one click at a time: the blacklist is
      // read fresh rather than cached.
      const sellers = await loadSellerBoostIndex(store);
      for (const sha of body.evidence) {
        if (!(await store.evidence.canCite(sha, { ...scope, tokenId: p.tokenId })))
          throw new ApiError(
            422,
            'unknown_evidence',
            `evidence ${sha} was not uploaded; POST it to /v1/evidence first`,
            'evidence',
          );
      }
      const { items, matcher } = await matchers.get(scope.holderId);
      // The listing's photos (hashed by a sweep) and the uploaded evidence images against the
      // caller's reference photos: a reused catalogue photo adds its image_match signal here too.
      const photoMatches = await matchFlagPhotos(store, await photos.get(), {
        imageUrls: listing.images,
        evidence: body.evidence,
        itemIds: new Set([...items.map((i) => i.id), ...(body.itemId ? [body.itemId] : [])]),
      });
      const authorised = authorisedFor(items);
      let itemId = body.itemId;
      let result;
      if (itemId) {
        const item = await store.catalogue.item(itemId);
        if (!item || (scope.holderId !== null && item.holder !== scope.holderId))
          throw notFound(`item ${itemId}`, 'itemId');
        // Score the named item even below the threshold: the flagger's judgement is the point.
        const matching = {
          matcher: new Matcher([item], { threshold: 0 }),
          sellers,
          holderOf: () => item.holder,
          authorised,
        };
        const own = photoMatches.matches.filter((m) => m.itemId === itemId);
        const scored = matchListing(listing, matching, own) ?? { itemId, score: 0, signals: [] };
        result = authorised(listing, itemId) ? scored : withNamedItemPhotos(scored, own);
      } else {
        result = matchListing(
          listing,
          { matcher, sellers, holderOf: holdersOf(items), authorised },
          photoMatches.matches,
        );
        if (!result)
          throw new ApiError(422, 'no_match', 'no catalogue item matches this listing; name one in itemId', 'itemId');
        itemId = result.itemId;
      }
      const {
        hitId,
        created,
        replayed: raced,
      } = await store.flags.record({
        flagId: body.flagId,
        tokenId: p.tokenId,
        actor: actorOf(p),
        listing,
        itemId,
        score: result.score,
        signals: result.signals,
        reason: body.reason,
        note: body.note,
        evidence: body.evidence,
        at: new Date().toISOString(),
      });
      return reply.code(raced ? 200 : 201).send({ hit: (await store.inbox.get(hitId, scope))!, created });
    },
  );
};
