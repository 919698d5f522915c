import { z } from 'zod';
import { currencySchema } from './currency';
import { lazy } from './lazy';

// Built on first use (lazy.ts): the extension's content script loads this module on every page.
const schemas = lazy(() => {
  const kind = z.enum(['product', 'video']);
  const seller = z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    url: z.string().optional(),
    location: z.string().optional(),
  });
  const listing = z.object({
    url: z.string().min(1),
    site: z.string().min(1),
    kind,
    title: z.string(),
    description: z.string().optional(),
    price: z.number().nonnegative().optional(),
    currency: currencySchema().optional(),
    seller: seller.optional(),
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
  return { kind, seller, listing };
});

export const sellerSchema = () => schemas().seller;
export const listingSchema = () => schemas().listing;
export type ListingKind = z.infer<ReturnType<typeof schemas>['kind']>;
export type Seller = z.infer<ReturnType<typeof sellerSchema>>;
export type Listing = z.infer<ReturnType<typeof listingSchema>>;
export type ListingInput = z.input<ReturnType<typeof listingSchema>>;
