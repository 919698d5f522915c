import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Queue names, job payload schemas and job ids in one place. Every payload is
 * parsed with its schema when a worker takes the job: a bad payload fails
 * that job with the reason, it never reaches a stage.
 */
export const QUEUES = {
  sweep: 'sweep',
  discover: 'discover',
  listing: 'listing',
  /** Campaign ticks, fired by BullMQ job schedulers; each tick starts one sweep (`scheduler` process). */
  campaign: 'campaign',
  /** Re-fetching noticed listings (crawler/queue/verification: scheduler ticks and one check per hit). */
  verify: 'verify',
  /** The outbox: a job scheduler's round every 15 s delivers notices, reminders and alerts (crawler/queue/notify). */
  notify: 'notify',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const WORK_QUEUES = [QUEUES.sweep, QUEUES.discover, QUEUES.listing] as const;

export const CatalogueScopeSchema = z.object({
  holders: z.array(z.string().min(1)).optional(),
  items: z.array(z.string().min(1)).optional(),
  categories: z.array(z.string().min(1)).optional(),
});
export type CatalogueScope = z.infer<typeof CatalogueScopeSchema>;

const Common = {
  sweepId: z.string().min(1).max(120),
  site: z.string().min(1),
  origin: z.url({ protocol: /^https?$/ }),
};

export const SweepJobSchema = z.object({
  ...Common,
  scope: CatalogueScopeSchema.default({}),
  campaign: z.string().min(1).optional(),
  maxSearchPages: z.number().int().min(1).max(1000).default(20),
});
export type SweepJob = z.infer<typeof SweepJobSchema>;

export const DiscoverJobSchema = z.object({
  ...Common,
  scope: CatalogueScopeSchema.default({}),
  /** The search page to read; its next page becomes another discover job. */
  url: z.url({ protocol: /^https?$/ }),
  page: z.number().int().min(1),
  maxSearchPages: z.number().int().min(1).max(1000),
});
export type DiscoverJob = z.infer<typeof DiscoverJobSchema>;

export const ListingJobSchema = z.object({
  ...Common,
  scope: CatalogueScopeSchema.default({}),
  url: z.url({ protocol: /^https?$/ }),
});
export type ListingJob = z.infer<typeof ListingJobSchema>;

/** One firing of a campaign's schedule for one site: becomes a sweep with a fresh id. */
export const CampaignTickSchema = z.object({
  campaign: z.string().min(1),
  site: Common.site,
  origin: Common.origin,
  scope: CatalogueScopeSchema.default({}),
  maxSearchPages: z.number().int().min(1).max(1000).default(20),
});
export type CampaignTick = z.infer<typeof CampaignTickSchema>;

export const PAYLOAD_SCHEMAS = {
  [QUEUES.sweep]: SweepJobSchema,
  [QUEUES.discover]: DiscoverJobSchema,
  [QUEUES.listing]: ListingJobSchema,
  [QUEUES.campaign]: CampaignTickSchema,
} as const;

/**
 * Stable job ids: the same URL in the same sweep is one job, however many
 * workers discover it, so re-adding is a no-op. (BullMQ ids may not contain
 * ':', hence the hash.)
 */
export function jobId(kind: QueueName, sweepId: string, key: string): string {
  return `${kind}-${createHash('sha256').update(`${sweepId}\u0000${key}`).digest('hex').slice(0, 32)}`;
}

/** Retries with exponential backoff and jitter; failed jobs are kept (bounded) for inspection. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
} as const;
