/**
 * The review API's answers, checked where they enter the extension: anything
 * that does not fit is an error, never half-read data. The schemas are the
 * server's own (shared/model/review.ts), so the two cannot drift apart.
 */
import { z } from 'zod';
import {
  ApiErrorSchema,
  CatalogueItemSchema,
  EvidenceUploadedSchema,
  FLAG_REASONS,
  FlagCreatedSchema,
  FlagReasonSchema,
  HitCountsSchema,
  HitLookupSchema,
  HitsPageSchema,
  HitViewSchema,
  ItemImageUploadedSchema,
  ItemImageUrlsChangedSchema,
  ItemPhotosSchema,
  MeViewSchema,
  StatusResultsSchema,
  type FlagReason,
  type HitLookup,
  type HitStatus,
  type HitView,
  type MeView,
} from '../../shared/model';
import { ReferenceHashWireSchema } from '../../shared/image/wire';

export {
  EvidenceUploadedSchema,
  FLAG_REASONS,
  FlagCreatedSchema,
  FlagReasonSchema,
  HitLookupSchema,
  HitsPageSchema,
  HitViewSchema,
  ItemImageUploadedSchema,
  ItemImageUrlsChangedSchema,
  ItemPhotosSchema,
  StatusResultsSchema,
};
export type { FlagReason, HitLookup, HitStatus, HitView };

export const MeSchema = MeViewSchema;
export type Me = MeView;

export const ItemsPageSchema = z.object({ items: z.array(CatalogueItemSchema), nextCursor: z.string().nullable() });

/** The reference photos' hashes as the server hashed them (`hashVersion`: its hash function's version). */
export const ReferenceImagesPageSchema = z.object({
  hashVersion: z.number().int(),
  images: z.array(ReferenceHashWireSchema),
  nextCursor: z.string().nullable(),
});

export type HitsPage = z.infer<typeof HitsPageSchema>;
export const CountsSchema = HitCountsSchema;
export type StatusResults = z.infer<typeof StatusResultsSchema>;
export const ApiErrorBodySchema = ApiErrorSchema;
