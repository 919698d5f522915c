import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SignalSchema } from '../../../shared/model';
import { blacklistSeller, refreshSellers, sellersToCsv, topSellers, unblacklistSeller } from '../../sellers';
import { VERIFY_OUTCOMES } from '../../verification';
import type { Store } from '../../store';
import { actorOf, allow, holderFilter, scopeOf } from '../auth';
import { notFound } from '../errors';
import { errors, IdParam } from '../schemas';

const VerificationSchema = z.object({
  id: z.number().int(),
  hitId: z.number().int(),
  url: z.string(),
  checkedAt: z.string(),
  httpStatus: z.number().int().nullable(),
  outcome: z.enum(VERIFY_OUTCOMES),
  reason: z.string(),
  evidenceSha256: z.string().nullable(),
  statusBefore: z.string(),
  statusAfter: z.string(),
  noticedAt: z.string().nullable(),
  timeToRemovalMs: z.number().nullable(),
  relistedUrl: z.string().nullable(),
});
const SellerSchema = z.object({
  site: z.string(),
  key: z.string(),
  name: z.string().nullable(),
  shopUrl: z.string().nullable(),
  groupId: z.string(),
  score: z.number(),
  reasons: z.array(SignalSchema),
  blacklisted: z.boolean(),
  figures: z.unknown(),
  group: z.unknown(),
  manual: z.unknown(),
  windowDays: z.number(),
  computedAt: z.string(),
});
const SellerParams = z.object({ site: z.string().min(1), key: z.string().min(1) });

/**
 * Verification results and the repeat-infringer list. Seller records count
 * every holder's hits, so they are for reviewers and admins; a holder gets
 * its own top sellers (figures and risk from its own hits alone) and
 * verification figures.
 */
export const sellerRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/hits/:id/verifications',
    {
      schema: {
        tags: ['verification'],
        summary: 'Every re-check of a hit: removed, still up, relisted, with evidence',
        params: IdParam,
        response: { 200: z.object({ verifications: z.array(VerificationSchema) }), ...errors(404) },
      },
    },
    async (req) => {
      if (!(await store.inbox.get(req.params.id, scopeOf(req.principal)))) throw notFound(`hit ${req.params.id}`, 'id');
      return { verifications: await store.verifications.history(req.params.id) };
    },
  );

  app.get(
    '/v1/verification/figures',
    {
      schema: {
        tags: ['verification'],
        summary: 'Noticed, removed, removal rate, median time to removal, relisted, still up',
        querystring: z.object({
          holderId: z.string().optional(),
          site: z.string().optional(),
          itemId: z.string().optional(),
          campaign: z.string().optional(),
        }),
        response: {
          200: z.object({
            noticed: z.number(),
            removed: z.number(),
            removalRate: z.number(),
            medianTimeToRemovalMs: z.number().nullable(),
            relisted: z.number(),
            stillUp: z.number(),
            checks: z.number(),
          }),
          ...errors(404),
        },
      },
    },
    async (req) =>
      store.figures.verification({ ...req.query, holderId: holderFilter(req.principal, req.query.holderId) ?? null }),
  );

  app.get(
    '/v1/sellers',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['sellers'],
        summary: 'Sellers by risk, with reasons; `format=csv` for a spreadsheet',
        querystring: z.object({
          blacklisted: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          site: z.string().optional(),
          sort: z.enum(['score', 'confirmed']).default('score'),
          format: z.enum(['json', 'csv']).default('json'),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: { 200: z.object({ sellers: z.array(SellerSchema) }), ...errors(403) },
      },
    },
    async (req, reply) => {
      const sellers = await store.sellers.list({
        blacklistedOnly: req.query.blacklisted,
        site: req.query.site,
        sort: req.query.sort,
        limit: req.query.limit,
      });
      if (req.query.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="sellers.csv"')
          .send(sellersToCsv(sellers) as never);
      return { sellers };
    },
  );

  app.get(
    '/v1/sellers/top',
    {
      schema: {
        tags: ['sellers'],
        summary: 'Top sellers by confirmed listings or estimated turnover, with referral candidates',
        querystring: z.object({
          by: z.enum(['confirmed', 'turnover']).default('confirmed'),
          holderId: z.string().optional(),
          itemId: z.string().optional(),
          campaign: z.string().optional(),
          site: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ sellers: z.array(z.unknown()) }), ...errors(404) },
      },
    },
    // A holder gets its own figures and its own view of each seller's risk; reviewers and admins the whole.
    async (req) => ({
      sellers: await topSellers(store, {
        ...req.query,
        holderId: holderFilter(req.principal, req.query.holderId),
        riskView: req.principal.role === 'holder' ? req.principal.holderId : null,
        stored: true,
      }),
    }),
  );

  app.get(
    '/v1/sellers/:site/:key',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['sellers'],
        summary: 'One seller with its linked group and figures',
        params: SellerParams,
        response: { 200: SellerSchema, ...errors(403, 404) },
      },
    },
    async (req) => {
      const s = await store.sellers.get(req.params.site, req.params.key);
      if (!s) throw notFound(`seller ${req.params.site}/${req.params.key}`, 'key');
      return s;
    },
  );

  app.post(
    '/v1/sellers/blacklist',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['sellers'],
        summary: 'Blacklist a seller (and its linked group), with a reason',
        body: SellerParams.extend({ reason: z.string().trim().min(3).max(2000) }),
        response: { 200: z.object({ added: z.boolean() }), ...errors(400, 403) },
      },
    },
    async (req) => blacklistSeller(store, req.body.site, req.body.key, req.body.reason, actorOf(req.principal)),
  );
  app.post(
    '/v1/sellers/unblacklist',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['sellers'],
        summary: 'Take a seller off the blacklist, with a reason',
        body: SellerParams.extend({ reason: z.string().trim().min(3).max(2000) }),
        response: { 200: z.object({ removed: z.boolean() }), ...errors(400, 403) },
      },
    },
    async (req) => unblacklistSeller(store, req.body.site, req.body.key, req.body.reason, actorOf(req.principal)),
  );
  app.post(
    '/v1/sellers/refresh',
    {
      preHandler: allow('admin'),
      schema: {
        tags: ['sellers'],
        summary: 'Recompute seller links and scores now (admin)',
        response: { 200: z.unknown(), ...errors(403) },
      },
    },
    async () => refreshSellers(store),
  );
};
