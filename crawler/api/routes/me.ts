import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, PrincipalSchema } from '../schemas';

export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['meta'], summary: 'Liveness', response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async () => ({ ok: true as const }),
  );

  app.get(
    '/v1/me',
    {
      schema: {
        tags: ['meta'],
        summary: 'Who this token is: role and holder',
        response: { 200: PrincipalSchema, ...errors() },
      },
    },
    async (req) => req.principal,
  );
};
