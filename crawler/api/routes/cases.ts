import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store';
import { actorOf, holderFilter, scopeOf } from '../auth';
import { notFound } from '../errors';
import {
  AuditEntrySchema,
  CaseSummarySchema,
  CaseViewSchema,
  decodeCursor,
  encodeCursor,
  errors,
  IdParam,
  limitParam,
} from '../schemas';

const HitIds = z.array(z.number().int().positive()).max(500);

export const caseRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  const found = <T>(c: T | null, id: number): T => {
    if (!c) throw notFound(`case ${id}`, 'id');
    return c;
  };

  app.get(
    '/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Cases you may see, newest first',
        querystring: z.object({
          status: z.enum(['open', 'closed']).optional(),
          holderId: z.string().optional(),
          assignee: z.string().optional(),
          limit: limitParam(50, 200),
          cursor: z.string().optional(),
        }),
        response: {
          200: z.object({ cases: z.array(CaseSummarySchema), nextCursor: z.string().nullable() }),
          ...errors(400, 404),
        },
      },
    },
    async (req) => {
      const { limit, cursor, holderId, ...q } = req.query;
      const beforeId = decodeCursor(cursor, z.object({ id: z.number().int() }))?.id;
      const cases = await store.cases.list(scopeOf(req.principal), {
        ...q,
        holderId: holderFilter(req.principal, holderId),
        beforeId,
        limit,
      });
      return { cases, nextCursor: cases.length === limit ? encodeCursor({ id: cases.at(-1)!.id }) : null };
    },
  );

  app.post(
    '/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: "Open a case over one holder's hits",
        body: z.object({
          title: z.string().trim().min(1).max(300),
          hitIds: HitIds.default([]),
          holderId: z.string().optional(),
          assignee: z.string().optional(),
        }),
        response: { 201: CaseViewSchema, ...errors(400, 404, 422) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await store.cases.create(req.body, actorOf(req.principal), scopeOf(req.principal))),
  );

  app.get(
    '/v1/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'One case with its hits and comments',
        params: IdParam,
        response: { 200: CaseViewSchema, ...errors(400, 404) },
      },
    },
    async (req) => found(await store.cases.get(req.params.id, scopeOf(req.principal)), req.params.id),
  );

  app.patch(
    '/v1/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'Rename, assign (a token id) or close a case',
        params: IdParam,
        body: z
          .object({
            title: z.string().trim().min(1).max(300).optional(),
            status: z.enum(['open', 'closed']).optional(),
            assignee: z.string().nullable().optional(),
          })
          .strict(),
        response: { 200: CaseViewSchema, ...errors(400, 404, 422) },
      },
    },
    async (req) =>
      found(
        await store.cases.update(req.params.id, req.body, actorOf(req.principal), scopeOf(req.principal)),
        req.params.id,
      ),
  );

  app.post(
    '/v1/cases/:id/hits',
    {
      schema: {
        tags: ['cases'],
        summary: 'Add hits to a case',
        params: IdParam,
        body: z.object({ hitIds: HitIds.min(1) }),
        response: { 200: CaseViewSchema, ...errors(400, 404, 422) },
      },
    },
    async (req) =>
      found(
        await store.cases.addHits(req.params.id, req.body.hitIds, actorOf(req.principal), scopeOf(req.principal)),
        req.params.id,
      ),
  );

  app.delete(
    '/v1/cases/:id/hits/:hitId',
    {
      schema: {
        tags: ['cases'],
        summary: 'Take a hit out of a case',
        params: IdParam.extend({ hitId: z.coerce.number().int().positive() }),
        response: { 200: CaseViewSchema, ...errors(400, 404) },
      },
    },
    async (req) =>
      found(
        await store.cases.removeHit(req.params.id, req.params.hitId, actorOf(req.principal), scopeOf(req.principal)),
        req.params.id,
      ),
  );

  app.post(
    '/v1/cases/:id/comments',
    {
      schema: {
        tags: ['cases'],
        summary: 'Comment on a case',
        params: IdParam,
        body: z.object({ body: z.string().trim().min(1).max(10_000) }),
        response: { 201: CaseViewSchema, ...errors(400, 404) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          found(
            await store.cases.comment(req.params.id, req.body.body, actorOf(req.principal), scopeOf(req.principal)),
            req.params.id,
          ),
        ),
  );

  app.get(
    '/v1/cases/:id/history',
    {
      schema: {
        tags: ['cases'],
        summary: "The case's audit trail",
        params: IdParam,
        response: { 200: z.object({ entries: z.array(AuditEntrySchema) }), ...errors(400, 404) },
      },
    },
    async (req) => {
      found(await store.cases.get(req.params.id, scopeOf(req.principal)), req.params.id);
      return { entries: (await store.audit.list({ targets: [`case:${req.params.id}`], limit: 1000 })).reverse() };
    },
  );
};
