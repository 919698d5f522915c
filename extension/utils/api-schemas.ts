/**
 * The review API's answers, checked where they enter the extension: anything
 * that does not fit is an error, never half-read data. The schemas are the
 * server's own (shared/model/review.ts), so the two cannot drift apart.
 */
import { z } from 'zod';
import {
  ApiErrorSchema,
  CatalogueItemSchema,
  EvidenceRefSchema,
  EvidenceUploadedSchema,
  FLAG_REASONS,
  FlagCreatedSchema,
  FlagReasonSchema,
  HitCountsSchema,
  HitsPageSchema,
  HitStatusSchema,
  HitViewSchema,
  PrincipalSchema,
  RoleSchema,
  StatusResultsSchema,
  type EvidenceRef,
  type FlagReason,
  type HitStatus,
  type HitView,
  type PrincipalView,
  type Role,
} from '../../shared/model';

export { EvidenceRefSchema, EvidenceUploadedSchema, FLAG_REASONS, FlagCreatedSchema, FlagReasonSchema, HitsPageSchema, HitStatusSchema, HitViewSchema, RoleSchema, StatusResultsSchema };
export type { EvidenceRef, FlagReason, HitStatus, HitView, Role };

export const MeSchema = PrincipalSchema;
export type Me = PrincipalView;

export const ItemsPageSchema = z.object({ items: z.array(CatalogueItemSchema), nextCursor: z.string().nullable() });

export type HitsPage = z.infer<typeof HitsPageSchema>;
export const CountsSchema = HitCountsSchema;
export type Counts = z.infer<typeof HitCountsSchema>;
export type StatusResults = z.infer<typeof StatusResultsSchema>;
export type FlagCreated = z.infer<typeof FlagCreatedSchema>;
export const ApiErrorBodySchema = ApiErrorSchema;
