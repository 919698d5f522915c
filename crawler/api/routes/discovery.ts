import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { discoveryTerms, NameFlagger } from '../../../shared/discovery';
import { CandidateAcceptedSchema, DiscoveryCandidateSchema as CandidateSchema } from '../../../shared/model';
import {
  acceptCandidate,
  BlocklistFormatError,
  decideCandidate,
  importBlocklist,
  referSite,
  TriageStateError,
} from '../../discovery';
import type { Store } from '../../store';
import { actorOf, allow } from '../auth';
import { ApiError, notFound } from '../errors';
import { errors, IdParam } from '../schemas';

const DecisionBody = z.object({ reason: z.string().trim().min(3).max(2000).optional() });

/**
 * The discovery triage queue (reviewers and admins): candidate sites ranked
 * by evidence, and the decisions on them. Referrals are open to every role.
 */
export const discoveryRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  const flagger = async () => new NameFlagger(discoveryTerms(await store.catalogue.items()));
  const triage = (fn: () => Promise<unknown>) =>
    fn().catch((e: unknown) => {
      if (e instanceof TriageStateError) throw new ApiError(409, 'already_decided', e.message);
      throw e;
    });
  const candidate = async (id: number) => {
    const c = await store.discovery.byId(id);
    if (!c) throw notFound(`discovery candidate ${id}`, 'id');
    return c;
  };

  app.get(
    '/v1/discovery/candidates',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['discovery'],
        summary: 'The triage queue: candidate sites, infringing first, then by evidence score (reviewer, admin)',
        querystring: z.object({
          status: z.enum(['new', 'accepted', 'rejected', 'official', 'all']).default('new'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ candidates: z.array(CandidateSchema) }), ...errors(400, 403) },
      },
    },
    async (req) => ({ candidates: await store.discovery.list(req.query) }),
  );
  app.get(
    '/v1/discovery/candidates/:id',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['discovery'],
        summary: 'One candidate with its sources, classification signals, hosting and mirrors',
        params: IdParam,
        response: { 200: CandidateSchema, ...errors(403, 404) },
      },
    },
    async (req) => candidate(req.params.id),
  );
  app.post(
    '/v1/discovery/candidates/:id/accept',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['discovery'],
        summary: 'Accept: the site becomes a pirate site with its mirrors, its sweep is queued',
        description:
          'The candidate becomes a pirate site (or a mirror of the known site it copies); candidates whose ' +
          'page template, title and hosting make them its mirrors join it. A site read by a template reader ' +
          '(the WordPress video themes) has its sweep queued (`counterscan discover sweep`); `blockingRequest` ' +
          'is where to build the site-blocking request for it and every mirror.',
        params: IdParam,
        body: DecisionBody,
        response: {
          200: CandidateAcceptedSchema,
          ...errors(403, 404, 409),
        },
      },
    },
    async (req) => {
      await candidate(req.params.id);
      const r = (await triage(() =>
        acceptCandidate(store, { id: req.params.id, actor: actorOf(req.principal), reason: req.body.reason ?? null }),
      )) as Awaited<ReturnType<typeof acceptCandidate>>;
      return { ...r, blockingRequest: `/v1/pirate-sites/${r.pirateSiteId}/blocking-requests` };
    },
  );
  for (const [path, status] of [
    ['reject', 'rejected'],
    ['official', 'official'],
  ] as const) {
    app.post(
      `/v1/discovery/candidates/:id/${path}`,
      {
        preHandler: allow('admin', 'reviewer'),
        schema: {
          tags: ['discovery'],
          summary:
            status === 'rejected'
              ? 'Reject: remembered, so the site found again stays off the queue'
              : "Mark as official: the holder's own or an authorised site, off the queue for good",
          params: IdParam,
          body: DecisionBody,
          response: { 200: CandidateSchema, ...errors(403, 404, 409) },
        },
      },
      async (req) => {
        await candidate(req.params.id);
        return triage(() =>
          decideCandidate(store, {
            id: req.params.id,
            status,
            actor: actorOf(req.principal),
            reason: req.body.reason ?? null,
          }),
        ) as Promise<z.infer<typeof CandidateSchema>>;
      },
    );
  }
  app.post(
    '/v1/discovery/referrals',
    {
      schema: {
        tags: ['discovery'],
        summary: 'Refer a whole site (a URL or a domain) for discovery, as from the extension',
        body: z.object({ url: z.string().trim().min(3).max(2000), note: z.string().trim().max(2000).optional() }),
        response: { 201: z.object({ id: z.number().int(), domain: z.string(), created: z.boolean() }), ...errors(400) },
      },
    },
    async (req, reply) => {
      let r;
      try {
        r = await referSite(store.discovery, await flagger(), req.body.url, {
          by: actorOf(req.principal),
          note: req.body.note ?? null,
        });
      } catch {
        r = undefined;
      }
      if (!r) throw new ApiError(400, 'invalid_request', `${req.body.url} is no site's address, or is official`, 'url');
      return reply.code(201).send({ id: r.candidate.id, domain: r.candidate.domain, created: r.created });
    },
  );
  app.post(
    '/v1/discovery/blocklists',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['discovery'],
        summary: 'Import a domain list: one domain a line, or CSV domain,reason',
        body: z.object({ list: z.string().trim().min(1).max(200), text: z.string().max(5_000_000) }),
        response: {
          200: z.object({ entries: z.number().int(), added: z.number().int(), official: z.array(z.string()) }),
          ...errors(400, 403),
        },
      },
    },
    async (req) => {
      try {
        return await importBlocklist(store.discovery, await flagger(), req.body.text, {
          list: req.body.list,
          by: actorOf(req.principal),
        });
      } catch (e) {
        if (e instanceof BlocklistFormatError) throw new ApiError(400, 'invalid_request', e.message, 'text');
        throw e;
      }
    },
  );
};
