import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MeViewSchema } from '../../../shared/model';
import { errors } from '../schemas';

/**
 * `delivery`: whether queued notices can leave this server by email, so a client can offer the prepared
 * notice instead.
 */
export const meRoutes: FastifyPluginAsyncZod<{ delivery: { email: boolean; from: string | null } }> = async (
  app,
  { delivery },
) => {
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
        summary: 'Who this token is (role and holder), and whether the server sends notices by email',
        response: { 200: MeViewSchema, ...errors() },
      },
    },
    async (req) => ({ ...req.principal, delivery }),
  );
};
