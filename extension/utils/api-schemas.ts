/**
 * The review API's answers, checked where they enter the extension: anything
 * that does not fit is an error, never half-read data.
 */
import { z } from 'zod';
import { CatalogueItemSchema, HIT_STATUSES, SignalSchema } from '../../shared/model';

export const RoleSchema = z.enum(['admin', 'reviewer', 'holder']);
export type Role = z.infer<typeof RoleSchema>;

export const MeSchema = z.object({
  tokenId: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  role: RoleSchema,
  holderId: z.string().nullable(),
});
export type Me = z.infer<typeof MeSchema>;

export const ItemsPageSchema = z.object({
  items: z.array(CatalogueItemSchema),
  nextCursor: z.string().nullable(),
});

export const HitStatusSchema = z.enum(HIT_STATUSES);
export type HitStatus = z.infer<typeof HitStatusSchema>;

export const EvidenceRefSchema = z.object({
  sha256: z.string(),
  kind: z.string(),
  contentType: z.string().nullish(),
  size: z.number().nullish(),
  capturedAt: z.string().nullish(),
});
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;

export const HitViewSchema = z.object({
  id: z.number(),
  status: HitStatusSchema,
  score: z.number(),
  signals: z.array(SignalSchema).default([]),
  listingUrl: z.string(),
  site: z.string().nullish(),
  kind: z.string().nullish(),
  title: z.string().nullish(),
  price: z.number().nullish(),
  currency: z.string().nullish(),
  sellerName: z.string().nullish(),
  itemId: z.string(),
  itemTitle: z.string().nullish(),
  holderId: z.string().nullish(),
  evidence: z.array(EvidenceRefSchema).default([]),
  flag: z
    .object({ by: z.string().nullish(), reason: z.string().nullish(), note: z.string().nullish(), at: z.string().nullish() })
    .nullish(),
  firstSeenAt: z.string().nullish(),
  lastSeenAt: z.string().nullish(),
});
export type HitView = z.infer<typeof HitViewSchema>;

export const HitsPageSchema = z.object({ hits: z.array(HitViewSchema), nextCursor: z.string().nullable() });
export type HitsPage = z.infer<typeof HitsPageSchema>;

export const CountsSchema = z.object({
  counts: z.record(z.string(), z.number()),
  total: z.number(),
});
export type Counts = z.infer<typeof CountsSchema>;

export const StatusResultsSchema = z.object({
  results: z.array(
    z.object({
      id: z.number(),
      applied: z.boolean(),
      status: z.string().nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullish(),
    }),
  ),
});
export type StatusResults = z.infer<typeof StatusResultsSchema>;

export const EvidenceUploadedSchema = z.object({
  sha256: z.string(),
  size: z.number(),
  kind: z.string(),
  contentType: z.string(),
});

export const FLAG_REASONS = ['counterfeit', 'piracy', 'trademark', 'copyright', 'design', 'patent', 'other'] as const;
export const FlagReasonSchema = z.enum(FLAG_REASONS);
export type FlagReason = z.infer<typeof FlagReasonSchema>;

export const FlagCreatedSchema = z.object({ hit: HitViewSchema, created: z.boolean() });
export type FlagCreated = z.infer<typeof FlagCreatedSchema>;

export const ApiErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().nullish() }),
});
