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

export const HIT_STATUSES = [
  'new',
  'confirmed',
  'dismissed',
  'notice_sent',
  'removed',
  'rejected',
  'relisted',
] as const;
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

/**
 * Which status a hit may move to from each status. Reviewers can correct a
 * confirm or dismiss; after a notice only the platform's answer moves it on.
 */
export const HIT_TRANSITIONS: Record<HitStatus, readonly HitStatus[]> = {
  new: ['confirmed', 'dismissed'],
  confirmed: ['dismissed', 'new', 'notice_sent'],
  dismissed: ['confirmed', 'new'],
  notice_sent: ['removed', 'rejected', 'relisted'],
  removed: ['relisted'],
  rejected: ['confirmed', 'dismissed'],
  relisted: ['confirmed', 'notice_sent', 'dismissed'],
};

/**
 * The hit statuses that say a reviewer judged the listing infringing, whatever happened after
 * (noticed, taken down, rejected by the platform, back up). Figures and reports count these as
 * confirmed. Two narrower views of it, each for one use, are defined here beside it:
 */
export const CONFIRMED_STATUSES = ['confirmed', 'notice_sent', 'removed', 'rejected', 'relisted'] as const;
/** Confirmed and not overturned: what counts against a seller (a platform's rejection of the notice does not). */
export const SELLER_CONFIRMED_STATUSES = ['confirmed', 'notice_sent', 'removed', 'relisted'] as const;
/** Confirmed and, as far as we know, still online: a site-blocking request's evidence (a removed listing is not). */
export const LIVE_CONFIRMED_STATUSES = ['confirmed', 'notice_sent', 'rejected', 'relisted'] as const;

export function canMoveHit(from: HitStatus, to: HitStatus): boolean {
  return HIT_TRANSITIONS[from].includes(to);
}

export const FLAG_REASONS = ['counterfeit', 'piracy', 'trademark', 'copyright', 'design', 'patent', 'other'] as const;
export const FlagReasonSchema = z.enum(FLAG_REASONS);
export type FlagReason = z.infer<typeof FlagReasonSchema>;

export const ROLES = ['admin', 'reviewer', 'holder'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
