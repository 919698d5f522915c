import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/** Routes whose answer sums over the store (figures, sellers): a few at a time. */
const HEAVY_ROUTES: ReadonlySet<string> = new Set([
  '/v1/figures',
  '/v1/figures/enforcement',
  '/v1/verification/figures',
  '/v1/sellers',
  '/v1/sellers/top',
]);

/**
 * At most `limit` heavy reads run at once; one more is answered 503 with Retry-After at
 * once rather than queued, so a burst of dashboard reloads cannot pile work onto the store
 * (on PGlite, onto the API's own thread) and hold cheap requests behind it.
 */
export function boundHeavyReads(app: FastifyInstance, limit: number): void {
  let running = 0;
  const holding = new WeakSet<FastifyRequest>();
  app.addHook('preHandler', async (req, reply) => {
    if (!HEAVY_ROUTES.has(req.routeOptions.url ?? '')) return;
    if (running >= limit) {
      void reply.header('retry-after', '1');
      throw new ApiError(503, 'busy', `${limit} figure or seller reads are running; retry in a second`);
    }
    running++;
    holding.add(req);
  });
  app.addHook('onResponse', async (req) => {
    if (holding.delete(req)) running--;
  });
}
