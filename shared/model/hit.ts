import { z } from 'zod';

export const SignalSchema = z.object({
  /** Stable id of the signal kind, e.g. `brand_term`, `counterfeit_word`. */
  name: z.string(),
  /** Contribution to the score; negative signals lower it. */
  weight: z.number(),
  /** The text in the listing (or the fact) that triggered the signal. */
  evidence: z.string(),
});
export type Signal = z.infer<typeof SignalSchema>;

export const HIT_STATUSES = ['new', 'confirmed', 'dismissed', 'notice_sent', 'removed', 'rejected', 'relisted'] as const;
export const HitStatusSchema = z.enum(HIT_STATUSES);
export type HitStatus = z.infer<typeof HitStatusSchema>;

export const HitSchema = z.object({
  listingUrl: z.string(),
  itemId: z.string(),
  score: z.number().min(0).max(1),
  signals: z.array(SignalSchema),
  status: HitStatusSchema.default('new'),
});
export type Hit = z.infer<typeof HitSchema>;
