/**
 * What the review API sends and takes, as zod schemas shared by the server
 * (which validates its answers and documents them from these) and the
 * extension (which checks every answer against them on arrival).
 */
import { z } from 'zod';
import { FlagReasonSchema, HitStatusSchema, RoleSchema, SignalSchema } from './hit';

export const PrincipalSchema = z.object({
  tokenId: z.string(),
  name: z.string(),
  role: RoleSchema,
  holderId: z.string().nullable(),
});
export type PrincipalView = z.infer<typeof PrincipalSchema>;

export const EvidenceRefSchema = z.object({
  sha256: z.string(),
  kind: z.string(),
  contentType: z.string(),
  size: z.number(),
  capturedAt: z.string(),
});
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;

export const HitViewSchema = z.object({
  id: z.number().int(),
  status: HitStatusSchema,
  score: z.number(),
  signals: z.array(SignalSchema),
  listingUrl: z.string(),
  site: z.string(),
  kind: z.string(),
  title: z.string(),
  price: z.number().nullable(),
  currency: z.string().nullable(),
  sellerId: z.string().nullable(),
  sellerName: z.string().nullable(),
  itemId: z.string(),
  itemTitle: z.string(),
  holderId: z.string(),
  evidence: z.array(EvidenceRefSchema),
  listingSource: z
    .enum(['crawler', 'flag'])
    .optional()
    .describe(
      "where title, price, currency and seller come from: the crawler's fetch (shared), or for a URL no sweep " +
        "has fetched yet, this holder's own flag",
    ),
  flag: z
    .object({
      by: z.string(),
      reason: FlagReasonSchema,
      note: z.string().nullable(),
      at: z.string(),
      listing: z
        .object({
          title: z.string(),
          price: z.number().nullable(),
          currency: z.string().nullable(),
          sellerId: z.string().nullable(),
          sellerName: z.string().nullable(),
        })
        .optional()
        .describe('the listing as the flagger sent it; kept with the flag, never written over what the crawler saw'),
    })
    .nullable(),
  sellerRisk: z
    .number()
    .nullable()
    .describe(
      "the seller's repeat-infringer risk, 0..1 (at least 0.5 when blacklisted): for a holder's token, from " +
        "that holder's own hits and the reviewers' blacklist; for reviewers and admins, from every holder's",
    ),
  sellerBlacklisted: z.boolean(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  updatedAt: z.string(),
});
export type HitView = z.infer<typeof HitViewSchema>;

export const HitsPageSchema = z.object({ hits: z.array(HitViewSchema), nextCursor: z.string().nullable() });

export const HitCountsSchema = z.object({
  counts: z.object({
    new: z.number().int(),
    confirmed: z.number().int(),
    dismissed: z.number().int(),
    notice_sent: z.number().int(),
    removed: z.number().int(),
    rejected: z.number().int(),
    relisted: z.number().int(),
  }),
  total: z.number().int(),
});

export const StatusResultsSchema = z.object({
  results: z.array(
    z.object({
      id: z.number().int(),
      applied: z.boolean(),
      status: HitStatusSchema.nullable(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});

/** POST /v1/hits/lookup: what the review side knows about one page's listings and sellers. */
export const HitLookupSchema = z.object({
  hits: z.array(
    z.object({
      url: z.string(),
      id: z.number().int(),
      status: HitStatusSchema,
      itemId: z.string(),
      itemTitle: z.string(),
      score: z.number(),
      sellerBlacklisted: z.boolean(),
    }),
  ),
  blacklistedSellers: z.array(z.object({ site: z.string(), key: z.string() })),
});
export type HitLookup = z.infer<typeof HitLookupSchema>;

export const EvidenceUploadedSchema = z.object({
  sha256: z.string(),
  size: z.number().int(),
  kind: z.string(),
  contentType: z.string(),
});

/** A reference photo uploaded for a catalogue item, as hashed (`POST /v1/items/:itemId/images`). */
export const ItemImageUploadedSchema = z.object({
  itemId: z.string(),
  /** `upload:<sha256>`: the reference image's name among the item's photos. */
  url: z.string(),
  sha256: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** The photo's PDQ quality: how much detail it has to match on. */
  quality: z.number().int(),
});

/** An item's reference photo URLs after `POST /v1/items/:itemId/image-urls`, and what that request changed. */
export const ItemImageUrlsChangedSchema = z.object({
  itemId: z.string(),
  imageUrls: z.array(z.string()),
  /** The URLs it added (one the item listed already is not among them). */
  added: z.array(z.string()),
  /** The URLs it took off (one the item did not list is not among them). */
  removed: z.array(z.string()),
});
export type ItemImageUrlsChanged = z.infer<typeof ItemImageUrlsChangedSchema>;

/** One of an item's reference photos and how far it got (`GET /v1/items/:itemId/images`). */
export const ItemPhotoSchema = z.object({
  /** The photo's URL, or `upload:<sha256>` for one uploaded through the API. */
  url: z.string(),
  source: z.enum(['url', 'upload']),
  /** hashed: matched against; pending: not fetched or not hashed by this server's function yet; failed: see error. */
  state: z.enum(['hashed', 'pending', 'failed']),
  error: z.string().nullable(),
  /** When the crawler last fetched or asked for it (null: never). */
  checkedAt: z.string().nullable(),
});
export const ItemPhotosSchema = z.object({ itemId: z.string(), photos: z.array(ItemPhotoSchema) });
export type ItemPhoto = z.infer<typeof ItemPhotoSchema>;

export const FlagCreatedSchema = z.object({ hit: HitViewSchema, created: z.boolean() });

export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      problems: z.array(z.string()).optional(),
      refusals: z
        .array(z.object({ url: z.string(), hitId: z.number().int(), code: z.string(), reason: z.string() }))
        .optional()
        .describe("a notice's accuracy gate: each listing it refused, with the reason"),
    }),
  })
  .describe('Error: a stable code, a message, and the field at fault');
