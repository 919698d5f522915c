import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RoleSchema } from '../../../shared/model';
import type { Store } from '../../store';
import { actorOf, allow } from '../auth';
import { notFound } from '../errors';
import { errors } from '../schemas';

const TokenSchema = z.object({
  tokenId: z.string(),
  name: z.string(),
  role: RoleSchema,
  holderId: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

/** Token administration: admins only. The plain token is in the create answer and nowhere else. */
export const tokenRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.addHook('preHandler', allow('admin'));

  app.get(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List tokens (never the secrets)',
        response: { 200: z.object({ tokens: z.array(TokenSchema) }), ...errors(403) },
      },
    },
    async () => ({
      tokens: await store.tokens.list(),
    }),
  );

  app.post(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a token; the answer is the only time its secret is shown',
        body: z.object({ name: z.string().min(1).max(200), role: RoleSchema, holderId: z.string().min(1).optional() }),
        response: { 201: z.object({ token: z.string(), record: TokenSchema }), ...errors(400, 403, 422) },
      },
    },
    async (req, reply) => {
      const created = await store.tokens.create(req.body);
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'token.create',
        target: `token:${created.record.tokenId}`,
        after: { name: created.record.name, role: created.record.role, holderId: created.record.holderId },
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/v1/tokens/:tokenId',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (at once)',
        params: z.object({ tokenId: z.string() }),
        response: { 200: TokenSchema, ...errors(403, 404) },
      },
    },
    async (req) => {
      const record = await store.tokens.get(req.params.tokenId);
      if (!record) throw notFound(`token ${req.params.tokenId}`, 'tokenId');
      if (await store.tokens.revoke(record.tokenId)) {
        await store.audit.append({
          actor: actorOf(req.principal),
          action: 'token.revoke',
          target: `token:${record.tokenId}`,
          before: { revokedAt: null },
        });
      }
      return (await store.tokens.get(record.tokenId))!;
    },
  );
};
