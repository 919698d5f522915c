import { z } from 'zod';
import { currencySchema } from './currency';
import { RightsHolderSchema } from './holder';

export const IP_TYPES = [
  'trademark',
  'trade_name',
  'copyright',
  'patent',
  'design',
  'geographical_indication',
  'plant_variety',
  'software',
] as const;
export const IpTypeSchema = z.enum(IP_TYPES);
export type IpType = z.infer<typeof IpTypeSchema>;

export const MoneySchema = z.object({
  amount: z.number().nonnegative(),
  currency: currencySchema(),
});
export type Money = z.infer<typeof MoneySchema>;

export const RegistrationSchema = z.object({
  number: z.string().min(1),
  /** Issuing office, e.g. CNIPA, USPTO, EUIPO, WIPO, CPVO. */
  office: z.string().min(1),
});
export type Registration = z.infer<typeof RegistrationSchema>;

/**
 * Item ids are global. An id may carry its holder's namespace, `<holder id>:<id>`:
 * items a holder creates itself get one, so no holder's ids can collide with
 * (or reveal) another's. The namespace must be the item's own holder.
 */
export const ITEM_ID_PATTERN = /^(?:[A-Za-z0-9._-]+:)?[A-Za-z0-9._-]+$/;

/** The holder whose namespace an item id is in (`acme:bag-1` → `acme`), if any. */
export function holderNamespaceOf(itemId: string): string | undefined {
  const colon = itemId.indexOf(':');
  return colon > 0 ? itemId.slice(0, colon) : undefined;
}

/** Caps on the image URLs a client sets on an item through the API. */
export const IMAGE_URL_MAX_LENGTH = 2_048;
export const IMAGE_URLS_PER_ITEM = 100;

/**
 * A reference photo's URL as a client gives it: absolute http(s), the only kind the crawler's refresh fetches
 * (through its host gate and outbound policy; the API itself never fetches it).
 */
export const ImageUrlSchema = z
  .string()
  .trim()
  .min(1, 'an image URL cannot be empty')
  .max(IMAGE_URL_MAX_LENGTH, `an image URL has at most ${IMAGE_URL_MAX_LENGTH} characters`)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'an image URL must be an absolute http:// or https:// URL');

/**
 * An uploaded reference photo's caps, the API's and the options page's alike: at most this many bytes (the API's
 * evidence cap, COUNTERSCAN_EVIDENCE_MAX_BYTES, may lower it, never raise it), of one of these types (what the
 * decoder reads; SVG never: it is a document and may carry script).
 */
export const REFERENCE_PHOTO_MAX_BYTES = 20 * 1_048_576;
export const REFERENCE_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;

/**
 * `POST /v1/items/:itemId/image-urls`: URLs to add to an item's reference photos and URLs to take off it, applied
 * to the list as the store has it at that moment, so two people adding at once both land. A URL added is checked as
 * a client's; one removed need only match the item's exactly (it may be an imported site-relative one).
 */
export const ImageUrlsChangeSchema = z
  .object({
    add: z.array(ImageUrlSchema).max(IMAGE_URLS_PER_ITEM).default([]),
    remove: z.array(z.string().min(1).max(IMAGE_URL_MAX_LENGTH)).max(IMAGE_URLS_PER_ITEM).default([]),
  })
  .strict()
  .refine((c) => c.add.length + c.remove.length > 0, { message: 'name a URL to add or to remove', path: ['add'] });
export type ImageUrlsChange = z.infer<typeof ImageUrlsChangeSchema>;

export const CatalogueItemSchema = z.object({
  id: z
    .string()
    .min(1)
    .regex(
      ITEM_ID_PATTERN,
      "letters, digits, dot, dash and underscore only, optionally after the holder's namespace (<holder id>:)",
    ),
  holder: z.string().min(1),
  ipType: IpTypeSchema,
  title: z.string().min(1),
  /** Other names in any script: local-language titles, abbreviations, release titles. */
  aliases: z.array(z.string().min(1)).default([]),
  brandTerms: z.array(z.string().min(1)).default([]),
  modelNumbers: z.array(z.string().min(1)).default([]),
  registrations: z.array(RegistrationSchema).default([]),
  category: z.string().optional(),
  referencePrice: MoneySchema.optional(),
  /** Seller ids or names allowed to sell the genuine item. */
  authorisedSellers: z.array(z.string().min(1)).default([]),
  officialDomains: z.array(z.string().min(1)).default([]),
  imageUrls: z.array(z.string().min(1)).default([]),
  /** Runtime of an audio-visual work, in seconds. */
  runtimeSeconds: z.number().int().positive().optional(),
  /** ISO 3166-1 alpha-2 codes, or "WW" for worldwide. */
  territories: z.array(z.string().min(2)).default([]),
});
export type CatalogueItem = z.infer<typeof CatalogueItemSchema>;
export type CatalogueItemInput = z.input<typeof CatalogueItemSchema>;

export const CatalogueSchema = z.object({
  holders: z.array(RightsHolderSchema).default([]),
  items: z.array(CatalogueItemSchema),
});
export type Catalogue = z.infer<typeof CatalogueSchema>;
