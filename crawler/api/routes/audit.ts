import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store';
import { allow, scopeOf } from '../auth';
import { AuditEntrySchema, decodeCursor, encodeCursor, errors, limitParam } from '../schemas';

const Count = z.number().int();
const FiguresSchema = z.object({
  byStatus: z.array(z.object({ status: z.string(), hits: Count })),
  bySite: z.array(z.object({ site: z.string(), hits: Count, confirmed: Count })),
  byHolder: z.array(z.object({ holderId: z.string(), holderName: z.string(), hits: Count, confirmed: Count })),
  byItem: z.array(z.object({ itemId: z.string(), itemTitle: z.string(), hits: Count, confirmed: Count })),
  lastSweeps: z.array(z.object({ site: z.string(), lastStartedAt: z.string(), lastFinishedAt: z.string().nullable() })),
});

export const auditRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/audit',
    {
      preHandler: allow('admin'),
      schema: {
        tags: ['audit'],
        summary: 'The append-only audit log, newest first (admin)',
        querystring: z.object({
          actor: z.string().optional(),
          action: z.string().optional(),
          target: z.string().optional(),
          limit: limitParam(100, 500),
          cursor: z.string().optional(),
        }),
        response: {
          200: z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
          ...errors(400, 403),
        },
      },
    },
    async (req) => {
      const { limit, cursor, target, ...q } = req.query;
      const beforeId = decodeCursor(cursor, z.object({ id: z.number().int() }))?.id;
      const entries = await store.audit.list({ ...q, targets: target ? [target] : undefined, beforeId, limit });
      return { entries, nextCursor: entries.length === limit ? encodeCursor({ id: entries.at(-1)!.id }) : null };
    },
  );

  app.get(
    '/v1/figures',
    {
      schema: {
        tags: ['figures'],
        summary: 'Hits per status, site, holder and item; last sweep per site',
        response: { 200: FiguresSchema, ...errors() },
      },
    },
    async (req) => store.figures.dashboard(scopeOf(req.principal)),
  );
};
