import { z } from 'zod';
import { CurrencySchema } from './currency';

export const ListingKindSchema = z.enum(['product', 'video']);
export type ListingKind = z.infer<typeof ListingKindSchema>;

export const SellerSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  location: z.string().optional(),
});
export type Seller = z.infer<typeof SellerSchema>;

export const ListingSchema = z.object({
  url: z.string().min(1),
  site: z.string().min(1),
  kind: ListingKindSchema,
  title: z.string(),
  description: z.string().optional(),
  price: z.number().nonnegative().optional(),
  currency: CurrencySchema.optional(),
  seller: SellerSchema.optional(),
  /** The brand the listing names (Amazon's byline, eBay's item specifics); not the shop. */
  brand: z.string().optional(),
  images: z.array(z.string()).default([]),
  soldCount: z.number().int().nonnegative().optional(),
  views: z.number().int().nonnegative().optional(),
  durationSeconds: z.number().int().nonnegative().optional(),
  /** When a video was published (ISO 8601 date or date-time), as its page says. */
  uploadDate: z.string().optional(),
  /** ISO 8601 time the page was fetched. */
  fetchedAt: z.string(),
  /** SHA-256 (hex) of the fetched page body. */
  contentHash: z.string().optional(),
  /**
   * What the extractor could not read and left out (a JSON-LD block that is
   * not JSON, a sold count past 2^53…), one sentence each. Absent when nothing was.
   */
  extractionWarnings: z.array(z.string()).optional(),
});
export type Listing = z.infer<typeof ListingSchema>;
export type ListingInput = z.input<typeof ListingSchema>;
