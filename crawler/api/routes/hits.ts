import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HIT_STATUSES } from '../../../shared/model';
import type { InboxFilter, Store } from '../../store';
import { actorOf, holderFilter, scopeOf } from '../auth';
import { ApiError, notFound } from '../errors';
import {
  AuditEntrySchema,
  CursorTimestampSchema,
  decodeCursor,
  encodeCursor,
  errors,
  HitStatusSchema,
  HitViewSchema,
  IdParam,
  limitParam,
} from '../schemas';

const FilterQuery = z.object({
  status: HitStatusSchema.optional(),
  holderId: z.string().optional(),
  itemId: z.string().optional(),
  site: z.string().optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  maxScore: z.coerce.number().min(0).max(1).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('first seen at or after (ISO 8601)'),
  until: z.iso.datetime({ offset: true }).optional().describe('first seen before (ISO 8601)'),
});
const ListQuery = FilterQuery.extend({
  sort: z
    .enum(['score', 'date', 'risk'])
    .default('score')
    .describe("risk: score + half the seller's repeat-infringer risk"),
  order: z.enum(['desc', 'asc']).default('desc'),
  limit: limitParam(50, 200),
  cursor: z.string().optional(),
});
const Counts = z.object(
  Object.fromEntries(HIT_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof HIT_STATUSES)[number],
    z.ZodNumber
  >,
);
/** The last row's sort value and id: a number for score and risk, the first-seen time for date. */
const NumberCursor = z.object({ v: z.number().min(-1e6).max(1e6), id: z.number().int() });
const DateCursor = z.object({ v: CursorTimestampSchema, id: z.number().int() });

/**
 * Statuses only the enforcement flows set for a holder: `notice_sent` when a
 * notice is delivered, `removed` when verification finds the listing gone.
 * Reviewers and admins may still record them by hand (a notice sent outside
 * the tool, a removal seen by a person).
 */
const FLOW_STATUSES: ReadonlySet<string> = new Set(['notice_sent', 'removed']);

export const hitRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  const filterOf = (
    req: { principal: Parameters<typeof holderFilter>[0] },
    q: z.infer<typeof FilterQuery>,
  ): InboxFilter => ({
    ...q,
    holderId: holderFilter(req.principal, q.holderId),
  });

  app.get(
    '/v1/hits',
    {
      schema: {
        tags: ['hits'],
        summary: 'The hits inbox: filter, sort, page with the cursor',
        querystring: ListQuery,
        response: {
          200: z.object({ hits: z.array(HitViewSchema), nextCursor: z.string().nullable() }),
          ...errors(400, 404),
        },
      },
    },
    async (req) => {
      const { sort, order, limit, cursor, ...q } = req.query;
      const at = decodeCursor<{ v: number | string; id: number }>(cursor, sort === 'date' ? DateCursor : NumberCursor);
      const after = at && { value: at.v, id: at.id };
      const { hits, last } = await store.inbox.list(scopeOf(req.principal), filterOf(req, q), {
        sort,
        order,
        limit,
        after,
      });
      const nextCursor = hits.length === limit && last ? encodeCursor({ v: last.value, id: last.id }) : null;
      return { hits, nextCursor };
    },
  );

  app.get(
    '/v1/hits/counts',
    {
      schema: {
        tags: ['hits'],
        summary: 'Hits per status under the same filters',
        querystring: FilterQuery,
        response: { 200: z.object({ counts: Counts, total: z.number().int() }), ...errors(400, 404) },
      },
    },
    async (req) => {
      const counts = await store.inbox.counts(scopeOf(req.principal), filterOf(req, req.query));
      return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    },
  );

  app.get(
    '/v1/hits/:id',
    {
      schema: {
        tags: ['hits'],
        summary: 'One hit with its signals and evidence',
        params: IdParam,
        response: { 200: HitViewSchema, ...errors(400, 404) },
      },
    },
    async (req) => {
      const hit = await store.inbox.get(req.params.id, scopeOf(req.principal));
      if (!hit) throw notFound(`hit ${req.params.id}`, 'id');
      return hit;
    },
  );

  app.get(
    '/v1/hits/:id/history',
    {
      schema: {
        tags: ['hits'],
        summary: "The hit's audit trail: flags, status changes, cases",
        params: IdParam,
        response: { 200: z.object({ entries: z.array(AuditEntrySchema) }), ...errors(400, 404) },
      },
    },
    async (req) => {
      if (!(await store.inbox.get(req.params.id, scopeOf(req.principal)))) throw notFound(`hit ${req.params.id}`, 'id');
      const entries = await store.audit.list({ targets: [`hit:${req.params.id}`], limit: 1000 });
      return { entries: entries.reverse() };
    },
  );

  app.post(
    '/v1/hits/status',
    {
      schema: {
        tags: ['hits'],
        summary: 'Change the status of one or many hits, with a reason',
        description:
          'Each hit is changed (and audited) or refused on its own; a hit already in that status is left alone. ' +
          'A holder may not set notice_sent or removed (403): those come from sending a notice and from verification.',
        body: z.object({
          ids: z.array(z.number().int().positive()).min(1).max(500),
          status: HitStatusSchema,
          reason: z.string().trim().min(1).max(2000),
        }),
        response: {
          200: z.object({
            results: z.array(
              z.object({
                id: z.number().int(),
                applied: z.boolean(),
                status: HitStatusSchema.nullable(),
                error: z.object({ code: z.string(), message: z.string() }).optional(),
              }),
            ),
          }),
          ...errors(400, 403),
        },
      },
    },
    async (req) => {
      if (req.principal.role === 'holder' && FLOW_STATUSES.has(req.body.status)) {
        throw new ApiError(
          403,
          'forbidden',
          `body field status: a holder cannot set ${req.body.status} by hand; a hit becomes notice_sent when its ` +
            `notice is sent and removed when verification finds the listing gone`,
          'status',
        );
      }
      return {
        results: await store.inbox.setStatus(
          req.body.ids,
          req.body.status,
          req.body.reason,
          actorOf(req.principal),
          scopeOf(req.principal),
        ),
      };
    },
  );
};
