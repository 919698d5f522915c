/**
 * What the review API sends about discovery's triage queue — candidate sites
 * with their sources, evidence and decision, and what accepting one did — as
 * zod schemas the server validates its answers with and the extension checks
 * them against on arrival.
 */
import { z } from 'zod';

export const CANDIDATE_STATUSES = ['new', 'accepted', 'rejected', 'official'] as const;

const Reason = z.object({ signal: z.string(), detail: z.string() });

export const DiscoveryCandidateSchema = z.object({
  id: z.number().int(),
  domain: z.string().describe('registrable domain, ASCII (IDNA)'),
  unicode: z.string().describe('as a person reads it'),
  status: z.enum(CANDIDATE_STATUSES),
  score: z.number().describe('evidence score in [0, 1]; the queue is ranked by it, infringing sites first'),
  infringing: z.boolean().describe('a shop, streaming site or torrent index that names a protected work or brand'),
  kind: z.enum(['shop', 'streaming', 'torrent', 'parked', 'unrelated', 'unreachable']).nullable().optional(),
  sources: z.array(
    z.object({
      source: z.enum(['ct', 'lookalike', 'search', 'blocklist', 'referral']),
      detail: z.string(),
      name: z.string().optional(),
      by: z.string().optional(),
    }),
  ),
  nameReasons: z.array(z.object({ kind: z.string(), term: z.string(), termKind: z.string(), detail: z.string() })),
  holderIds: z.array(z.string()),
  named: z.array(z.object({ term: z.string(), kind: z.string(), holderIds: z.array(z.string()) })).optional(),
  signals: z.array(z.object({ signal: z.string(), detail: z.string(), weight: z.number() })).optional(),
  template: z.string().nullable().optional(),
  origin: z.string().nullable().optional(),
  addresses: z.array(z.string()).nullable().optional(),
  hosting: z.unknown().optional(),
  mirrorOf: z.array(z.object({ domain: z.string(), score: z.number(), reasons: z.array(Reason) })).optional(),
  pirateSiteId: z.number().int().nullable(),
  adapter: z.string().nullable(),
  sweepStatus: z.enum(['queued', 'done', 'failed']).nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  firstSeen: z.string(),
  checkedAt: z.string().nullable(),
});
export type DiscoveryCandidate = z.infer<typeof DiscoveryCandidateSchema>;

export const CandidateAcceptedSchema = z.object({
  candidate: DiscoveryCandidateSchema,
  pirateSiteId: z.number().int(),
  mirrors: z.array(z.string()),
  adapter: z.string().nullable(),
  sweepQueued: z.boolean(),
  blockingRequest: z.string().describe('POST here to build the site-blocking request'),
});
export type CandidateAccepted = z.infer<typeof CandidateAcceptedSchema>;
