import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildBlockingRequest, DEFAULT_MIRROR_THRESHOLD, similarity, type RdapClient } from '../../blocking';
import { BlockingRequestSchema as RequestSchema, PirateSiteSchema as SiteSchema } from '../../../shared/model';
import type { Store } from '../../store';
import { actorOf, allow, scopeOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { errors, IdParam } from '../schemas';

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'a domain name such as streamvault.com');
const Page = z.object({ title: z.string().max(2000).optional(), html: z.string().max(2_000_000) });
/** Pirate audio-visual sites, their mirrors, and site-blocking requests addressed through RDAP. */
export const blockingRoutes: FastifyPluginAsyncZod<{ store: Store; rdap: RdapClient }> = async (
  app,
  { store, rdap },
) => {
  const { blocking } = store;
  const site = async (id: number, scope: ReturnType<typeof scopeOf>) => {
    const s = await blocking.get(id, scope);
    if (!s) throw notFound(`pirate site ${id}`, 'id');
    return s;
  };

  app.get(
    '/v1/pirate-sites',
    {
      schema: {
        tags: ['blocking'],
        summary: 'Pirate sites with their domains and mirrors',
        response: { 200: z.object({ sites: z.array(SiteSchema) }), ...errors() },
      },
    },
    async (req) => ({
      sites: await blocking.list(scopeOf(req.principal)),
    }),
  );
  app.post(
    '/v1/pirate-sites',
    {
      schema: {
        tags: ['blocking'],
        summary: 'Record a pirate site by its main domain',
        body: z.object({ name: z.string().min(1).max(200), domain: Domain }),
        response: { 201: SiteSchema, ...errors(400) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await blocking.create({
          ...req.body,
          actor: actorOf(req.principal),
          holderId: req.principal.role === 'holder' ? req.principal.holderId : null,
        }),
      ),
  );
  app.get(
    '/v1/pirate-sites/:id',
    {
      schema: {
        tags: ['blocking'],
        summary: 'One pirate site',
        params: IdParam,
        response: { 200: SiteSchema, ...errors(404) },
      },
    },
    async (req) => site(req.params.id, scopeOf(req.principal)),
  );
  app.post(
    '/v1/pirate-sites/:id/mirrors',
    {
      schema: {
        tags: ['blocking'],
        summary: 'Link a mirror: a new domain serving the same site',
        description:
          `With both pages given, linked only when template, title and hosting make them alike ` +
          `(score ≥ ${DEFAULT_MIRROR_THRESHOLD}), with the reasons stored; without pages, the caller's stated reason ` +
          'is stored instead (signal `reviewer` for a reviewer or admin, `holder` for a holder). ' +
          "A site a reviewer or admin recorded is shared: only they change it, and a holder's mirror for it is " +
          "recorded as the holder's suggestion, pending review (202), in no blocking request until a reviewer " +
          'accepts it.',
        params: IdParam,
        body: z.object({
          domain: Domain,
          sitePage: Page.optional(),
          mirrorPage: Page.optional(),
          reason: z.string().min(3).max(2000).optional(),
        }),
        response: { 200: SiteSchema, 202: SiteSchema, ...errors(400, 404, 422) },
      },
    },
    async (req, reply) => {
      const s = await site(req.params.id, scopeOf(req.principal));
      const primary = s.domains.find((d) => d.role === 'primary')!.domain;
      const holder = req.principal.role === 'holder' ? req.principal.holderId : null;
      let reasons: { signal: string; detail: string }[];
      if (req.body.sitePage && req.body.mirrorPage) {
        const sim = similarity(
          { domain: primary, ...req.body.sitePage },
          { domain: req.body.domain, ...req.body.mirrorPage },
        );
        reasons = sim.reasons.filter((r) => r.agreed).map((r) => ({ signal: r.signal, detail: r.detail }));
        if (sim.score < DEFAULT_MIRROR_THRESHOLD) {
          throw new ApiError(
            422,
            'not_a_mirror',
            `${req.body.domain} does not look like ${primary} (score ${sim.score.toFixed(2)}: ` +
              (`${sim.reasons.map((r) => `${r.signal} ${r.agreed ? 'agrees' : 'differs'}`).join(', ')}); give a ` +
                `reason `) +
              `to link it anyway`,
            'domain',
          );
        }
      } else if (req.body.reason) reasons = [{ signal: holder ? 'holder' : 'reviewer', detail: req.body.reason }];
      else
        throw new ApiError(
          400,
          'invalid_request',
          'give both pages (sitePage, mirrorPage) to compare, or a reason',
          'reason',
        );
      if (holder && s.holderId === null) {
        if (!s.domains.some((d) => d.domain === req.body.domain)) {
          await blocking.suggestMirror({
            siteId: s.id,
            domain: req.body.domain,
            reasons,
            holderId: holder,
            actor: actorOf(req.principal),
          });
        }
        return reply.code(202).send(await site(s.id, scopeOf(req.principal)));
      }
      await blocking.addMirror(s.id, req.body.domain, reasons, actorOf(req.principal));
      return site(s.id, scopeOf(req.principal));
    },
  );
  app.post(
    '/v1/pirate-sites/:id/mirror-suggestions/:suggestionId',
    {
      preHandler: allow('admin', 'reviewer'),
      schema: {
        tags: ['blocking'],
        summary: "Accept or reject a holder's mirror suggestion for a shared site (reviewer, admin)",
        description:
          "Accepted, the domain joins the site (and every later blocking request for it), the holder's reasons " +
          "kept as the holder's next to the reviewer's; either way audited.",
        params: z.object({ id: z.coerce.number().int().positive(), suggestionId: z.coerce.number().int().positive() }),
        body: z.object({ decision: z.enum(['accept', 'reject']), reason: z.string().trim().min(3).max(2000) }),
        response: { 200: SiteSchema, ...errors(400, 403, 404) },
      },
    },
    async (req) => {
      const s = await site(req.params.id, scopeOf(req.principal));
      const decided = await blocking.decideSuggestion({
        siteId: s.id,
        suggestionId: req.params.suggestionId,
        accept: req.body.decision === 'accept',
        reason: req.body.reason,
        actor: actorOf(req.principal),
      });
      if (!decided)
        throw notFound(`pending mirror suggestion ${req.params.suggestionId} on pirate site ${s.id}`, 'suggestionId');
      return site(s.id, scopeOf(req.principal));
    },
  );
  app.post(
    '/v1/pirate-sites/:id/blocking-requests',
    {
      schema: {
        tags: ['blocking'],
        summary: 'Build a site-blocking request package for the site and all its mirrors',
        description:
          'Registrar and host abuse contacts come from RDAP (IANA bootstrap → registry → registrar; IP network ' +
          'RDAP); access providers and a regulator from the notice channels. A look-up that fails is reported ' +
          'in the package; when no addressee is found at all the request is refused (502) with each reason.',
        params: IdParam,
        body: z.object({
          legalGround: z.string().min(10).max(10_000),
          accessProviders: z.array(z.string()).default([]),
          regulator: z.string().optional(),
        }),
        response: { 201: RequestSchema, ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const s = await site(req.params.id, scopeOf(req.principal));
      const channelIds = [
        ...req.body.accessProviders.map((id) => ({ id, role: 'access_provider' as const })),
        ...(req.body.regulator ? [{ id: req.body.regulator, role: 'regulator' as const }] : []),
      ];
      const r = await buildBlockingRequest(
        { store, rdap },
        {
          site: s,
          legalGround: req.body.legalGround,
          channelIds,
          actor: actorOf(req.principal),
          scope: scopeOf(req.principal),
          now: new Date(),
        },
      );
      return reply.code(201).send({ id: r.id, siteId: s.id, package: r.pkg, text: r.text, html: r.html });
    },
  );
  app.get(
    '/v1/blocking-requests/:id',
    {
      schema: {
        tags: ['blocking'],
        summary: 'A stored site-blocking request (JSON package, text, HTML)',
        params: IdParam,
        response: { 200: RequestSchema, ...errors(404) },
      },
    },
    async (req) => {
      const r = await blocking.request(req.params.id, scopeOf(req.principal));
      if (!r) throw notFound(`blocking request ${req.params.id}`, 'id');
      return r;
    },
  );
};
