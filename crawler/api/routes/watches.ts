import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { outboundRefusal, type OutboundPolicy } from '../../fetch/outbound-policy';
import type { Store } from '../../store';
import { actorOf, holderFilter, scopeOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { errors, IdParam } from '../schemas';

const WatchSchema = z.object({
  id: z.number().int(),
  holderId: z.string(),
  itemId: z.string().nullable(),
  minScore: z.number(),
  webhookUrl: z.string().nullable(),
  email: z.string().nullable(),
  intervalSeconds: z.number().int(),
  lastHitId: z.number().int(),
  lastRunAt: z.string().nullable(),
});

/**
 * Early-warning watches: alert by webhook and email when high-scoring hits for an item appear.
 * A webhook URL the outbound policy refuses on its face (an internal address literal, localhost)
 * is refused here; one whose name resolves inside only fails at delivery, where every connection is checked.
 */
export const watchRoutes: FastifyPluginAsyncZod<{ store: Store; outbound: OutboundPolicy }> = async (
  app,
  { store, outbound },
) => {
  const { watches } = store;

  app.get(
    '/v1/watches',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Watches you may see',
        response: { 200: z.object({ watches: z.array(WatchSchema) }), ...errors() },
      },
    },
    async (req) => ({
      watches: await watches.list(scopeOf(req.principal)),
    }),
  );

  app.post(
    '/v1/watches',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Watch an item (or a whole catalogue) for new high-scoring hits',
        description:
          'Alerts are batched: at most one webhook POST and one email per interval. Webhook bodies are signed: ' +
          '`X-Counterscan-Signature: sha256=HMAC(secret, body)`; the secret is in this answer only. ' +
          ('Webhooks are POSTed to public http(s) addresses only (unless the operator allows more) and ' +
            'redirects are not followed.'),
        body: z
          .object({
            holderId: z.string().optional(),
            itemId: z.string().optional(),
            minScore: z.number().min(0).max(1).default(0.8),
            webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
            email: z.email().optional(),
            intervalSeconds: z
              .number()
              .int()
              .min(10)
              .max(7 * 86_400)
              .default(900),
          })
          .refine((b) => b.webhookUrl || b.email, {
            message: 'give a webhookUrl, an email, or both',
            path: ['webhookUrl'],
          }),
        response: { 201: z.object({ watch: WatchSchema, webhookSecret: z.string().nullable() }), ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.webhookUrl) {
        try {
          outbound.checkUrl(b.webhookUrl);
        } catch (err) {
          const detail = outboundRefusal(err)?.detail ?? 'not a URL';
          throw new ApiError(
            400,
            'invalid_request',
            `body field webhookUrl: refused by outbound policy (${detail}); webhooks go to public addresses only`,
            'webhookUrl',
          );
        }
      }
      let holderId = holderFilter(req.principal, b.holderId);
      if (b.itemId) {
        const item = await store.catalogue.item(b.itemId);
        if (!item || (holderId && item.holder !== holderId)) throw notFound(`item ${b.itemId}`, 'itemId');
        holderId = item.holder;
      }
      if (!holderId)
        throw new ApiError(400, 'invalid_request', 'body field holderId: required when no itemId is given', 'holderId');
      if (!(await store.catalogue.holder(holderId))) throw notFound(`holder ${holderId}`, 'holderId');
      return reply.code(201).send(await watches.create({ ...b, holderId, actor: actorOf(req.principal) }));
    },
  );

  app.delete(
    '/v1/watches/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Stop a watch',
        params: IdParam,
        response: { 200: z.object({ deleted: z.literal(true) }), ...errors(404) },
      },
    },
    async (req) => {
      if (!(await watches.remove(req.params.id, actorOf(req.principal), scopeOf(req.principal))))
        throw notFound(`watch ${req.params.id}`, 'id');
      return { deleted: true as const };
    },
  );
};
