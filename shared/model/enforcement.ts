/**
 * What the review API sends about enforcement — cases, notices and their
 * outbox state, counter-notices, holder readiness, pirate sites and
 * site-blocking requests — as zod schemas the server validates its answers
 * with and the extension checks them against on arrival.
 */
import { z } from 'zod';
import { PrincipalSchema } from './review';

export const NOTICE_STATES = ['draft', 'queued', 'sent', 'failed', 'bounced', 'acknowledged'] as const;
export const NOTICE_OUTCOMES = ['accepted', 'rejected', 'withdrawn', 'countered'] as const;
export const NOTICE_EVENTS = ['bounced', 'acknowledged', 'accepted', 'rejected', 'withdrawn'] as const;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const CaseSummarySchema = z.object({
  id: z.number().int(),
  holderId: z.string(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  assignee: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  hitIds: z.array(z.number().int()),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export const CaseViewSchema = CaseSummarySchema.extend({
  comments: z.array(z.object({ id: z.number().int(), author: z.string(), body: z.string(), at: z.string() })),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

export const ChannelSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/),
  name: z.string().min(1).max(200),
  email: z.email(),
  party: z.record(z.string(), z.unknown()).default({}),
});
export type ChannelView = z.infer<typeof ChannelSchema>;

export const NoticeSchema = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  holderId: z.string(),
  regime: z.string(),
  channelId: z.string(),
  recipient: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  payload: z.unknown(),
  state: z.enum(NOTICE_STATES),
  outcome: z.enum(NOTICE_OUTCOMES).nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  messageId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  urls: z.array(z.object({ url: z.string(), hitId: z.number().int() })),
});
export type NoticeView = z.infer<typeof NoticeSchema>;

export const CounterNoticeSchema = z.object({
  id: z.number().int(),
  noticeId: z.number().int(),
  regime: z.string(),
  receivedAt: z.string(),
  sender: z.string(),
  statement: z.string(),
  earliest: z.string().describe('the first day the listing may be restored (the statutory clock)'),
  latest: z.string().describe('the last day: restored by then unless the holder files an action'),
  remindAt: z.string(),
  remindedAt: z.string().nullable(),
  outcome: z.enum(['pending', 'action_filed', 'restored', 'withdrawn']),
});
export type CounterNoticeView = z.infer<typeof CounterNoticeSchema>;

export const RegimesSchema = z.object({
  regimes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      required: z.array(z.object({ id: z.string(), label: z.string(), basis: z.string() })),
    }),
  ),
});

const GapSchema = z.object({
  id: z.string(),
  label: z.string(),
  basis: z.string(),
  paths: z.array(z.string()),
  fields: z.array(z.string()),
});
export const ReadinessSchema = z.object({
  holderId: z.string(),
  ready: z.array(z.string()),
  regimes: z.array(
    z.object({
      regime: z.string(),
      title: z.string(),
      ready: z.boolean(),
      missing: z.array(GapSchema),
      channels: z.array(z.object({ channel: z.string(), ready: z.boolean(), missing: z.array(GapSchema) })),
    }),
  ),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

const ReasonsSchema = z.array(z.object({ signal: z.string(), detail: z.string() }));
export const PirateSiteSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  holderId: z.string().nullable(),
  domains: z
    .array(z.object({ domain: z.string(), role: z.enum(['primary', 'mirror']), reasons: ReasonsSchema }))
    .describe('what a blocking request covers'),
  suggestions: z
    .array(
      z.object({
        id: z.number().int(),
        domain: z.string(),
        holderId: z.string(),
        reasons: ReasonsSchema,
        status: z.enum(['pending', 'accepted', 'rejected']),
        suggestedAt: z.string(),
        decisionReason: z.string().nullable(),
      }),
    )
    .describe("holders' mirrors for a shared site, pending review: reviewers see all, a holder its own"),
});
export type PirateSiteView = z.infer<typeof PirateSiteSchema>;

export const BlockingRequestSchema = z.object({
  id: z.number().int(),
  siteId: z.number().int(),
  package: z.unknown(),
  text: z.string(),
  html: z.string(),
  createdAt: z.string().optional(),
});

/** The parts of a blocking package the extension reads to review it: whom it goes to. */
export const BlockingAddresseesSchema = z.object({
  addressees: z.array(
    z.object({
      role: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      for: z.array(z.string()),
      detail: z.string().nullable(),
    }),
  ),
  domains: z.array(z.object({ domain: z.string(), role: z.string(), lookupErrors: z.array(z.string()) })),
});

/** Who the token is, and whether this server can send email at all (else notices are prepared to copy). */
export const MeViewSchema = PrincipalSchema.extend({
  delivery: z
    .object({
      email: z.boolean().describe('an SMTP relay is configured (COUNTERSCAN_SMTP_URL): queued notices go out'),
      from: z.string().nullable().describe('the From address notices are sent with'),
    })
    .optional(),
});
export type MeView = z.infer<typeof MeViewSchema>;
