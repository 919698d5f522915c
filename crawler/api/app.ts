import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Store } from '../store';
import { FailedAuthLimiter, installAuth, rateLimitKey } from './auth';
import { CatalogueMatchers } from './catalogue-matchers';
import { ReferencePhotos } from './reference-photos';
import { ApiError, installErrorHandler } from './errors';
import { installInputHygiene } from './input';
import { mountQueueDashboard } from './queue-dashboard';
import { RdapClient } from '../blocking';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { boundHeavyReads } from './heavy-reads';
import { auditRoutes } from './routes/audit';
import { blockingRoutes } from './routes/blocking';
import { caseRoutes } from './routes/cases';
import { discoveryRoutes } from './routes/discovery';
import { catalogueRoutes } from './routes/catalogue';
import { evidenceRoutes } from './routes/evidence';
import { flagRoutes } from './routes/flags';
import { itemImageUrlRoutes } from './routes/item-image-urls';
import { itemImageRoutes } from './routes/item-images';
import { itemPhotoRoutes } from './routes/item-photos';
import { hitRoutes } from './routes/hits';
import { hitLookupRoutes } from './routes/hit-lookup';
import { hitPhotoRoutes } from './routes/hit-photos';
import { meRoutes } from './routes/me';
import { noticeEvidenceRoutes } from './routes/notice-evidence';
import { noticeRoutes } from './routes/notices';
import { referenceHashRoutes } from './routes/reference-hashes';
import { reportRoutes } from './routes/reports';
import { sellerRoutes } from './routes/sellers';
import { tokenRoutes } from './routes/tokens';
import { watchRoutes } from './routes/watches';

export type ApiConfig = Pick<
  Config,
  | 'apiOrigins'
  | 'apiRateLimit'
  | 'apiAuthFailureLimit'
  | 'apiTrustProxy'
  | 'apiBodyLimit'
  | 'evidenceMaxBytes'
  | 'threshold'
  | 'queuePrefix'
  | 'rdapBootstrapUrl'
  | 'rdapTimeoutMs'
  | 'outboundAllow'
  | 'publicUrl'
  | 'apiHost'
  | 'apiPort'
  | 'smtpUrl'
  | 'noticeFrom'
>;

export interface ApiOptions {
  store: Store;
  config: ApiConfig;
  /** With Redis: the queue dashboard at /admin/queues, and rate limits shared by every API process. */
  redis?: Redis;
  /** RDAP client for abuse contacts; default: one over COUNTERSCAN_RDAP_BOOTSTRAP_URL. */
  rdap?: RdapClient;
  /**
   * Where the API's own requests may go (RDAP) and which webhook URLs a watch may name; default: one over
   * COUNTERSCAN_OUTBOUND_ALLOW.
   */
  outbound?: OutboundPolicy;
  /** Fastify's logger option (pino): false in tests. */
  logger?: boolean | object;
  /** Figure and seller reads running at once before more are answered 503 (default 4). */
  heavyReads?: number;
}

/**
 * Fastify takes a hop count at run time but not in its types: the same rule as a function (trust the nearest `n` hops).
 */
function trustProxyOf(
  setting: ApiConfig['apiTrustProxy'] | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : (setting ?? false);
}

/**
 * Builds the review API: infrastructure plugins first (errors, CORS, rate
 * limit, multipart, OpenAPI), then authentication, then thin routes whose zod
 * schemas validate each request and response and become the OpenAPI document.
 */
export async function createApiServer(o: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.config.apiBodyLimit,
    trustProxy: trustProxyOf(o.config.apiTrustProxy),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(cors, {
    origin: o.config.apiOrigins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    max: o.config.apiRateLimit,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    ...(o.redis ? { redis: o.redis, nameSpace: `${o.config.queuePrefix}:api-rate:` } : {}),
    // An Error, not a plain object: route plugins with their own error handler pass it on to ours intact.
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'rate_limited', `more than ${ctx.max} requests a minute; retry in ${ctx.after}`),
  });
  await app.register(multipart, { limits: { fileSize: o.config.evidenceMaxBytes, files: 1 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  // The docs are public; swagger-ui's routes take no route config from us, so mark them by path (before they are
  // added).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'counterscan review API',
        version: '1',
        description:
          'Hits inbox, flags with evidence, cases, catalogue, audit log and figures. Every route but /health ' +
          'and /docs needs `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: false },
    staticCSP: true,
  });

  installAuth(app, o.store, new FailedAuthLimiter(o.config.apiAuthFailureLimit));
  installInputHygiene(app);
  const matchers = new CatalogueMatchers(o.store, o.config.threshold);
  const photos = new ReferencePhotos(o.store);
  boundHeavyReads(app, o.heavyReads ?? 4);
  await app.register(meRoutes, { delivery: { email: !!o.config.smtpUrl, from: o.config.noticeFrom ?? null } });
  await app.register(tokenRoutes, { store: o.store });
  await app.register(catalogueRoutes, { store: o.store, matchers });
  await app.register(hitRoutes, { store: o.store });
  await app.register(hitLookupRoutes, { store: o.store });
  await app.register(flagRoutes, { store: o.store, matchers, photos });
  await app.register(itemImageRoutes, { store: o.store, photos, maxBytes: o.config.evidenceMaxBytes });
  await app.register(itemImageUrlRoutes, { store: o.store, matchers, photos });
  await app.register(itemPhotoRoutes, { store: o.store, photos });
  await app.register(referenceHashRoutes, { store: o.store });
  await app.register(hitPhotoRoutes, { store: o.store });
  await app.register(evidenceRoutes, { store: o.store, maxBytes: o.config.evidenceMaxBytes });
  await app.register(caseRoutes, { store: o.store });
  await app.register(auditRoutes, { store: o.store });
  const publicUrl = o.config.publicUrl ?? `http://${o.config.apiHost}:${o.config.apiPort}`;
  await app.register(noticeRoutes, { store: o.store, publicUrl });
  await app.register(noticeEvidenceRoutes, { store: o.store });
  const outbound = o.outbound ?? new OutboundPolicy({ allow: o.config.outboundAllow });
  await app.register(watchRoutes, { store: o.store, outbound });
  await app.register(sellerRoutes, { store: o.store });
  await app.register(reportRoutes, { store: o.store });
  await app.register(blockingRoutes, {
    store: o.store,
    rdap:
      o.rdap ??
      new RdapClient({ bootstrapBaseUrl: o.config.rdapBootstrapUrl, timeoutMs: o.config.rdapTimeoutMs, outbound }),
  });
  await app.register(discoveryRoutes, { store: o.store });
  if (o.redis) {
    const closeDashboard = await mountQueueDashboard(app, o.redis, o.config.queuePrefix);
    app.addHook('onClose', closeDashboard);
  }
  return app;
}
