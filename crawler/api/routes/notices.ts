import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildNoticeOrThrow, isRegimeId, regimeById, REGIME_IDS, toLumen } from '../../../shared/notices';
import {
  ChannelSchema,
  CounterNoticeSchema as CounterSchema,
  NOTICE_EVENTS,
  NOTICE_STATES,
  NoticeSchema,
  RegimesSchema,
} from '../../../shared/model';
import { createNoticeForCase, recordCounterNotice, reviseNoticeDraft } from '../../notices';
import type { Store } from '../../store';
import { actorOf, allow, scopeOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { errors, IdParam, limitParam } from '../schemas';

const NoticeRequestSchema = z.object({
  regime: z.string().refine(isRegimeId, { message: `one of ${REGIME_IDS.join(', ')}` }),
  channelId: z.string().min(1),
  signature: z.object({ name: z.string().optional(), kind: z.enum(['electronic', 'physical']).optional() }).optional(),
  statements: z
    .object({
      goodFaith: z.boolean().optional(),
      accurate: z.boolean().optional(),
      complete: z.boolean().optional(),
      authorised: z.boolean().optional(),
    })
    .optional(),
  explanation: z.string().max(20_000).optional(),
  requestedMeasures: z.array(z.enum(['delete', 'block', 'disconnect', 'terminate'])).optional(),
  documents: z
    .record(z.string(), z.object({ fileName: z.string().optional(), sha256: z.string().optional() }))
    .optional(),
  jurisdiction: z.array(z.string().min(2)).optional(),
  listings: z
    .record(
      z.string(),
      z.object({
        infringingParts: z.array(z.string()).optional(),
        testBuyOrderId: z.string().optional(),
        timestamps: z.array(z.object({ start: z.number(), end: z.number() })).optional(),
        listingId: z.string().optional(),
      }),
    )
    .optional(),
  extra: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('regime-specific fields passed to the builder (eBay `vero`, Alibaba `ipp`, …)'),
});

/** Notices from cases: built per regime, gated for accuracy, sent through the outbox, answered, countered. */
export const noticeRoutes: FastifyPluginAsyncZod<{ store: Store; publicUrl: string }> = async (
  app,
  { store, publicUrl },
) => {
  const { notices, counterNotices: counters } = store;
  const found = <T>(v: T | null, what: string): T => {
    if (!v) throw notFound(what, 'id');
    return v;
  };

  app.get(
    '/v1/regimes',
    {
      schema: {
        tags: ['notices'],
        summary: 'Notice regimes and the elements each requires',
        response: {
          200: RegimesSchema,
          ...errors(),
        },
      },
    },
    async () => ({
      regimes: REGIME_IDS.map((id) => {
        const r = regimeById(id)!;
        return {
          id,
          name: r.title,
          required: r.requiredElements.map((e) => ({ id: e.id, label: e.label, basis: e.basis })),
        };
      }),
    }),
  );

  app.get(
    '/v1/channels',
    {
      schema: {
        tags: ['notices'],
        summary: 'Where notices go: platforms and their addresses',
        response: { 200: z.object({ channels: z.array(ChannelSchema) }), ...errors() },
      },
    },
    async () => ({ channels: await notices.channels() }),
  );
  app.put(
    '/v1/channels/:id',
    {
      preHandler: allow('admin'),
      schema: {
        tags: ['notices'],
        summary: 'Add or change a channel (admin)',
        params: z.object({ id: z.string() }),
        body: ChannelSchema,
        response: { 200: ChannelSchema, ...errors(400, 403) },
      },
    },
    async (req) => {
      if (req.body.id !== req.params.id)
        throw new ApiError(400, 'invalid_request', 'body field id: must equal the id in the path', 'id');
      await notices.putChannel(req.body);
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'channel.put',
        target: `channel:${req.body.id}`,
        after: req.body,
      });
      return req.body;
    },
  );

  app.post(
    '/v1/cases/:id/notices',
    {
      schema: {
        tags: ['notices'],
        summary: "Build a notice from a case's confirmed listings (a draft)",
        description:
          'Refused (422, `listings_refused`) with every reason when a listing is not confirmed, is sold by an ' +
          'authorised seller or is only a price dispute; (422, `notice_incomplete`) naming each element the ' +
          "regime lacks (GET /v1/holders/{id}/readiness lists the profile's gaps in advance); (409, " +
          '`already_noticed`) when every refused listing is only already under an open notice. The signature ' +
          'and statements must be given: they are never defaulted.',
        params: IdParam,
        body: NoticeRequestSchema,
        response: { 201: NoticeSchema, ...errors(400, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { regime, channelId, ...request } = req.body;
      const n = await createNoticeForCase(store, {
        caseId: req.params.id,
        regime: regime as never,
        channelId,
        request: request as never,
        actor: actorOf(req.principal),
        scope: scopeOf(req.principal),
        now: new Date(),
        publicUrl,
      });
      return reply.code(201).send(found(n, `case ${req.params.id}`));
    },
  );

  app.get(
    '/v1/notices',
    {
      schema: {
        tags: ['notices'],
        summary: 'Notices you may see, newest first',
        querystring: z.object({
          caseId: z.coerce.number().int().optional(),
          state: z.enum(NOTICE_STATES).optional(),
          limit: limitParam(50, 200),
        }),
        response: { 200: z.object({ notices: z.array(NoticeSchema) }), ...errors(400) },
      },
    },
    async (req) => ({ notices: await notices.list(scopeOf(req.principal), req.query) }),
  );
  app.get(
    '/v1/notices/accuracy',
    {
      schema: {
        tags: ['notices'],
        summary: 'Per channel: notices sent and the share rejected, withdrawn or countered',
        response: {
          200: z.object({
            channels: z.array(
              z.object({
                channelId: z.string(),
                sent: z.number(),
                answered: z.number(),
                rejected: z.number(),
                withdrawn: z.number(),
                countered: z.number(),
                inaccurateShare: z.number(),
              }),
            ),
          }),
          ...errors(),
        },
      },
    },
    async (req) => ({ channels: await notices.accuracy(scopeOf(req.principal)) }),
  );
  app.get(
    '/v1/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: 'One notice: text, HTML, structured JSON, delivery state',
        params: IdParam,
        response: { 200: NoticeSchema, ...errors(404) },
      },
    },
    async (req) => found(await notices.get(req.params.id, scopeOf(req.principal)), `notice ${req.params.id}`),
  );
  app.get(
    '/v1/notices/:id/lumen',
    {
      schema: {
        tags: ['notices'],
        summary: "The notice in the Lumen database's shape",
        params: IdParam,
        response: { 200: z.unknown(), ...errors(404) },
      },
    },
    async (req) => {
      const n = found(await notices.get(req.params.id, scopeOf(req.principal)), `notice ${req.params.id}`);
      const built = buildNoticeOrThrow(n.regime as never, n.input);
      return toLumen(built, {
        actionTaken: n.outcome === 'accepted' ? 'Yes' : n.outcome === 'rejected' ? 'No' : 'Unspecified',
      });
    },
  );
  app.patch(
    '/v1/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: "Edit a draft's free-text parts (explanation, signature, statements, per-listing details)",
        description:
          'The draft is rebuilt from its case under the same regime and channel, gated again, and keeps its ' +
          'evidence link; refused (409, `invalid_state`) once it has left the drafts.',
        params: IdParam,
        body: NoticeRequestSchema.omit({ regime: true, channelId: true }),
        response: { 200: NoticeSchema, ...errors(400, 404, 409, 422) },
      },
    },
    async (req) =>
      found(
        await reviseNoticeDraft(store, {
          noticeId: req.params.id,
          request: req.body as never,
          actor: actorOf(req.principal),
          scope: scopeOf(req.principal),
          now: new Date(),
          publicUrl,
        }),
        `notice ${req.params.id}`,
      ),
  );
  app.delete(
    '/v1/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: 'Discard a draft (its listings may then be noticed again)',
        params: IdParam,
        response: { 204: z.null(), ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      found(
        await notices.discard(req.params.id, actorOf(req.principal), scopeOf(req.principal)),
        `notice ${req.params.id}`,
      );
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/v1/notices/:id/send',
    {
      schema: {
        tags: ['notices'],
        summary: 'Put a draft (or a failed or bounced notice) in the outbox',
        params: IdParam,
        response: { 200: NoticeSchema, ...errors(404, 409) },
      },
    },
    async (req) =>
      found(
        await notices.queue(req.params.id, actorOf(req.principal), scopeOf(req.principal)),
        `notice ${req.params.id}`,
      ),
  );
  app.post(
    '/v1/notices/:id/events',
    {
      schema: {
        tags: ['notices'],
        summary: "Record the platform's side: bounced, acknowledged, accepted, rejected, withdrawn",
        params: IdParam,
        body: z.object({
          event: z.enum(NOTICE_EVENTS),
          note: z.string().max(4000).optional(),
        }),
        response: { 200: NoticeSchema, ...errors(400, 404, 409) },
      },
    },
    async (req) =>
      found(
        await notices.recordEvent(
          req.params.id,
          req.body.event,
          actorOf(req.principal),
          scopeOf(req.principal),
          req.body.note,
        ),
        `notice ${req.params.id}`,
      ),
  );
  app.post(
    '/v1/notices/:id/counter-notices',
    {
      schema: {
        tags: ['notices'],
        summary: "Record a seller's counter-notice and start the statutory clock",
        description: 'Refused (409) on a notice that was never sent.',
        params: IdParam,
        body: z.object({
          receivedAt: z.iso.datetime({ offset: true }),
          sender: z.string().min(1).max(500),
          statement: z.string().min(1).max(20_000),
        }),
        response: { 201: CounterSchema, ...errors(400, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const n = found(await notices.get(req.params.id, scopeOf(req.principal)), `notice ${req.params.id}`);
      return reply.code(201).send(
        await recordCounterNotice(counters, {
          noticeId: n.id,
          regime: n.regime,
          receivedAt: new Date(req.body.receivedAt),
          sender: req.body.sender,
          statement: req.body.statement,
          actor: actorOf(req.principal),
        }),
      );
    },
  );
  app.get(
    '/v1/notices/:id/counter-notices',
    {
      schema: {
        tags: ['notices'],
        summary: "A notice's counter-notices with their clocks",
        params: IdParam,
        response: { 200: z.object({ counterNotices: z.array(CounterSchema) }), ...errors(404) },
      },
    },
    async (req) => {
      found(await notices.get(req.params.id, scopeOf(req.principal)), `notice ${req.params.id}`);
      return { counterNotices: await counters.forNotice(req.params.id) };
    },
  );
  app.patch(
    '/v1/counter-notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: 'Outcome of a counter-notice: action filed, restored, withdrawn',
        params: IdParam,
        body: z.object({ outcome: z.enum(['action_filed', 'restored', 'withdrawn']) }),
        response: { 200: CounterSchema, ...errors(400, 404) },
      },
    },
    async (req) =>
      found(
        await counters.setOutcome(req.params.id, req.body.outcome, actorOf(req.principal), scopeOf(req.principal)),
        `counter-notice ${req.params.id}`,
      ),
  );
};
